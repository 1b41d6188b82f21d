// Test tool: renders the textured menpo3d scan (james.obj + james.jpg) under known head rotations into a clip
// (through the engine's frame writer), with the exact 2D projection and depth of its 68 landmarks
// (james.ljson, re-ordered to iBUG) from the same camera: ground truth for depth and keypoint evaluation.
// Camera: orthographic (an exact affine camera, DepthNet's model), R = Rx(pitch) Ry(yaw) in the image
// convention (x right, y down, +z toward the camera; affine.ts's affineFromPose), z-buffered, texture
// sampled bilinearly, no extra lighting (the scan's texture has its own shading). The scan has one
// expression: nothing here tests expression changes, eye blinks or a talking mouth.
import { readFile } from 'node:fs/promises';
import { decodeImage } from '../../src-main/media/image.ts';
import { openFrameWriter } from '../../src-main/media/frame-writer.ts';
import type { RawFrame } from '../../src-main/media/frame-reader.ts';
import { parseLjson } from '../../src-main/data/ljson.ts';
import { affineFromPose } from '../../src-shared/geometry/affine.ts';
import { dataPath } from '../support/shared-data.ts';

/** The data README's index list: iBUG point k is the scan's landmark IBUG_FROM_JAMES[k]. */
export const IBUG_FROM_JAMES: readonly number[] = [
  ...Array.from({ length: 17 }, (_, i) => i),
  ...[29, 30, 31, 32, 33],
  ...[43, 44, 45, 46, 47],
  ...[34, 35, 36, 37, 38, 39, 40, 41, 42],
  ...[17, 18, 19, 20, 21, 22],
  ...[23, 24, 25, 26, 27, 28],
  ...Array.from({ length: 20 }, (_, i) => 48 + i),
];

export interface Scan {
  /** Vertices, image convention (x right, y down, z toward the viewer), centred on the landmarks' mean, mm. */
  v: Float64Array;
  uv: Float64Array;
  /** Triangles: vertex and uv indices, 3 each. */
  tri: Uint32Array;
  triUv: Uint32Array;
  /** 68 iBUG landmarks, same frame as v: [x, y, z] x 68. */
  landmarks: Float64Array;
  texture: RawFrame;
}

export async function loadScan(): Promise<Scan> {
  const text = await readFile(dataPath('mesh3d', 'menpo3d', 'james.obj'), 'utf8');
  const v: number[] = [];
  const uv: number[] = [];
  const tri: number[] = [];
  const triUv: number[] = [];
  for (const line of text.split('\n')) {
    const p = line.trim().split(/\s+/);
    if (p[0] === 'v') v.push(Number(p[1]), -Number(p[2]), Number(p[3]));
    else if (p[0] === 'vt') uv.push(Number(p[1]), Number(p[2]));
    else if (p[0] === 'f') {
      const corners = p.slice(1).map((c) => c.split('/').map((x) => Number(x) - 1));
      for (let k = 1; k + 1 < corners.length; k++)
        for (const c of [corners[0]!, corners[k]!, corners[k + 1]!]) {
          tri.push(c[0]!);
          triUv.push(c[1]!);
        }
    }
  }
  const pts = parseLjson(await readFile(dataPath('mesh3d', 'menpo3d', 'james.ljson'), 'utf8'));
  const lm = new Float64Array(204);
  IBUG_FROM_JAMES.forEach((j, k) => {
    const q = pts[j]!;
    lm[3 * k] = q[0]!;
    lm[3 * k + 1] = -q[1]!;
    lm[3 * k + 2] = q[2]!;
  });
  const c = [0, 1, 2].map((a) => {
    let s = 0;
    for (let k = 0; k < 68; k++) s += lm[3 * k + a]!;
    return s / 68;
  });
  for (let i = 0; i < v.length; i++) v[i] = v[i]! - c[i % 3]!;
  for (let i = 0; i < lm.length; i++) lm[i] = lm[i]! - c[i % 3]!;
  const texture = await decodeImage(dataPath('mesh3d', 'menpo3d', 'james.jpg'), { pixelFormat: 'rgb24' });
  return {
    v: Float64Array.from(v),
    uv: Float64Array.from(uv),
    tri: Uint32Array.from(tri),
    triUv: Uint32Array.from(triUv),
    landmarks: lm,
    texture,
  };
}

export interface ScanView {
  yawDeg: number;
  pitchDeg: number;
}

export interface ScanTruth extends ScanView {
  frame: number;
  /** True 2D projection of the 68 landmarks, interleaved x, y in pixels. */
  xy: number[];
  /** True depth of each landmark along the view axis (pixels, +z toward the camera). */
  z: number[];
}

/** The sweep of the evaluation: yaw -60..60 over the clip, pitch oscillating -20..20 (two periods). */
export function sweep(frames: number): ScanView[] {
  return Array.from({ length: frames }, (_, f) => {
    const t = frames > 1 ? f / (frames - 1) : 0;
    return { yawDeg: -60 + 120 * t, pitchDeg: 20 * Math.sin(2 * Math.PI * 2 * t) };
  });
}

function project(view: ScanView, size: number, scale: number) {
  const m = affineFromPose({
    yawDeg: view.yawDeg,
    pitchDeg: view.pitchDeg,
    scale,
    tx: size / 2,
    ty: size * 0.52,
  });
  // third row of R (depth toward the camera) = row0 x row1 / scale^2 * scale
  const r0 = [m[0], m[1], m[2]];
  const r1 = [m[4], m[5], m[6]];
  const r2 = [
    (r0[1]! * r1[2]! - r0[2]! * r1[1]!) / scale,
    (r0[2]! * r1[0]! - r0[0]! * r1[2]!) / scale,
    (r0[0]! * r1[1]! - r0[1]! * r1[0]!) / scale,
  ];
  return (x: number, y: number, z: number): [number, number, number] => [
    m[0] * x + m[1] * y + m[2] * z + m[3],
    m[4] * x + m[5] * y + m[6] * z + m[7],
    r2[0]! * x + r2[1]! * y + r2[2]! * z,
  ];
}

/** One RGB frame of the scan under `view` (size x size, face about 40% of the height) and its truth. */
export function renderScan(
  scan: Scan,
  view: ScanView,
  size: number,
): { rgb: Uint8Array; xy: number[]; z: number[] } {
  const scale = (size * 0.42) / 200; // the scan is ~200 mm tall
  const proj = project(view, size, scale);
  const nV = scan.v.length / 3;
  const px = new Float64Array(nV);
  const py = new Float64Array(nV);
  const pz = new Float64Array(nV);
  for (let i = 0; i < nV; i++) {
    const [x, y, z] = proj(scan.v[3 * i]!, scan.v[3 * i + 1]!, scan.v[3 * i + 2]!);
    px[i] = x;
    py[i] = y;
    pz[i] = z;
  }
  const rgb = new Uint8Array(size * size * 3).fill(96);
  const zbuf = new Float64Array(size * size).fill(-Infinity);
  const tex = scan.texture;
  const tw = tex.width;
  const th = tex.height;
  for (let t = 0; t < scan.tri.length; t += 3) {
    const a = scan.tri[t]!;
    const b = scan.tri[t + 1]!;
    const c = scan.tri[t + 2]!;
    const ax = px[a]!;
    const ay = py[a]!;
    const bx = px[b]!;
    const by = py[b]!;
    const cx = px[c]!;
    const cy = py[c]!;
    const area = (bx - ax) * (cy - ay) - (by - ay) * (cx - ax);
    if (Math.abs(area) < 1e-9) continue;
    const x0 = Math.max(0, Math.floor(Math.min(ax, bx, cx)));
    const x1 = Math.min(size - 1, Math.ceil(Math.max(ax, bx, cx)));
    const y0 = Math.max(0, Math.floor(Math.min(ay, by, cy)));
    const y1 = Math.min(size - 1, Math.ceil(Math.max(ay, by, cy)));
    const ua = scan.triUv[t]!;
    const ub = scan.triUv[t + 1]!;
    const uc = scan.triUv[t + 2]!;
    for (let y = y0; y <= y1; y++)
      for (let x = x0; x <= x1; x++) {
        const sx = x + 0.5;
        const sy = y + 0.5;
        const w0 = ((bx - sx) * (cy - sy) - (by - sy) * (cx - sx)) / area;
        const w1 = ((cx - sx) * (ay - sy) - (cy - sy) * (ax - sx)) / area;
        const w2 = 1 - w0 - w1;
        if (w0 < 0 || w1 < 0 || w2 < 0) continue;
        const z = w0 * pz[a]! + w1 * pz[b]! + w2 * pz[c]!;
        const o = y * size + x;
        if (z <= zbuf[o]!) continue;
        zbuf[o] = z;
        const u = w0 * scan.uv[2 * ua]! + w1 * scan.uv[2 * ub]! + w2 * scan.uv[2 * uc]!;
        const v = w0 * scan.uv[2 * ua + 1]! + w1 * scan.uv[2 * ub + 1]! + w2 * scan.uv[2 * uc + 1]!;
        const tx = Math.min(tw - 1.001, Math.max(0, u * (tw - 1)));
        const ty = Math.min(th - 1.001, Math.max(0, (1 - v) * (th - 1)));
        const ix = Math.floor(tx);
        const iy = Math.floor(ty);
        const fx = tx - ix;
        const fy = ty - iy;
        for (let ch = 0; ch < 3; ch++) {
          const at = (xx: number, yy: number) => tex.data[(yy * tw + xx) * tex.channels + ch]!;
          const val =
            (1 - fy) * ((1 - fx) * at(ix, iy) + fx * at(ix + 1, iy)) +
            fy * ((1 - fx) * at(ix, iy + 1) + fx * at(ix + 1, iy + 1));
          rgb[o * 3 + ch] = Math.round(val);
        }
      }
  }
  const xy: number[] = [];
  const z: number[] = [];
  for (let k = 0; k < 68; k++) {
    const [x, y, d] = proj(scan.landmarks[3 * k]!, scan.landmarks[3 * k + 1]!, scan.landmarks[3 * k + 2]!);
    xy.push(x, y);
    z.push(d);
  }
  return { rgb, xy, z };
}

/** Renders the sweep into `out` (H.264 through the engine's frame writer); returns the per-frame truth. */
export async function renderScanClip(opts: {
  out: string;
  frames: number;
  size?: number;
  /** Views instead of the evaluation sweep (one per frame). */
  views?: ScanView[];
}): Promise<ScanTruth[]> {
  const size = opts.size ?? 512;
  const scan = await loadScan();
  const writer = await openFrameWriter({
    out: opts.out,
    format: 'h264',
    width: size,
    height: size,
    frameRate: { num: 25, den: 1 },
    pixelFormat: 'rgb24',
    expectedFrames: opts.frames,
    overwrite: true,
    crf: 12,
  });
  const truth: ScanTruth[] = [];
  try {
    for (const [f, view] of (opts.views ?? sweep(opts.frames)).entries()) {
      const r = renderScan(scan, view, size);
      await writer.write(r.rgb);
      truth.push({ frame: f, ...view, xy: r.xy, z: r.z });
    }
    await writer.finish();
  } catch (err) {
    await writer.abort();
    throw err;
  }
  return truth;
}
