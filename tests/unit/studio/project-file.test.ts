import { describe, it, expect, beforeEach } from 'vitest';
import { mkdirSync, readFileSync, rmSync, writeFileSync, existsSync, readdirSync } from 'node:fs';
import { spawn } from 'node:child_process';
import path from 'node:path';
import { testOutputDir, REPO_ROOT } from '../../support/shared-data.ts';
import { readProjectFile, writeProjectFile } from '../../../src-main/project/project-file.ts';
import { findRecovery, recoveryPathFor, Autosaver } from '../../../src-main/project/autosave.ts';
import {
  DEFAULT_SWAP,
  emptyProject,
  maskOptions,
  newClipSettings,
  PROJECT_VERSION,
} from '../../../src-shared/project/schema.ts';
import { moveKeypoints } from '../../../src-shared/project/keyframes.ts';

const dir = testOutputDir('project-file');

beforeEach(() => {
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
});

function sampleProject() {
  const p = emptyProject('round trip');
  const settings = newClipSettings();
  settings.swap.mirror = 'on';
  p.clips.push({
    id: 'c1',
    path: '/media/shot.mov',
    analysis: '/media/shot.analysis.json',
    media: null,
    ...settings,
  });
  p.activeClipId = 'c1';
  const keyframes = moveKeypoints([], 12, [30, 31], 2.5, -1, settings.interpolation);
  p.tracks.push({ clipId: 'c1', face: 0, keyframes });
  return p;
}

/** The version 3 document of sampleProject (settings on the project, not on the clip). */
function sampleV3() {
  const { clips, ...rest } = sampleProject();
  const c = clips[0]!;
  return {
    ...rest,
    version: 3,
    clips: [{ id: c.id, path: c.path, analysis: c.analysis, media: c.media }],
    interpolation: c.interpolation,
    swap: c.swap,
    marks: c.marks,
  };
}

describe('project file', () => {
  it('saves atomically and loads back the same project', async () => {
    const file = path.join(dir, 'a.dsproj');
    const saved = await writeProjectFile(file, sampleProject());
    const loaded = await readProjectFile(file);
    expect(loaded.migratedFrom).toBeNull();
    expect(loaded.project).toEqual(saved);
    expect(readdirSync(dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  it('migrates a version 1 project', async () => {
    const file = path.join(dir, 'old.dsproj');
    const v1 = {
      format: 'depthswap-project',
      version: 1,
      name: 'old one',
      target: '/media/shot.mov',
      source: '/media/face.png',
      edits: [
        { frame: 4, point: 8, dx: 1, dy: 2 },
        { frame: 2, point: 0, dx: -3, dy: 0 },
      ],
      swap: { erode: 3, feather: 9, mirror: true },
    };
    writeFileSync(file, JSON.stringify(v1));
    const { project, migratedFrom } = await readProjectFile(file);
    expect(migratedFrom).toBe(1);
    expect(project.version).toBe(PROJECT_VERSION);
    expect(project.clips[0]!.path).toBe('/media/shot.mov');
    expect(project.sources[0]!.path).toBe('/media/face.png');
    expect(project.tracks[0]!.keyframes.map((k) => k.frame)).toEqual([2, 4]);
    expect(project.tracks[0]!.keyframes[1]!.offsets[8]).toEqual([1, 2]);
    // Its pixel erode / feather never reached a render: the engine's defaults, as every render used.
    expect(project.clips[0]!.swap).toMatchObject({
      maskErode: 3,
      maskFeather: 8,
      excludeMouth: false,
      mirror: 'on',
    });
  });

  it('migrates a version 2 project (pixel mask settings that no render used -> the engine defaults)', async () => {
    const file = path.join(dir, 'v2.dsproj');
    const current = sampleV3();
    const { excludeMouth: _dropped, ...swapV2 } = { ...current.swap, maskErode: 12, maskFeather: 40 };
    const v2 = { ...current, version: 2, swap: swapV2 };
    writeFileSync(file, JSON.stringify(v2));
    const { project, migratedFrom } = await readProjectFile(file);
    expect(migratedFrom).toBe(2);
    expect(project.version).toBe(PROJECT_VERSION);
    const swap = project.clips[0]!.swap;
    expect(swap).toEqual({ ...current.swap, maskErode: 3, maskFeather: 8, excludeMouth: false });
    expect(project.tracks).toEqual(current.tracks);
    // What the engine gets: fractions of the face size (face-mask.ts defaults 0.03 / 0.08).
    expect(maskOptions(swap)).toEqual({ erode: 0.03, feather: 0.08, excludeMouth: false });
    expect(maskOptions({ ...DEFAULT_SWAP, maskErode: 6.5 }).erode).toBeCloseTo(0.065, 10);
    // A version 2 file with version 3 mask fields is not silently taken.
    writeFileSync(file, JSON.stringify({ ...v2, swap: { ...swapV2, maskErode: 2.5 } }));
    await expect(readProjectFile(file)).rejects.toThrow(/version 2 project is invalid: swap\.maskErode/);
  });

  it('refuses a corrupt file or a newer version with a clear message and leaves it untouched', async () => {
    const corrupt = path.join(dir, 'corrupt.dsproj');
    writeFileSync(corrupt, '{"format": "depthswap-project", "version": 2, "name": ');
    await expect(readProjectFile(corrupt)).rejects.toThrow(/corrupt \(not valid JSON/);
    await expect(writeProjectFile(corrupt, sampleProject())).rejects.toThrow(/this build cannot read/);
    expect(readFileSync(corrupt, 'utf8')).toBe('{"format": "depthswap-project", "version": 2, "name": ');

    const newer = path.join(dir, 'newer.dsproj');
    const text = JSON.stringify({ ...sampleProject(), version: PROJECT_VERSION + 1, future: true });
    writeFileSync(newer, text);
    await expect(readProjectFile(newer)).rejects.toThrow(/newer DepthSwap Studio/);
    await expect(writeProjectFile(newer, sampleProject())).rejects.toThrow(/this build cannot read/);
    expect(readFileSync(newer, 'utf8')).toBe(text);

    const invalid = path.join(dir, 'invalid.dsproj');
    writeFileSync(invalid, JSON.stringify({ ...sampleProject(), clips: [{ id: '' }] }));
    await expect(readProjectFile(invalid)).rejects.toThrow(/invalid: clips\.0/);
  });

  it('keeps the undo history with the autosave (only when it ends at the recovered project)', async () => {
    const file = path.join(dir, 'undo.dsproj');
    const before = await writeProjectFile(file, sampleProject());
    await new Promise((r) => setTimeout(r, 20));
    const after = {
      ...before,
      clips: before.clips.map((c) => ({ ...c, marks: { in: 2, out: 9 }, playhead: 7 })),
    };
    const history = [{ label: 'mark in', before, after }];
    const saver = new Autosaver({ intervalMs: 1000, untitledDir: dir });
    saver.update(file, after, history);
    await saver.flush();
    const recovery = await findRecovery(file, dir);
    expect(recovery!.project.clips[0]!.marks).toEqual({ in: 2, out: 9 });
    expect(recovery!.history.map((h) => h.label)).toEqual(['mark in']);
    expect(recovery!.history[0]!.before.clips[0]!.marks).toEqual({ in: null, out: null });
    // A history that does not end where the recovery is (written apart) is not offered.
    saver.update(file, { ...after, name: 'other' }, history);
    await saver.flush();
    expect((await findRecovery(file, dir))!.history).toEqual([]);
  });

  it('offers the autosave after the process was killed', async () => {
    const file = path.join(dir, 'crash.dsproj');
    await writeProjectFile(file, emptyProject('before crash'));
    await new Promise((r) => setTimeout(r, 20));
    // A child process autosaves every 50 ms and is killed hard while still running.
    const script = `
      import { Autosaver } from ${JSON.stringify(path.join(REPO_ROOT, 'src-main/project/autosave.ts'))};
      import { emptyProject } from ${JSON.stringify(path.join(REPO_ROOT, 'src-shared/project/schema.ts'))};
      const a = new Autosaver({ intervalMs: 50, untitledDir: ${JSON.stringify(dir)}, onSaved: () => console.log('autosaved') });
      const p = emptyProject('edited after save');
      a.update(${JSON.stringify(file)}, p);
      a.start();
      setInterval(() => {}, 1000);
    `;
    const child = spawn(process.execPath, ['--input-type=module', '-e', script], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    await new Promise<void>((resolve, reject) => {
      child.stdout.on('data', (d: Buffer) => {
        if (d.toString().includes('autosaved')) resolve();
      });
      child.on('exit', (code) => reject(new Error(`child exited early (${code})`)));
    });
    child.kill('SIGKILL');
    await new Promise((r) => child.once('exit', r));

    const recovery = await findRecovery(file, dir);
    expect(recovery).not.toBeNull();
    expect(recovery!.project.name).toBe('edited after save');
    expect((await readProjectFile(file)).project.name).toBe('before crash');

    // A clean save makes the recovery obsolete.
    const saver = new Autosaver({ intervalMs: 1000, untitledDir: dir });
    await saver.saved(file, await writeProjectFile(file, recovery!.project));
    expect(existsSync(recoveryPathFor(file, dir))).toBe(false);
    expect(await findRecovery(file, dir)).toBeNull();
  });
});
