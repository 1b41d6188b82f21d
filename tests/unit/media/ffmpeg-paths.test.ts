// Which ffmpeg the engine runs: missing or non-executable candidates are skipped without starting a process;
// `verify` (doctor) also skips a binary that is there but does not run, and reports the version.
import { describe, expect, it } from 'vitest';
import { chmodSync, mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { resolveFfmpeg } from '../../../src-main/media/ffmpeg-paths.ts';

const dir = mkdtempSync(path.join(os.tmpdir(), 'ffpaths-'));
const plainFile = path.join(dir, 'ffmpeg-not-executable');
writeFileSync(plainFile, 'not a program');
chmodSync(plainFile, 0o644);
const broken = path.join(dir, 'ffmpeg-broken');
writeFileSync(broken, '#!/bin/sh\nexit 1\n');
chmodSync(broken, 0o755);
const env = (extra: Record<string, string>) => ({ PATH: process.env['PATH'] ?? '', ...extra });

describe('resolveFfmpeg', () => {
  it('skips a missing or non-executable FFMPEG_PATH for the next candidate, without running anything', () => {
    for (const p of [path.join(dir, 'missing'), plainFile]) {
      const t = resolveFfmpeg(env({ FFMPEG_PATH: p }));
      expect(t.source).not.toBe('env');
      expect(t.version).toBeNull();
    }
  });

  it('with verify, skips a binary that does not run and reports the version of the one used', () => {
    expect(resolveFfmpeg(env({ FFMPEG_PATH: broken })).source).toBe('env');
    const verified = resolveFfmpeg(env({ FFMPEG_PATH: broken }), { verify: true });
    expect(verified.source).not.toBe('env');
    expect(verified.version).toMatch(/\d/);
  });

  it('names every place looked at when there is no ffmpeg at all', () => {
    expect(() => resolveFfmpeg({ PATH: dir })).toThrow(
      /no working ffmpeg found .*FFMPEG_PATH.*ffmpeg-static/,
    );
  });
});
