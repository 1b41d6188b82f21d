// Lossless intermediates: how a chunked render of a delivery codec that is not intra-only (H.264) stays
// frame-identical to one pass. x264 run on each chunk apart decides its frame types, rate control and
// references per chunk, so joined chunks differ from one encode of the whole range. As render farms do, each
// chunk is then rendered to a lossless intermediate (FFV1 in Matroska, the swap's RGB frames bit for bit) and
// the delivery file is encoded once at the join, from the decoded intermediates, through the very writer
// options of a one-pass render (render/join-encode.ts). ProRes (intra-only) chunks are delivery files joined
// by stream copy, as before.
import path from 'node:path';
import type { OutputFormat } from '../../src-shared/media.ts';
import { outputExtension } from '../../src-shared/media.ts';
import { INTERMEDIATE_EXTENSION } from '../media/output-path.ts';

export const INTERMEDIATE_EXT = INTERMEDIATE_EXTENSION;
/** The codec ffprobe names for an intermediate's video stream. */
export const INTERMEDIATE_CODEC = 'ffv1';

/** Chunks of a job in this format are rendered as intermediates and encoded once at the join. */
export function needsIntermediate(format: OutputFormat): boolean {
  return format === 'h264';
}

/** The extension of a chunk's segment for a job in this format (its delivery file's, else `.mkv`). */
export function chunkExtension(format: OutputFormat, out?: string): string {
  if (needsIntermediate(format)) return INTERMEDIATE_EXT;
  return out ? path.extname(out) : outputExtension(format);
}
