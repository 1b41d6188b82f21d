// A farm job, described once: which project and range, how it is cut into chunks, the exact command every
// chunk task and the concat task run, and where segments and logs go. Validated with zod whenever it is built
// or read back (a farm job spec is a boundary: it is written to the work folder and read by other tools), and
// turned into engine files (Slurm scripts, Deadline job files, an OpenCue outline) by pure generators.
import path from 'node:path';
import { z } from 'zod';
import { OutputFormatSchema } from '../../src-shared/project/schema.ts';
import type { FrameRange } from '../../src-shared/frame-range.ts';

export const FARM_JOB_FORMAT = 'depthswap-farm-job';
export const FARM_JOB_VERSION = 1;
export const FARM_ENGINES = ['slurm', 'deadline', 'opencue'] as const;
export type FarmEngine = (typeof FARM_ENGINES)[number];

const absolutePath = z
  .string()
  .min(1)
  .refine((p) => path.isAbsolute(p), 'must be an absolute path');
const argv = z.array(z.string().min(1)).min(1);
const frame = z.number().int().min(0);

export const FarmChunkSchema = z.object({
  index: z.number().int().min(0),
  /** Half-open [start, end) frame range of this chunk. */
  start: frame,
  end: frame,
  /**
   * The segment this chunk renders: a file of the output's format (ProRes, joined by stream copy), or for
   * an H.264 job a lossless intermediate (.mkv) that the concat task encodes once.
   */
  segment: absolutePath,
  log: absolutePath,
  argv,
});
export type FarmChunk = z.infer<typeof FarmChunkSchema>;

export const FarmJobSpecSchema = z
  .object({
    format: z.literal(FARM_JOB_FORMAT),
    version: z.literal(FARM_JOB_VERSION),
    name: z.string().min(1).max(200),
    engine: z.enum(FARM_ENGINES),
    project: absolutePath,
    clipId: z.string().min(1).nullable(),
    range: z.object({ start: frame, end: frame }),
    chunkSize: z.number().int().positive(),
    outputFormat: OutputFormatSchema,
    out: absolutePath,
    /** Segments, scripts and logs (on the shared volume, so every node and the submit host see it). */
    workDir: absolutePath,
    /** Slurm partition / Deadline pool / OpenCue show facility; null for the engine's default. */
    partition: z.string().min(1).nullable(),
    /** How a node runs `depthswap` (e.g. [node, /opt/depthswap/src-main/cli/depthswap.mjs]). */
    depthswap: argv,
    chunks: z.array(FarmChunkSchema).min(1),
    concat: z.object({ argv, log: absolutePath }),
  })
  .superRefine((spec, ctx) => {
    if (spec.range.end <= spec.range.start) ctx.addIssue({ code: 'custom', message: 'empty frame range' });
    let next = spec.range.start;
    spec.chunks.forEach((c, i) => {
      if (c.index !== i || c.start !== next || c.end <= c.start || c.end - c.start > spec.chunkSize) {
        ctx.addIssue({
          code: 'custom',
          message: `chunk ${i} does not continue the range`,
          path: ['chunks', i],
        });
      }
      if (c.segment === spec.out) {
        ctx.addIssue({
          code: 'custom',
          message: 'a segment would overwrite the output',
          path: ['chunks', i],
        });
      }
      next = c.end;
    });
    if (next !== spec.range.end) ctx.addIssue({ code: 'custom', message: 'chunks do not cover the range' });
  });
export type FarmJobSpec = z.infer<typeof FarmJobSpecSchema>;

/** Validates a spec (built here or read from a file); throws one readable line when it is not one. */
export function parseFarmJobSpec(value: unknown, where = 'farm job spec'): FarmJobSpec {
  const r = FarmJobSpecSchema.safeParse(value);
  if (r.success) return r.data;
  const issue = r.error.issues[0];
  throw new Error(
    `${where} is invalid: ${issue ? `${issue.path.join('.') || '(root)'}: ${issue.message}` : 'unknown'}`,
  );
}

/** Cuts [start, end) into chunks of `size` frames (the last one shorter), as Deadline and OpenCue do. */
export function splitRange(range: FrameRange, size: number): FrameRange[] {
  if (!Number.isInteger(size) || size < 1)
    throw new Error(`chunk size must be a positive integer (got ${size})`);
  const out: FrameRange[] = [];
  for (let s = range.start; s < range.end; s += size)
    out.push({ start: s, end: Math.min(range.end, s + size) });
  return out;
}

/** Default work folder: hidden, next to the output (so on the same shared volume). */
export function defaultWorkDir(out: string, stamp: string): string {
  const ext = path.extname(out);
  return path.join(path.dirname(out), `.${path.basename(out, ext)}.farm-${stamp}`);
}

/** Name of a chunk's segment: its inclusive frame range, so every engine's placeholders can produce it. */
export function segmentName(first: string | number, last: string | number, ext: string): string {
  return `chunk-${first}-${last}${ext}`;
}
