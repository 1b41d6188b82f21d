// A project for render tests made from real footage: 60 frames of d3.mp4 (a talking face, with its audio)
// whose first 10 and last 10 frames are blacked out, so the face track starts at frame 10 and ends at 49,
// inside chunks; stamped with a start timecode. The project has a keypoint edit at frame 30.
import { existsSync, mkdirSync } from 'node:fs';
import { rename } from 'node:fs/promises';
import path from 'node:path';
import { runTool } from '../../src-main/media/ffmpeg-process.ts';
import { probe } from '../../src-main/media/probe.ts';
import { projectFromMedia } from '../../src-main/project/create.ts';
import { writeProjectFile } from '../../src-main/project/project-file.ts';
import { moveKeypoints } from '../../src-shared/project/keyframes.ts';
import { dataPath, REPO_ROOT } from './shared-data.ts';

export const RENDER_CLIP = 'video/liveportrait/d3.mp4';
export const RENDER_FACE = 'faces/face_recognition/obama.jpg';
export const MODEL_DIR = path.join(REPO_ROOT, 'resources', 'models', 'depthnet');
export const FIXTURE_TIMECODE = '01:00:00:00';

/** The clip (made once per folder) and a project over it; `edited` adds a keypoint edit at frame 30. */
export async function makeRenderProject(
  dir: string,
  edited = true,
): Promise<{ project: string; clip: string }> {
  mkdirSync(dir, { recursive: true });
  const clip = path.join(dir, 'face-inside.mov');
  if (!existsSync(clip)) {
    const tmp = path.join(dir, '.face-inside.tmp.mov');
    await runTool('ffmpeg', [
      ...['-v', 'error', '-nostdin', '-y', '-i', dataPath(RENDER_CLIP)],
      ...['-vf', "drawbox=x=0:y=0:w=iw:h=ih:color=black:t=fill:enable='lt(n,10)+gte(n,50)'"],
      ...['-frames:v', '60', '-t', '2', '-c:v', 'libx264', '-preset', 'veryfast', '-pix_fmt', 'yuv420p'],
      ...['-g', '12', '-c:a', 'aac', '-timecode', FIXTURE_TIMECODE, '-f', 'mov', tmp],
    ]);
    await rename(tmp, clip);
  }
  const [target, source] = await Promise.all([probe(clip), probe(dataPath(RENDER_FACE))]);
  const project = projectFromMedia(target, source, 'render test');
  if (edited) {
    const mouth = Array.from({ length: 20 }, (_, k) => 48 + k);
    const keyframes = moveKeypoints([], 30, mouth, 0, 12, project.interpolation);
    project.tracks = [{ clipId: 'clip-1', face: 0, keyframes }];
  }
  const file = path.join(dir, edited ? 'edited.dsproj' : 'plain.dsproj');
  await writeProjectFile(file, project);
  return { project: file, clip };
}

/** ffmpeg framemd5 of the video stream: one md5 per decoded frame. */
export async function videoFrameMd5(file: string): Promise<string[]> {
  const out = await runTool('ffmpeg', ['-v', 'error', '-i', file, '-map', '0:v:0', '-f', 'framemd5', '-']);
  return out
    .toString('utf8')
    .split('\n')
    .filter((l) => l && !l.startsWith('#'))
    .map((l) => l.split(',').pop()!.trim());
}

/** md5 of the decoded audio (all streams). */
export async function audioMd5(file: string): Promise<string> {
  const out = await runTool('ffmpeg', ['-v', 'error', '-i', file, '-map', '0:a', '-f', 'md5', '-']);
  return out.toString('utf8').trim();
}
