// Which ffmpeg/ffprobe the engine runs: FFMPEG_PATH/FFPROBE_PATH, then ffmpeg-static's binary (an optional
// dependency whose download fails offline), then the system's. Resolved once per process and reported by
// `doctor`. Engine calls check that the binaries exist and are executable (no process start: running
// `ffmpeg -version` and `ffprobe -version` cost ~0.15 s on every render); `doctor` runs them (`verify`), so a
// binary that is there but does not run (wrong platform) is reported and skipped.
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { accessSync, constants, existsSync } from 'node:fs';
import path from 'node:path';

export type ToolSource = 'env' | 'ffmpeg-static' | 'system';

export interface FfmpegTools {
  ffmpeg: string;
  ffprobe: string;
  source: ToolSource;
  /** ffmpeg's version; null when not verified (see resolveFfmpeg's `verify`). */
  version: string | null;
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

function executable(file: string): boolean {
  try {
    accessSync(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** An absolute path, or the first executable of that name on PATH; null when there is none. */
function located(bin: string, env: NodeJS.ProcessEnv): string | null {
  if (path.isAbsolute(bin) || bin.includes('/') || bin.includes('\\')) return executable(bin) ? bin : null;
  const exts = process.platform === 'win32' ? ['.exe', ''] : [''];
  for (const dir of (env['PATH'] ?? '').split(path.delimiter)) {
    if (!dir) continue;
    for (const ext of exts) if (executable(path.join(dir, bin + ext))) return path.join(dir, bin + ext);
  }
  return null;
}

/** ffprobe next to an ffmpeg binary, if there is one. */
function siblingProbe(ffmpeg: string): string | null {
  if (!path.isAbsolute(ffmpeg)) return null;
  const candidate = path.join(path.dirname(ffmpeg), path.basename(ffmpeg).replace(/ffmpeg/, 'ffprobe'));
  return candidate !== ffmpeg && existsSync(candidate) ? candidate : null;
}

let cached: FfmpegTools | null = null;
let cachedKey = '';

/**
 * Finds ffmpeg and ffprobe binaries, or throws an error that names every place looked at. With `verify`,
 * each candidate must also run (`-version`), and the version is reported.
 */
export function resolveFfmpeg(
  env: NodeJS.ProcessEnv = process.env,
  opts: { verify?: boolean } = {},
): FfmpegTools {
  const verify = opts.verify ?? false;
  const key = `${env['FFMPEG_PATH'] ?? ''}|${env['FFPROBE_PATH'] ?? ''}|${env['PATH'] ?? ''}`;
  if (cached && cachedKey === key && (cached.version !== null || !verify)) return cached;
  const works = (bin: string): boolean => (verify ? versionOf(bin) !== null : located(bin, env) !== null);
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
    const version = verify ? versionOf(c.ffmpeg) : null;
    if (verify ? version === null : !works(c.ffmpeg)) {
      tried.push(`${c.source}: ${c.ffmpeg} ${verify ? 'does not run' : 'is not there or not executable'}`);
      continue;
    }
    const probes = [c.ffprobe, env['FFPROBE_PATH'], 'ffprobe'].filter((p): p is string => Boolean(p));
    const ffprobe = probes.find((p) => works(p));
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
