// AFLW2000-3D 68-point landmarks (from 3DDFA): 2000 faces with x, y, z in pixels and yaw, with the
// project's split (row i with i % 5 == 0 is TEST) and the paper's yaw groups.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { readNpy } from './npy.ts';
import { readLjson } from './ljson.ts';
import { meanShape3d } from '../../src-shared/depthnet/mean-shape.ts';

export const AFLW_DIR = 'landmarks3d/3ddfa_aflw2000';
export const TEMPLATE_LJSON = 'mesh3d/menpo3d/template.ljson';
export const N_KEYPOINTS = 68;

export interface Face3d {
  row: number;
  /** Interleaved x, y in pixels (y down). */
  xy: Float64Array;
  /** Depth per keypoint in pixels, +z toward the camera (ground truth: evaluation only). */
  z: Float64Array;
  yawDeg: number;
}

export type YawGroup = 'left' | 'front' | 'right';
/** Yaw wrapped into [-180, 180) (a few AFLW2000-3D yaws are stored one turn off). */
export function wrapYaw(yawDeg: number): number {
  return ((((yawDeg + 180) % 360) + 360) % 360) - 180;
}

export function yawGroup(yawDeg: number): YawGroup {
  const yaw = wrapYaw(yawDeg);
  return yaw < -30 ? 'left' : yaw > 30 ? 'right' : 'front';
}
export const YAW_GROUPS: readonly YawGroup[] = ['left', 'front', 'right'];

export function isTestRow(row: number): boolean {
  return row % 5 === 0;
}

/** Loads all 2000 faces from the data folder (the one holding landmarks3d/). */
export async function loadAflw2000(dataDir: string): Promise<Face3d[]> {
  const dir = path.join(dataDir, AFLW_DIR);
  if (!existsSync(path.join(dir, 'AFLW2000-3D.pts68.npy'))) {
    throw new Error(`AFLW2000-3D landmarks not found in ${dir} (give --data DIR or set DEPTHSWAP_DATA)`);
  }
  const pts = await readNpy(path.join(dir, 'AFLW2000-3D.pts68.npy'));
  const pose = await readNpy(path.join(dir, 'AFLW2000-3D.pose.npy'));
  const [n, three, k] = pts.shape;
  if (pts.shape.length !== 3 || three !== 3 || k !== N_KEYPOINTS || !n) {
    throw new Error(`AFLW2000-3D.pts68.npy: expected (N, 3, 68), got (${pts.shape.join(', ')})`);
  }
  if (pose.data.length !== n)
    throw new Error(`AFLW2000-3D.pose.npy: expected ${n} yaws, got ${pose.data.length}`);
  const faces: Face3d[] = [];
  for (let r = 0; r < n; r++) {
    const base = r * 3 * k;
    const xy = new Float64Array(2 * k);
    const z = new Float64Array(k);
    for (let j = 0; j < k; j++) {
      xy[2 * j] = pts.data[base + j]!;
      xy[2 * j + 1] = pts.data[base + k + j]!;
      z[j] = pts.data[base + 2 * k + j]!;
    }
    faces.push({ row: r, xy, z, yawDeg: pose.data[r]! });
  }
  return faces;
}

/**
 * The menpo mean-face template's 68 keypoints as flat [x, y, z, ...] in the image convention
 * (x right, y down, +z toward the camera): the file is y up, so y is negated.
 */
export async function loadTemplate(dataDir: string): Promise<Float64Array> {
  const pts = await readLjson(path.join(dataDir, TEMPLATE_LJSON));
  if (pts.length !== N_KEYPOINTS || pts.some((p) => p.length !== 3)) {
    throw new Error(`${TEMPLATE_LJSON}: expected 68 3D points, got ${pts.length}`);
  }
  const out = new Float64Array(3 * N_KEYPOINTS);
  pts.forEach((p, i) => {
    out[3 * i] = p[0]!;
    out[3 * i + 1] = -p[1]!;
    out[3 * i + 2] = p[2]!;
  });
  return out;
}

/**
 * The "mean of the training split" 3D template: generalised Procrustes mean of the TRAIN rows' 3D
 * keypoints (unit RMS, oriented like the most frontal TRAIN face), flat [x, y, z, ...] in the image
 * convention. An average shape only: no per-face depth reaches training through it.
 */
export function trainMeanTemplate(faces: Face3d[]): Float64Array {
  const train = faces.filter((f) => !isTestRow(f.row));
  if (train.length === 0) throw new Error('no TRAIN rows to average');
  let ref = 0;
  train.forEach((f, i) => {
    if (Math.abs(wrapYaw(f.yawDeg)) < Math.abs(wrapYaw(train[ref]!.yawDeg))) ref = i;
  });
  const shapes = train.map((f) => {
    const s = new Float64Array(3 * N_KEYPOINTS);
    for (let j = 0; j < N_KEYPOINTS; j++) {
      s[3 * j] = f.xy[2 * j]!;
      s[3 * j + 1] = f.xy[2 * j + 1]!;
      s[3 * j + 2] = f.z[j]!;
    }
    return s;
  });
  return meanShape3d(shapes, ref);
}
