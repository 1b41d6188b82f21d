// The farm tests' project: a render project, the editor's local one-pass references (ProRes and H.264, which
// also analyse the clip into the editor's state folder, as the studio does) and the bundle a farm node reads.
import { readProjectFile, writeProjectFile } from '../../src-main/project/project-file.ts';
import { analysisPathFor } from '../../src-main/util/state-dir.ts';
import path from 'node:path';
import { cliOk } from './cli-process.ts';
import { makeRenderProject, MODEL_DIR } from './render-fixture.ts';

export interface FarmProject {
  /** The bundle folder's project file (what farm nodes render). */
  bundled: string;
  clip: string;
  /** One-pass local renders of frames 0-59: local.mov (ProRes HQ) and local.mp4 (H.264) in `dir`. */
  localProRes: string;
  localH264: string;
}

export async function makeFarmProject(dir: string, state: string): Promise<FarmProject> {
  const made = await makeRenderProject(dir, true);
  const local = (out: string, format: string) =>
    cliOk(
      ['render', made.project, '--frames', '0-59', '--out', out, '--format', format].concat([
        '--state-dir',
        state,
        '--model',
        MODEL_DIR,
      ]),
    );
  const localProRes = path.join(dir, 'local.mov');
  const localH264 = path.join(dir, 'local.mp4');
  await local(localProRes, 'prores-hq');
  // A chunked H.264 job (intermediates, one encode at the join) must equal this one pass.
  await local(localH264, 'h264');
  // The studio's project names that analysis; the bundle carries it to nodes that cannot see `state`.
  const { project } = await readProjectFile(made.project);
  project.clips[0]!.analysis = analysisPathFor(state, made.clip);
  const studio = path.join(dir, 'studio.dsproj');
  await writeProjectFile(studio, project);
  const bundled = await cliOk([
    'project',
    'bundle',
    studio,
    '--out',
    path.join(dir, 'bundle'),
    '--state-dir',
    state,
  ]);
  return { bundled, clip: made.clip, localProRes, localH264 };
}
