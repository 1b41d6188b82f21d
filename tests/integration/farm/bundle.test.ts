// `depthswap project bundle` and the render preflight: the bundle holds the project, its analysis files and
// the cleanup model (paths relative to the bundle), media keep their absolute shared-volume paths, and a
// render node missing a referenced file is refused with that file's path.
import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { REPO_ROOT, testOutputDir } from '../../support/shared-data.ts';
import { emptyProject, newClipSettings, type Project } from '../../../src-shared/project/schema.ts';
import { readProjectFile } from '../../../src-main/project/project-file.ts';
import { MissingReferenceError, preflightProject } from '../../../src-main/farm/preflight.ts';

const bin = path.join(REPO_ROOT, 'src-main/cli/depthswap.mjs');
const run = (...args: string[]) => spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8' });

function fixture(name: string) {
  const dir = testOutputDir(`farm-bundle/${name}`);
  rmSync(dir, { recursive: true, force: true });
  const shared = path.join(dir, 'shared');
  const home = path.join(dir, 'home');
  mkdirSync(shared, { recursive: true });
  mkdirSync(path.join(home, 'state', 'cleanup', 'actor-a'), { recursive: true });
  writeFileSync(path.join(shared, 'plate.mov'), 'plate');
  writeFileSync(path.join(shared, 'face.png'), 'face');
  writeFileSync(path.join(home, 'state', 'plate.analysis.json'), '{"clip":1}');
  writeFileSync(path.join(home, 'face.analysis.json'), '{"face":1}');
  writeFileSync(path.join(home, 'state', 'cleanup', 'actor-a', 'model.json'), '{"g":1}');
  const project: Project = {
    ...emptyProject('shot 12'),
    clips: [
      {
        id: 'c1',
        path: path.join(shared, 'plate.mov'),
        analysis: 'state/plate.analysis.json',
        media: null,
        ...newClipSettings(),
      },
    ],
    sources: [
      {
        id: 's1',
        path: path.join(shared, 'face.png'),
        kind: 'image',
        frame: 0,
        analysis: path.join(home, 'face.analysis.json'),
        media: null,
      },
    ],
  };
  project.clips[0]!.swap.cleanupModel = 'actor-a';
  const file = path.join(home, 'shot 12.dsproj');
  writeFileSync(file, JSON.stringify(project));
  return { dir, shared, home, file, stateDir: path.join(home, 'state') };
}

describe('project bundle', () => {
  it('copies the project, analysis files and cleanup model; media stay at their paths', async () => {
    const f = fixture('ok');
    const out = path.join(f.dir, 'bundle');
    const r = run('project', 'bundle', f.file, '--out', out, '--state-dir', f.stateDir);
    expect(r.status).toBe(0);
    const bundled = r.stdout.trim();
    expect(bundled).toBe(path.join(out, 'shot_12.dsproj'));
    const { project } = await readProjectFile(bundled);
    expect(project.clips[0]!.path).toBe(path.join(f.shared, 'plate.mov'));
    expect(project.clips[0]!.analysis).toBe('analysis/clip-c1-plate.analysis.json');
    expect(project.sources[0]!.analysis).toBe('analysis/source-s1-face.analysis.json');
    expect(project.clips[0]!.swap.cleanupModel).toBe('./cleanup/model-actor-a');
    expect(readFileSync(path.join(out, 'analysis/clip-c1-plate.analysis.json'), 'utf8')).toBe('{"clip":1}');
    expect(readFileSync(path.join(out, 'cleanup/model-actor-a/model.json'), 'utf8')).toBe('{"g":1}');

    // A node that sees the shared volume but not the user's home: the bundle alone is enough.
    rmSync(f.home, { recursive: true });
    await expect(preflightProject(bundled, project, { stateDir: null })).resolves.toHaveLength(5);

    // Never written into again.
    const again = run('project', 'bundle', bundled, '--out', out);
    expect(again.status).toBe(1);
    expect(again.stderr).toMatch(/bundle output folder is not empty/);
  });

  it('media missing on a node: the render is refused, naming the path', async () => {
    const f = fixture('missing');
    const out = path.join(f.dir, 'bundle');
    expect(run('project', 'bundle', f.file, '--out', out, '--state-dir', f.stateDir).status).toBe(0);
    const bundled = path.join(out, 'shot_12.dsproj');
    rmSync(path.join(f.shared, 'plate.mov'));
    const { project } = await readProjectFile(bundled);
    const err = await preflightProject(bundled, project).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(MissingReferenceError);
    expect((err as Error).message).toContain(`clip c1: ${path.join(f.shared, 'plate.mov')}`);
    expect((err as MissingReferenceError).missing.map((m) => m.kind)).toEqual(['media']);
  });

  it('refuses to bundle when a referenced file is missing, and writes nothing', () => {
    const f = fixture('nobundle');
    rmSync(path.join(f.home, 'face.analysis.json'));
    const out = path.join(f.dir, 'bundle');
    const r = run('project', 'bundle', f.file, '--out', out, '--state-dir', f.stateDir);
    expect(r.status).toBe(1);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toContain(`analysis of source face s1: ${path.join(f.home, 'face.analysis.json')}`);
    expect(existsSync(out)).toBe(false);
  });
});
