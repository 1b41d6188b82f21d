// The `depthswap render` command lines a farm runs: one per chunk, and the concat that joins the segments
// into the final file (which appears only when complete). The only place that knows the render CLI's flags.
// A chunk of an H.264 job renders a lossless intermediate (--intermediate, .mkv): the concat encodes the
// joined chunks once, as a one-pass render (render/intermediate.ts).
import type { OutputFormat } from '../../src-shared/media.ts';
import { needsIntermediate } from '../render/intermediate.ts';

export interface ChunkRenderArgs {
  project: string;
  clipId: string | null;
  /** Inclusive first and last frame, as numbers or as an engine's placeholders (`<STARTFRAME>`). */
  first: string | number;
  last: string | number;
  segment: string;
  format: OutputFormat;
}

export function chunkRenderArgv(depthswap: readonly string[], a: ChunkRenderArgs): string[] {
  return [
    ...depthswap,
    'render',
    a.project,
    ...(a.clipId ? ['--clip', a.clipId] : []),
    '--frames',
    `${a.first}-${a.last}`,
    '--out',
    a.segment,
    '--format',
    a.format,
    ...(needsIntermediate(a.format) ? ['--intermediate'] : []),
  ];
}

export interface ConcatArgs {
  segments: readonly string[];
  out: string;
}

export function concatArgv(depthswap: readonly string[], a: ConcatArgs): string[] {
  // The segments go once the output is complete (kept after a failure: the concat can run again).
  return [...depthswap, 'render', '--concat', ...a.segments, '--remove-segments', '--out', a.out];
}
