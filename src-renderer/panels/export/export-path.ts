// The export file name follows the format: `.mov` for ProRes, `.mp4` for H.264 (pure).
import { outputExtension, type OutputFormat } from '../../../src-shared/media.ts';

const KNOWN = /\.(mov|mp4|m4v)$/i;

export function withExtension(file: string, format: OutputFormat): string {
  const ext = outputExtension(format);
  const trimmed = file.trim();
  if (trimmed === '') return trimmed;
  return KNOWN.test(trimmed) ? trimmed.replace(KNOWN, ext) : `${trimmed}${ext}`;
}

/** The contact sheet's default name: beside the export (`shot.mov` -> `shot-contact-sheet.png`), else the clip. */
export function contactSheetPath(exportPath: string, clipPath: string): string {
  const base = (exportPath.trim() || clipPath).replace(/\.[^./\\]+$/, '');
  return `${base}-contact-sheet.png`;
}
