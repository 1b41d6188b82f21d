// Bad input: a clear error, and nothing left behind or overwritten.
import { beforeAll, describe, expect, it } from 'vitest';
import {
  copyFileSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
  chmodSync,
} from 'node:fs';
import { createHash } from 'node:crypto';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { probe } from '../../../src-main/media/probe.ts';
import { transcode } from '../../../src-main/media/transcode.ts';
import { decodeImage } from '../../../src-main/media/image.ts';
import { CancelledError } from '../../../src-main/util/cancel.ts';
import { makeClip, type ClipSpec } from '../../support/clips.ts';
import { REPO_ROOT, testOutputDir } from '../../support/shared-data.ts';

const dir = testOutputDir('media-bad-input');
const sha = (f: string) => createHash('sha1').update(readFileSync(f)).digest('hex');
const FASTSTART: ClipSpec = {
  name: 'faststart.mp4',
  rate: '25',
  seconds: 4,
  size: '320x240',
  timecode: null,
  audio: true,
  faststart: true,
};
const PLAIN: ClipSpec = {
  name: 'plain.mp4',
  rate: '25',
  seconds: 2,
  size: '320x240',
  timecode: null,
  audio: true,
};

let good = '';
beforeAll(async () => {
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  good = await makeClip(PLAIN);
});

function onlyFiles(folder: string): string[] {
  return readdirSync(folder).sort();
}

describe('bad input files', () => {
  it('missing file', async () => {
    await expect(probe(path.join(dir, 'nope.mp4'))).rejects.toThrow(/file not found/);
  });

  it('zero-byte file', async () => {
    const f = path.join(dir, 'empty.mp4');
    writeFileSync(f, '');
    await expect(probe(f)).rejects.toThrow(/empty file/);
  });

  it('a text file named .mp4', async () => {
    const f = path.join(dir, 'text.mp4');
    writeFileSync(f, 'this is not a video\n'.repeat(100));
    await expect(probe(f)).rejects.toThrow(/not a (readable )?media file/);
    await expect(decodeImage(f)).rejects.toThrow(/not a (readable )?media file/);
  });

  it('a truncated mp4 whose index is at the end', async () => {
    const f = path.join(dir, 'truncated-moov.mp4');
    const bytes = readFileSync(good);
    writeFileSync(f, bytes.subarray(0, Math.floor(bytes.length / 2)));
    await expect(probe(f)).rejects.toThrow(/not a readable media file/);
  });

  it('a truncated mp4 whose index survives: transcode fails and leaves no output', async () => {
    const full = await makeClip(FASTSTART);
    const f = path.join(dir, 'truncated-data.mp4');
    const bytes = readFileSync(full);
    writeFileSync(f, bytes.subarray(0, Math.floor(bytes.length * 0.6)));
    const outDir = path.join(dir, 'out-truncated');
    mkdirSync(outDir, { recursive: true });
    await expect(
      transcode({ input: f, output: path.join(outDir, 'x.mov'), format: 'prores-hq' }),
    ).rejects.toThrow(/truncated or damaged|failed/);
    expect(onlyFiles(outDir)).toEqual([]);
  });

  it('a video given where an image is expected', async () => {
    await expect(decodeImage(good)).rejects.toThrow(/not an image/);
  });
});

describe('bad outputs', () => {
  it('an output folder that does not exist', async () => {
    await expect(
      transcode({ input: good, output: path.join(dir, 'no', 'such', 'x.mov'), format: 'prores-hq' }),
    ).rejects.toThrow(/output folder does not exist/);
  });

  it('an output equal to the input leaves the input untouched', async () => {
    const f = path.join(dir, 'self.mov');
    copyFileSync(good, f);
    const before = sha(f);
    await expect(transcode({ input: f, output: f, format: 'prores-hq', overwrite: true })).rejects.toThrow(
      /overwrite the input/,
    );
    expect(sha(f)).toBe(before);
  });

  it('an existing output is not replaced without overwrite', async () => {
    const f = path.join(dir, 'existing.mp4');
    writeFileSync(f, 'precious');
    // Not a video at all: refused even with overwrite (util/write-guard.ts).
    for (const overwrite of [false, true]) {
      await expect(transcode({ input: good, output: f, format: 'h264', overwrite })).rejects.toThrow(
        /is a text file, not a video/,
      );
    }
    expect(readFileSync(f, 'utf8')).toBe('precious');
  });

  it('a wrong extension for the format', async () => {
    await expect(
      transcode({ input: good, output: path.join(dir, 'x.mp4'), format: 'prores-hq' }),
    ).rejects.toThrow(/must end in .mov/);
  });

  it('an unwritable output folder (checked as an unprivileged user)', () => {
    const ro = path.join(dir, 'read-only');
    mkdirSync(ro, { recursive: true });
    chmodSync(ro, 0o555);
    const cli = path.join(REPO_ROOT, 'src-main/cli/depthswap.mjs');
    const asRoot = process.getuid?.() === 0;
    // Root ignores permissions: run the CLI as 'nobody' (node and the repo must be world-readable).
    const cmd = asRoot ? 'setpriv' : process.execPath;
    const args = asRoot ? ['--reuid=65534', '--regid=65534', '--clear-groups', process.execPath, cli] : [cli];
    const r = spawnSync(cmd, [...args, 'transcode', good, path.join(ro, 'x.mov'), '--format', 'prores-hq'], {
      encoding: 'utf8',
    });
    if (r.error) throw r.error;
    expect(r.stderr).toMatch(/output folder is not writable/);
    expect(r.status).toBe(1);
    expect(onlyFiles(ro)).toEqual([]);
    chmodSync(ro, 0o755);
  });
});

describe('cancellation', () => {
  it('a cancelled transcode leaves nothing behind', async () => {
    const outDir = path.join(dir, 'out-cancel');
    mkdirSync(outDir, { recursive: true });
    const ac = new AbortController();
    const run = transcode({
      input: await makeClip(FASTSTART),
      output: path.join(outDir, 'x.mov'),
      format: 'prores-4444',
      signal: ac.signal,
      onProgress: (p) => {
        if (p.done >= 10) ac.abort();
      },
    });
    await expect(run).rejects.toBeInstanceOf(CancelledError);
    expect(onlyFiles(outDir)).toEqual([]);
  });

  it('a killed CLI render never leaves a file under the final name', async () => {
    const outDir = path.join(dir, 'out-killed');
    mkdirSync(outDir, { recursive: true });
    const target = path.join(outDir, 'x.mov');
    const { spawn } = await import('node:child_process');
    const child = spawn(
      process.execPath,
      [
        path.join(REPO_ROOT, 'src-main/cli/depthswap.mjs'),
        'transcode',
        await makeClip(FASTSTART),
        target,
        '--format',
        'prores-4444',
      ],
      {
        stdio: 'ignore',
      },
    );
    // Kill it hard once the partial file exists, mid-encode.
    for (let i = 0; i < 200 && onlyFiles(outDir).length === 0; i++)
      await new Promise((r) => setTimeout(r, 25));
    child.kill('SIGKILL');
    await new Promise((r) => child.once('exit', r));
    await new Promise((r) => setTimeout(r, 300));
    expect(onlyFiles(outDir)).not.toContain('x.mov');
    for (const f of onlyFiles(outDir)) expect(f).toMatch(/^\.x\..*\.partial\.mov$/);
    expect(statSync(outDir).isDirectory()).toBe(true);
  });
});
