// Joins rendered segments (chunks of one job, from the queue or farm nodes) into the final file. Delivery
// segments (ProRes: intra-only) are joined without re-encoding: ffmpeg's concat demuxer with -c:v copy;
// lossless intermediates (the chunks of an H.264 job, render/intermediate.ts) are encoded once
// (join-encode.ts); a mix, or H.264 segments encoded apart, are refused: neither joins exactly. Each segment's depthswap_render tag (segment-tag.ts)
// says which clip and frames it holds and the job's preset; the segments must be of one job, in order,
// without gap or overlap, and of one codec, size and rate. The clip's audio is added once for the whole
// range (the same arguments as a one-pass render: sample-accurate), and its start timecode shifted to the
// first frame. The output appears under its name only when complete and checked (frame count).
import { mkdtemp, rename, rm, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { FrameRange } from '../../src-shared/frame-range.ts';
import { EtaEstimator, type ProgressListener } from '../../src-shared/progress.ts';
import { frameToTimecode } from '../../src-shared/timecode.ts';
import { spawnTool } from '../media/ffmpeg-process.ts';
import { sourceAudioArgs } from '../media/encode-args.ts';
import { checkOutputPath, containerFor } from '../media/output-path.ts';
import { discardPartial, releasePartial, temporaryPath, trackPartial } from '../util/partial-files.ts';
import { probe } from '../media/probe.ts';
import type { MediaInfo } from '../../src-shared/media.ts';
import type { OutputFormat } from '../../src-shared/media.ts';
import { readSegmentTag, SEGMENT_TAG, type SegmentTag } from './segment-tag.ts';
import { INTERMEDIATE_CODEC, needsIntermediate } from './intermediate.ts';
import { encodeIntermediates } from './join-encode.ts';
import { clipPixelFormat } from '../swap/clip-writer.ts';

export interface ConcatOptions {
  segments: string[];
  out: string;
  overwrite?: boolean;
  /** Override the preset's audio / timecode (default: as the job's preset says). */
  audio?: boolean;
  timecode?: boolean;
  /** The format intermediates are encoded to (default: the job's preset's); delivery segments keep theirs. */
  format?: OutputFormat;
  signal?: AbortSignal;
  onProgress?: ProgressListener;
}

export interface ConcatResult {
  out: string;
  frames: number;
  range: FrameRange;
  /** copy: delivery segments joined without re-encoding; encode: intermediates encoded once. */
  mode: 'copy' | 'encode';
  audioStreams: number;
  timecode: string | null;
}

function listLine(file: string): string {
  return `file '${path.resolve(file).replace(/'/g, `'\\''`)}'`;
}

async function checkSegments(segments: string[], signal?: AbortSignal) {
  if (segments.length === 0) throw new Error('no segments to join');
  const sig = signal ? { signal } : {};
  const tags: SegmentTag[] = [];
  const infos: MediaInfo[] = [];
  for (const file of segments) {
    tags.push(await readSegmentTag(file, signal));
    infos.push(await probe(file, sig));
  }
  checkOneKind(segments, tags);
  const first = tags[0]!;
  const firstInfo = infos[0]!;
  tags.forEach((t, i) => {
    const name = segments[i]!;
    if (t.target !== first.target)
      throw new Error(`${name} is of another clip (${t.target}, not ${first.target})`);
    // Farm tasks render each chunk as a job of its own (`depthswap render --frames A-B`): the preset,
    // not the job range, must agree.
    if (JSON.stringify(t.preset) !== JSON.stringify(first.preset))
      throw new Error(`${name} was rendered with another preset than ${segments[0]}`);
    const info = infos[i]!;
    if (
      info.videoCodec !== firstInfo.videoCodec ||
      info.width !== firstInfo.width ||
      info.height !== firstInfo.height ||
      info.pixelFormat !== firstInfo.pixelFormat ||
      info.frameRate.num * firstInfo.frameRate.den !== firstInfo.frameRate.num * info.frameRate.den
    )
      throw new Error(
        `${name} differs in codec, size, pixel format or rate from ${segments[0]}: it cannot be joined without re-encoding`,
      );
    if (info.frameCount !== t.frames.end - t.frames.start)
      throw new Error(
        `${name} holds ${info.frameCount} frames, its tag says ${t.frames.end - t.frames.start}: incomplete segment`,
      );
    const prev = tags[i - 1];
    if (prev && prev.frames.end !== t.frames.start) {
      const why = prev.frames.end < t.frames.start ? 'gap' : 'overlap';
      throw new Error(
        `${why} between ${segments[i - 1]} (frames ${prev.frames.start}-${prev.frames.end - 1}) and ${name} (frames ${t.frames.start}-${t.frames.end - 1}): give the segments in order, each once`,
      );
    }
  });
  const range = { start: first.frames.start, end: tags[tags.length - 1]!.frames.end };
  return { first, range, tags, codec: firstInfo.videoCodec };
}

const KIND = { delivery: 'a delivery file', intermediate: 'a lossless intermediate' } as const;
const stageOf = (t: SegmentTag) => t.stage ?? 'delivery';

/** Intermediates and delivery files never mix in one join (checked before codecs: it says more). */
function checkOneKind(segments: string[], tags: SegmentTag[]): void {
  const kind = stageOf(tags[0]!);
  const other = tags.findIndex((t) => stageOf(t) !== kind);
  if (other >= 0)
    throw new Error(
      `${segments[other]} is ${KIND[stageOf(tags[other]!)]}, ${segments[0]} ${KIND[kind]}: join segments of one kind`,
    );
}

/** Intermediates are encoded once; delivery files are joined by copy when that is exact; else a reason. */
function joinMode(
  segments: string[],
  tags: SegmentTag[],
  codec: string,
  format: OutputFormat | undefined,
): 'encode' | 'copy' {
  if (stageOf(tags[0]!) === 'intermediate') {
    if (codec !== INTERMEDIATE_CODEC)
      throw new Error(`${segments[0]} is tagged as an intermediate but holds ${codec} video, not FFV1`);
    const made = tags[0]!.preset.format;
    // ProRes 4444's alpha is the face matte: only intermediates rendered for it carry one.
    if (format && clipPixelFormat(format) === 'rgba' && clipPixelFormat(made) !== 'rgba')
      throw new Error(
        `these intermediates were rendered for ${made} and carry no matte: ${format}'s alpha cannot be made from them`,
      );
    return 'encode';
  }
  const preset = tags[0]!.preset.format;
  if (format && format !== preset)
    throw new Error(
      `--format applies to lossless intermediates; these segments are ${preset} files, joined by stream copy`,
    );
  if (needsIntermediate(preset) && segments.length > 1)
    throw new Error(
      `${preset} segments encoded one by one cannot be joined identical to one render (each had its own encoder run): render the chunks with --intermediate and join those`,
    );
  return 'copy';
}

export async function concatSegments(opts: ConcatOptions): Promise<ConcatResult> {
  const sig = opts.signal ? { signal: opts.signal } : {};
  const { first, range, tags, codec } = await checkSegments(opts.segments, opts.signal);
  const format = opts.format ?? first.preset.format;
  if (joinMode(opts.segments, tags, codec, opts.format) === 'encode') {
    const r = await encodeIntermediates({
      segments: opts.segments,
      first,
      range,
      format,
      out: opts.out,
      overwrite: opts.overwrite ?? false,
      audio: opts.audio ?? first.preset.audio,
      timecode: opts.timecode ?? first.preset.timecode,
      ...sig,
      ...(opts.onProgress ? { onProgress: opts.onProgress } : {}),
    });
    return { ...r, range, mode: 'encode' };
  }
  const source = await probe(first.target, sig);
  const finalPath = await checkOutputPath(opts.out, format, {
    inputs: {
      'target clip': first.target,
      ...Object.fromEntries(opts.segments.map((s, i) => [`segment ${i + 1}`, s])),
    },
    overwrite: opts.overwrite ?? false,
  });
  const container = containerFor(finalPath);
  const wantAudio = opts.audio ?? first.preset.audio;
  const wantTimecode = opts.timecode ?? first.preset.timecode;
  const audio = wantAudio ? sourceAudioArgs(source, range, container, 1) : { input: [], output: [] };
  const timecode =
    wantTimecode && source.startTimecode
      ? frameToTimecode(range.start, source.frameRate, source.startTimecode)
      : null;
  const tag: SegmentTag = { ...first, frames: range };
  const work = await mkdtemp(path.join(os.tmpdir(), 'depthswap-concat-'));
  const list = path.join(work, 'segments.txt');
  const tmp = temporaryPath(finalPath);
  trackPartial(tmp);
  const total = range.end - range.start;
  const eta = new EtaEstimator(total, 'join');
  try {
    await writeFile(list, opts.segments.map(listLine).join('\n') + '\n');
    const args = ['-v', 'error', '-nostdin', '-y', '-f', 'concat', '-safe', '0', '-i', list, ...audio.input];
    args.push('-map', '0:v:0', '-c:v', 'copy', ...audio.output);
    if (timecode) args.push('-timecode', timecode);
    args.push('-metadata', `${SEGMENT_TAG}=${JSON.stringify(tag)}`);
    const flags = container === 'mp4' ? '+faststart+write_colr' : '+write_colr';
    args.push('-movflags', `${flags}+use_metadata_tags`);
    args.push('-progress', 'pipe:3', '-stats_period', '0.5', '-f', container, tmp);
    const proc = spawnTool('ffmpeg', args, {
      ...sig,
      onProgress: (p) => opts.onProgress?.(eta.update(Math.min(total, p.frame))),
    });
    await proc.done;
    const got = await probe(tmp, sig);
    if (got.frameCount !== total)
      throw new Error(`the joined file holds ${got.frameCount} frames, expected ${total}`);
    if ((await stat(tmp)).size === 0) throw new Error('the join wrote an empty file');
    await rename(tmp, finalPath);
    releasePartial(tmp);
    opts.onProgress?.(eta.update(total));
    return {
      out: finalPath,
      frames: total,
      range,
      audioStreams: wantAudio ? source.audio.length : 0,
      timecode,
      mode: 'copy',
    };
  } catch (err) {
    await discardPartial(tmp);
    throw err;
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}
