// Which ffmpeg/ffprobe the engine runs: FFMPEG_PATH/FFPROBE_PATH, then ffmpeg-static's binary (an optional
// dependency whose download fails offline), then the system's. Resolved once per call site and reported by `doctor`.
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { existsSync } from 'node:fs';
import path from 'node:path';

export type ToolSource = 'env' | 'ffmpeg-static' | 'system';

export interface FfmpegTools {
  ffmpeg: string;
  ffprobe: string;
  source: ToolSource;
  version: string;
}

const require = createRequire(import.meta.url);

function versionOf(bin: string): string | null {
  const r = spawnSync(bin, ['-hide_banner', '-version'], { encoding: 'utf8', timeout: 15_000 });
  if (r.error || r.status !== 0) return null;
  const first = r.stdout.split('\n')[0] ?? '';
  return /version (\S+)/.exec(first)?.[1] ?? first;
}

/**
 * In a packaged app the binary is unpacked from the asar (electron-builder.yml's asarUnpack): a process can
 * only be spawned from a real file, so point inside app.asar.unpacked instead.
 */
export function unpackedPath(p: string): string {
  return p.replace(/([\\/])app\.asar([\\/])/, '$1app.asar.unpacked$2');
}

function ffmpegStaticPath(): string | null {
  try {
    const p = require('ffmpeg-static') as unknown;
    return typeof p === 'string' && existsSync(unpackedPath(p)) ? unpackedPath(p) : null;
  } catch {
    return null;
  }
}

/** ffprobe next to an ffmpeg binary, if there is one. */
function siblingProbe(ffmpeg: string): string | null {
  if (!path.isAbsolute(ffmpeg)) return null;
  const candidate = path.join(path.dirname(ffmpeg), path.basename(ffmpeg).replace(/ffmpeg/, 'ffprobe'));
  return candidate !== ffmpeg && existsSync(candidate) ? candidate : null;
}

let cached: FfmpegTools | null = null;
let cachedKey = '';

/** Finds working ffmpeg and ffprobe binaries, or throws an error that names every place looked at. */
export function resolveFfmpeg(env: NodeJS.ProcessEnv = process.env): FfmpegTools {
  const key = `${env['FFMPEG_PATH'] ?? ''}|${env['FFPROBE_PATH'] ?? ''}`;
  if (cached && cachedKey === key) return cached;
  const tried: string[] = [];
  const candidates: { source: ToolSource; ffmpeg: string | null; ffprobe: string | null }[] = [];
  const envFfmpeg = env['FFMPEG_PATH'];
  if (envFfmpeg)
    candidates.push({
      source: 'env',
      ffmpeg: envFfmpeg,
      ffprobe: env['FFPROBE_PATH'] ?? siblingProbe(envFfmpeg),
    });
  const staticBin = ffmpegStaticPath();
  candidates.push({
    source: 'ffmpeg-static',
    ffmpeg: staticBin,
    ffprobe: staticBin ? siblingProbe(staticBin) : null,
  });
  candidates.push({ source: 'system', ffmpeg: 'ffmpeg', ffprobe: 'ffprobe' });
  // ffmpeg-static ships no ffprobe: pair its ffmpeg with FFPROBE_PATH or the system's ffprobe.
  for (const c of candidates) {
    if (!c.ffmpeg) {
      tried.push(`${c.source}: not installed`);
      continue;
    }
    const version = versionOf(c.ffmpeg);
    if (!version) {
      tried.push(`${c.source}: ${c.ffmpeg} does not run`);
      continue;
    }
    const probes = [c.ffprobe, env['FFPROBE_PATH'], 'ffprobe'].filter((p): p is string => Boolean(p));
    const ffprobe = probes.find((p) => versionOf(p) !== null);
    if (!ffprobe) {
      tried.push(`${c.source}: ${c.ffmpeg} runs but no working ffprobe was found`);
      continue;
    }
    cached = { ffmpeg: c.ffmpeg, ffprobe, source: c.source, version };
    cachedKey = key;
    return cached;
  }
  throw new Error(
    `no working ffmpeg found (tried FFMPEG_PATH, ffmpeg-static, and the system's ffmpeg: ${tried.join('; ')}). ` +
      'Install ffmpeg (e.g. apt-get install ffmpeg) or set FFMPEG_PATH and FFPROBE_PATH.',
  );
}
