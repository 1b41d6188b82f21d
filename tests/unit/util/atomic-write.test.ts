// The one atomic writer and the partial-file rules, on real files: final name only when complete, no
// partial left after a failure or a process exit (even process.exit from a second Ctrl-C), stale partials
// of dead writers removed, live ones kept.
import { describe, expect, it } from 'vitest';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';
import { writeFileAtomic } from '../../../src-main/util/atomic-write.ts';
import { partialOwner, removeStalePartials, temporaryPath } from '../../../src-main/util/partial-files.ts';

const tmpDir = () => mkdtempSync(path.join(os.tmpdir(), 'atomic-'));

describe('writeFileAtomic', () => {
  it('writes the data under the final name and leaves nothing else', async () => {
    const dir = tmpDir();
    const target = path.join(dir, 'a.analysis.json');
    writeFileSync(target, 'old');
    await writeFileAtomic(target, 'new');
    expect(readFileSync(target, 'utf8')).toBe('new');
    expect(readdirSync(dir)).toEqual(['a.analysis.json']);
  });

  it('removes its partial when the write fails (target is a folder)', async () => {
    const dir = tmpDir();
    const target = path.join(dir, 'taken');
    mkdirSync(path.join(target, 'inside'), { recursive: true });
    await expect(writeFileAtomic(target, 'x')).rejects.toThrow();
    expect(readdirSync(dir)).toEqual(['taken']);
  });

  it('concurrent writers use unique partial names', () => {
    const names = new Set(Array.from({ length: 200 }, () => temporaryPath('/x/shot.mov')));
    expect(names.size).toBe(200);
    for (const n of names) expect(partialOwner(path.basename(n), '/x/shot.mov')).toBe(process.pid);
  });
});

describe('partial files', () => {
  it('a tracked partial is removed when the process exits through process.exit', () => {
    const dir = tmpDir();
    const script = `
      import { temporaryPath, trackPartial } from ${JSON.stringify(path.resolve('src-main/util/partial-files.ts'))};
      import { writeFileSync } from 'node:fs';
      const p = temporaryPath(${JSON.stringify(path.join(dir, 'out.mov'))});
      writeFileSync(p, 'half');
      trackPartial(p);
      process.exit(130);`;
    const r = spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8' });
    expect(r.status).toBe(130);
    expect(readdirSync(dir)).toEqual([]);
  });

  it('removes partials of dead writers, keeps live ones and other files', async () => {
    const dir = tmpDir();
    const final = path.join(dir, 'shot.mov');
    const dead = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], {
      encoding: 'utf8',
    });
    const deadPid = Number(dead.stdout);
    const names = [
      `.shot.${deadPid}-0a0b0c0d.partial.mov`, // dead writer: removed
      `.shot.${process.pid}-01020304.partial.mov`, // this process (maybe another thread): kept
      `.shot.${deadPid}-0a0b0c0d.partial.mp4`, // another output's partial: kept
      `.other.${deadPid}-0a0b0c0d.partial.mov`, // another output: kept
      'shot.mov',
    ];
    for (const n of names) writeFileSync(path.join(dir, n), 'x');
    const removed = await removeStalePartials(final);
    expect(removed).toEqual([names[0]]);
    expect(readdirSync(dir).sort()).toEqual(names.slice(1).sort());
  });
});
