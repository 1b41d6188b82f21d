// The review contact sheet: N evenly spaced frames of the swapped range, each as a cell with a label
// (frame number and the target's timecode), the target frame above and the swapped frame below, in a
// grid (at most SHEET_COLUMNS cells per row). Frames are collected as the swap streams them (a thumbnail
// of each wanted frame, before and after the swap), so nothing is decoded twice. Encoded as PNG by
// media/image.ts (ffmpeg) and written atomically.
import { checkWrite } from '../util/write-guard.ts';
import path from 'node:path';
import { encodeImage } from '../media/image.ts';
import { writeFileAtomic } from '../util/atomic-write.ts';
import type { FrameRange } from '../../src-shared/frame-range.ts';
import type { Rational } from '../../src-shared/media.ts';
import { frameToTimecode } from '../../src-shared/timecode.ts';
import { drawText, textWidth, GLYPH_HEIGHT } from './bitmap-font.ts';

export const SHEET_COLUMNS = 4;
/** Thumbnail width (px; smaller frames keep their width). */
export const SHEET_THUMB_WIDTH = 320;
export const SHEET_PAD = 8;
export const SHEET_LABEL_SCALE = 2;
const LABEL_HEIGHT = GLYPH_HEIGHT * SHEET_LABEL_SCALE + 6;

/** `n` evenly spaced frame indices of the range (first and last included; fewer when the range is short). */
export function sheetFrames(range: FrameRange, n: number): number[] {
  const len = range.end - range.start;
  if (len <= 0 || n <= 0) return [];
  if (n === 1) return [range.start];
  const out = new Set<number>();
  for (let i = 0; i < n; i++) out.add(range.start + Math.round((i * (len - 1)) / (n - 1)));
  return [...out].sort((a, b) => a - b);
}

export interface SheetLayout {
  columns: number;
  rows: number;
  thumbWidth: number;
  thumbHeight: number;
  cellWidth: number;
  cellHeight: number;
  width: number;
  height: number;
}

export function sheetLayout(count: number, frameWidth: number, frameHeight: number): SheetLayout {
  const thumbWidth = Math.min(frameWidth, SHEET_THUMB_WIDTH);
  const thumbHeight = Math.max(1, Math.round((frameHeight * thumbWidth) / frameWidth));
  const columns = Math.max(1, Math.min(SHEET_COLUMNS, count));
  const rows = Math.max(1, Math.ceil(count / columns));
  const cellWidth = thumbWidth;
  const cellHeight = LABEL_HEIGHT + 2 * thumbHeight;
  return {
    columns,
    rows,
    thumbWidth,
    thumbHeight,
    cellWidth,
    cellHeight,
    width: SHEET_PAD + columns * (cellWidth + SHEET_PAD),
    height: SHEET_PAD + rows * (cellHeight + SHEET_PAD),
  };
}

interface Frame {
  width: number;
  height: number;
  channels: 3 | 4;
  data: Uint8Array;
}

/** Area-average downscale of an RGB(A) frame to w x h RGB. */
function thumbnail(f: Frame, w: number, h: number): Uint8Array {
  const out = new Uint8Array(w * h * 3);
  for (let y = 0; y < h; y++) {
    const sy0 = Math.floor((y * f.height) / h);
    const sy1 = Math.max(sy0 + 1, Math.floor(((y + 1) * f.height) / h));
    for (let x = 0; x < w; x++) {
      const sx0 = Math.floor((x * f.width) / w);
      const sx1 = Math.max(sx0 + 1, Math.floor(((x + 1) * f.width) / w));
      let r = 0;
      let g = 0;
      let b = 0;
      for (let sy = sy0; sy < sy1; sy++) {
        for (let sx = sx0; sx < sx1; sx++) {
          const o = (sy * f.width + sx) * f.channels;
          r += f.data[o]!;
          g += f.data[o + 1]!;
          b += f.data[o + 2]!;
        }
      }
      const n = (sy1 - sy0) * (sx1 - sx0);
      const o = 3 * (y * w + x);
      out[o] = Math.round(r / n);
      out[o + 1] = Math.round(g / n);
      out[o + 2] = Math.round(b / n);
    }
  }
  return out;
}

/** Collects the wanted frames' thumbnails as the swap streams, then composes the sheet. */
export class ContactSheet {
  readonly frames: number[];
  readonly layout: SheetLayout;
  private readonly targets = new Map<number, Uint8Array>();
  private readonly swapped = new Map<number, Uint8Array>();

  private readonly rate: Rational;
  private readonly startTimecode: string | null;

  constructor(
    range: FrameRange,
    count: number,
    frameWidth: number,
    frameHeight: number,
    rate: Rational,
    startTimecode: string | null,
  ) {
    this.rate = rate;
    this.startTimecode = startTimecode;
    this.frames = sheetFrames(range, count);
    this.layout = sheetLayout(this.frames.length, frameWidth, frameHeight);
  }

  wants(index: number): boolean {
    return this.frames.includes(index);
  }

  /** The target frame before the swap (call before its buffer is handed to the swap). */
  keepTarget(index: number, frame: Frame): void {
    if (this.wants(index))
      this.targets.set(index, thumbnail(frame, this.layout.thumbWidth, this.layout.thumbHeight));
  }

  /** The frame as written to the output. */
  keepSwapped(index: number, frame: Frame): void {
    if (this.wants(index))
      this.swapped.set(index, thumbnail(frame, this.layout.thumbWidth, this.layout.thumbHeight));
  }

  /** The sheet as one RGB frame (dark grey background, white labels). */
  compose(): Frame {
    const L = this.layout;
    const data = new Uint8Array(L.width * L.height * 3).fill(40);
    const blit = (thumb: Uint8Array | undefined, x0: number, y0: number) => {
      if (!thumb) return;
      for (let y = 0; y < L.thumbHeight; y++) {
        data.set(
          thumb.subarray(3 * y * L.thumbWidth, 3 * (y + 1) * L.thumbWidth),
          3 * ((y0 + y) * L.width + x0),
        );
      }
    };
    this.frames.forEach((f, i) => {
      const x0 = SHEET_PAD + (i % L.columns) * (L.cellWidth + SHEET_PAD);
      const y0 = SHEET_PAD + Math.floor(i / L.columns) * (L.cellHeight + SHEET_PAD);
      let label = `${f}  ${frameToTimecode(f, this.rate, this.startTimecode)}`;
      while (label.length > 1 && textWidth(label, SHEET_LABEL_SCALE) > L.cellWidth)
        label = label.slice(0, -1);
      drawText(data, L.width, L.height, x0, y0 + 2, label, SHEET_LABEL_SCALE, [235, 235, 235]);
      blit(this.targets.get(f), x0, y0 + LABEL_HEIGHT);
      blit(this.swapped.get(f), x0, y0 + LABEL_HEIGHT + L.thumbHeight);
    });
    return { width: L.width, height: L.height, channels: 3, data };
  }
}

/**
 * Refuses a sheet path that is one of the inputs or the output, or (without overwrite) an existing file:
 * checked before any work.
 */
/**
 * Refuses a contact sheet path before any work: it must be a .png, and the write guard (util/write-guard.ts)
 * decides the rest, as for every file the engine writes (never an input or the render's output, by real path
 * and inode; never a file of another kind; an existing PNG only with --overwrite).
 */
export async function checkSheetPath(
  sheet: string,
  inputs: Readonly<Record<string, string>>,
  overwrite: boolean,
): Promise<void> {
  if (path.extname(sheet).toLowerCase() !== '.png')
    throw new Error(`the contact sheet must be a .png file: ${sheet}`);
  await checkWrite(sheet, { kind: 'image', inputs, overwrite, label: '--contact-sheet' });
}

/** Encodes the sheet as PNG and writes it atomically (complete or not at all). */
export async function writeContactSheet(
  sheet: ContactSheet,
  file: string,
  signal?: AbortSignal,
): Promise<string> {
  const img = sheet.compose();
  const png = await encodeImage({ index: 0, ...img }, 'png', signal ? { signal } : {});
  await writeFileAtomic(file, png);
  return path.resolve(file);
}
