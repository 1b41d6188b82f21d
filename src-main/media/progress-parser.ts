// Pure parser for ffmpeg's `-progress` output: blocks of key=value lines, each ending with
// `progress=continue` or `progress=end`.

export interface FfmpegProgress {
  frame: number;
  fps: number;
  /** Output time in seconds, or null when ffmpeg reports N/A. */
  outTimeSeconds: number | null;
  /** Encoding speed relative to real time (e.g. 1.5), or null when N/A. */
  speed: number | null;
  totalSize: number | null;
  ended: boolean;
}

export interface ProgressParserState {
  /** Unterminated text carried over from the previous chunk. */
  partial: string;
  /** Fields of the block being read. */
  fields: Record<string, string>;
}

export function initialProgressState(): ProgressParserState {
  return { partial: '', fields: {} };
}

function num(value: string | undefined): number | null {
  if (value === undefined) return null;
  const n = Number.parseFloat(value);
  return Number.isFinite(n) ? n : null;
}

function toProgress(fields: Record<string, string>, ended: boolean): FfmpegProgress {
  const us = num(fields['out_time_us']) ?? num(fields['out_time_ms']);
  const speedText = fields['speed']?.replace(/x$/, '').trim();
  return {
    frame: num(fields['frame']) ?? 0,
    fps: num(fields['fps']) ?? 0,
    outTimeSeconds: us === null || us < 0 ? null : us / 1e6,
    speed: num(speedText),
    totalSize: num(fields['total_size']),
    ended,
  };
}

/**
 * Feeds one chunk of `-progress` output. Returns the new state and every complete block in the chunk, in
 * order. Lines may be split across chunks; `\r\n` is accepted.
 */
export function parseProgressChunk(
  state: ProgressParserState,
  chunk: string,
): { state: ProgressParserState; updates: FfmpegProgress[] } {
  const text = state.partial + chunk;
  const lines = text.split(/\r?\n/);
  const partial = lines.pop() ?? '';
  let fields = { ...state.fields };
  const updates: FfmpegProgress[] = [];
  for (const line of lines) {
    const eq = line.indexOf('=');
    if (eq <= 0) continue;
    const key = line.slice(0, eq).trim();
    const value = line.slice(eq + 1).trim();
    if (key === 'progress') {
      updates.push(toProgress(fields, value === 'end'));
      fields = {};
    } else {
      fields[key] = value;
    }
  }
  return { state: { partial, fields }, updates };
}
