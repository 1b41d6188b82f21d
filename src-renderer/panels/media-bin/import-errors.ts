// Why a file cannot be imported, in plain words for the dialog and the Errors panel (pure).
const base = (p: string) => p.split(/[\\/]/).pop() ?? p;

export function plainImportError(path: string, err: unknown): string {
  const raw = err instanceof Error ? err.message : String(err);
  if (/file not found|ENOENT|no such file/i.test(raw)) return `File not found: ${path}`;
  if (/not a file|EISDIR/i.test(raw)) return `This is a folder, not a file: ${path}`;
  if (/empty file/i.test(raw)) return `The file is empty (0 bytes): ${path}`;
  if (/not readable|EACCES|permission/i.test(raw)) return `No permission to read the file: ${path}`;
  if (/no video stream/i.test(raw)) return `The file has no picture (no video stream): ${base(path)}`;
  if (
    /not a readable media file|not a media file|text file, not media|invalid data|unexpected ffprobe/i.test(
      raw,
    )
  )
    return `Not a video ffmpeg can read: ${path}`;
  return `Cannot import ${path}: ${raw}`;
}
