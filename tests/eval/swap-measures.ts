// What the swap evaluation measures on an encoded output, with face-api as the judge (detection, 68
// landmarks, recognition descriptor re-run on the decoded output and on the original target):
// lip sync and blinks (Pearson r and mean absolute difference of the inner-lip gap / eye opening over the
// outer-eye distance), identity (descriptor distance to the source vs to the original target face), pose
// (keypoint NME of the output's face vs the target's), and a seam score from the ProRes 4444 alpha.
// Used by tests/eval/swap-eval.ts (`npm run eval:swap`) and the swap integration tests.
import type { FaceAnalyzer } from '../../src-main/analysis/face-analyzer.ts';
import { readFrames, type RawFrame } from '../../src-main/media/frame-reader.ts';
import { descriptorDistance, type FaceDescriptorNet } from '../../src-main/ml/face-descriptor.ts';
import { labOf } from '../../src-main/swap/lab.ts';
import { eyeOpening, innerLipGap, outerEyeDistance } from '../../src-shared/geometry/expression.ts';
import type { Point2 } from '../../src-shared/analysis/pts.ts';

export interface JudgedFrame {
  frame: number;
  /** The biggest face's 68 keypoints (interleaved), or null when none was found. */
  keypoints: Float64Array | null;
  descriptor: Float32Array | null;
}

function extent(k: readonly Point2[]): number {
  const xs = k.map((p) => p[0]);
  const ys = k.map((p) => p[1]);
  return (Math.max(...xs) - Math.min(...xs)) * (Math.max(...ys) - Math.min(...ys));
}

export function flat(k: readonly Point2[]): Float64Array {
  const out = new Float64Array(k.length * 2);
  k.forEach(([x, y], i) => ((out[2 * i] = x), (out[2 * i + 1] = y)));
  return out;
}

/** The biggest face of one frame, judged. */
export async function judgeFrame(
  analyzer: FaceAnalyzer,
  descriptors: FaceDescriptorNet,
  f: RawFrame,
): Promise<JudgedFrame> {
  const rgb = f.channels === 3 ? f : toRgb(f);
  const faces = (await analyzer.detectImage(rgb)).map((x) => x.keypoints as Point2[]);
  let best: Point2[] | null = null;
  for (const k of faces) if (!best || extent(k) > extent(best)) best = k;
  if (!best) return { frame: f.index, keypoints: null, descriptor: null };
  const [d] = await descriptors.describe(rgb, [best]);
  return { frame: f.index, keypoints: flat(best), descriptor: d ?? null };
}

export function toRgb(f: RawFrame): RawFrame {
  if (f.channels === 3) return f;
  const data = new Uint8Array(f.width * f.height * 3);
  for (let p = 0, i = 0, o = 0; p < f.width * f.height; p++, i += 4, o += 3) {
    data[o] = f.data[i]!;
    data[o + 1] = f.data[i + 1]!;
    data[o + 2] = f.data[i + 2]!;
  }
  return { ...f, channels: 3, data };
}

/** Judges every `step`-th frame of a clip (frames numbered from `first`, the clip's frame 0 = `first`). */
export async function judgeClip(
  analyzer: FaceAnalyzer,
  descriptors: FaceDescriptorNet,
  file: string,
  opts: { step: number; first?: number; frames?: number; keep?: (f: RawFrame) => void },
): Promise<Map<number, JudgedFrame>> {
  const out = new Map<number, JudgedFrame>();
  const first = opts.first ?? 0;
  const range = opts.frames !== undefined ? { range: { start: 0, end: opts.frames } } : {};
  for await (const f of readFrames(file, { pixelFormat: 'rgba', ...range })) {
    if (f.index % opts.step !== 0) continue;
    opts.keep?.(f);
    const j = await judgeFrame(analyzer, descriptors, f);
    out.set(f.index + first, { ...j, frame: f.index + first });
  }
  return out;
}

export function pearson(a: readonly number[], b: readonly number[]): number {
  const n = a.length;
  if (n < 2) return NaN;
  const ma = a.reduce((s, v) => s + v, 0) / n;
  const mb = b.reduce((s, v) => s + v, 0) / n;
  let sab = 0;
  let saa = 0;
  let sbb = 0;
  for (let i = 0; i < n; i++) {
    sab += (a[i]! - ma) * (b[i]! - mb);
    saa += (a[i]! - ma) ** 2;
    sbb += (b[i]! - mb) ** 2;
  }
  return saa > 0 && sbb > 0 ? sab / Math.sqrt(saa * sbb) : NaN;
}

const mean = (v: readonly number[]): number => (v.length ? v.reduce((s, x) => s + x, 0) / v.length : NaN);

export interface ClipScores {
  frames: number;
  /** Frames where the judge found a face in both the target and the output. */
  judged: number;
  lipCorr: number;
  lipMad: number;
  /** Largest inner-lip gap of the target and of the output (outer-eye distances). */
  lipMaxTarget: number;
  lipMaxOutput: number;
  blinkCorr: number;
  blinkMad: number;
  /** Share of judged frames whose output descriptor is nearer the source than the original target face. */
  identityKept: number;
  distToSource: number;
  distToTarget: number;
  poseNme: number;
}

export function scoreClip(
  target: Map<number, JudgedFrame>,
  output: Map<number, JudgedFrame>,
  source: Float32Array,
): ClipScores {
  const lipT: number[] = [];
  const lipO: number[] = [];
  const eyeT: number[] = [];
  const eyeO: number[] = [];
  const toSrc: number[] = [];
  const toTgt: number[] = [];
  const nmes: number[] = [];
  let kept = 0;
  for (const [f, t] of target) {
    const o = output.get(f);
    if (!o?.keypoints || !t.keypoints || !o.descriptor || !t.descriptor) continue;
    lipT.push(innerLipGap(t.keypoints));
    lipO.push(innerLipGap(o.keypoints));
    eyeT.push(eyeOpening(t.keypoints));
    eyeO.push(eyeOpening(o.keypoints));
    const ds = descriptorDistance(o.descriptor, source);
    const dt = descriptorDistance(o.descriptor, t.descriptor);
    toSrc.push(ds);
    toTgt.push(dt);
    if (ds < dt) kept++;
    let e = 0;
    for (let k = 0; k < 68; k++) {
      e += Math.hypot(
        o.keypoints[2 * k]! - t.keypoints[2 * k]!,
        o.keypoints[2 * k + 1]! - t.keypoints[2 * k + 1]!,
      );
    }
    nmes.push(e / 68 / outerEyeDistance(t.keypoints));
  }
  const mad = (a: number[], b: number[]) => mean(a.map((v, i) => Math.abs(v - b[i]!)));
  return {
    frames: target.size,
    judged: lipT.length,
    lipCorr: pearson(lipT, lipO),
    lipMad: mad(lipT, lipO),
    lipMaxTarget: Math.max(...lipT),
    lipMaxOutput: Math.max(...lipO),
    blinkCorr: pearson(eyeT, eyeO),
    blinkMad: mad(eyeT, eyeO),
    identityKept: lipT.length ? kept / lipT.length : NaN,
    distToSource: mean(toSrc),
    distToTarget: mean(toTgt),
    poseNme: mean(nmes),
  };
}

/**
 * Seam score of one frame: around the matte (ProRes 4444 alpha), the Lab colour step between a ring just
 * inside the transition band (alpha 0.85..0.97) and one just outside it (alpha 0.03..0.15), per angular
 * sector around the matte's centre (16 sectors), in the output minus the same step in the original target
 * frame (the target's own shading across that band), averaged over sectors with enough pixels. 0: the
 * face meets the skin as the target's own face did; larger: a visible step.
 */
export function seamScore(output: RawFrame, target: RawFrame, sectors = 16): number | null {
  if (output.channels !== 4) throw new Error('seam score needs the RGBA of a ProRes 4444 render');
  const { width, height } = output;
  let cx = 0;
  let cy = 0;
  let n = 0;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      if (output.data[4 * (y * width + x) + 3]! > 128) {
        cx += x;
        cy += y;
        n++;
      }
    }
  }
  if (n === 0) return null;
  cx /= n;
  cy /= n;
  // [sector][ring][image][L,a,b sum + count]
  const acc = new Float64Array(sectors * 2 * 2 * 4);
  const lab = new Float64Array(3);
  const tc = target.channels;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const p = y * width + x;
      const a = output.data[4 * p + 3]! / 255;
      const ring = a >= 0.85 && a <= 0.97 ? 0 : a >= 0.03 && a <= 0.15 ? 1 : -1;
      if (ring < 0) continue;
      const s = Math.min(
        sectors - 1,
        Math.floor(((Math.atan2(y - cy, x - cx) + Math.PI) / (2 * Math.PI)) * sectors),
      );
      for (let img = 0; img < 2; img++) {
        const d = img === 0 ? output.data : target.data;
        const o = img === 0 ? 4 * p : tc * p;
        labOf(d[o]!, d[o + 1]!, d[o + 2]!, lab);
        const k = ((s * 2 + ring) * 2 + img) * 4;
        acc[k] = acc[k]! + lab[0]!;
        acc[k + 1] = acc[k + 1]! + lab[1]!;
        acc[k + 2] = acc[k + 2]! + lab[2]!;
        acc[k + 3] = acc[k + 3]! + 1;
      }
    }
  }
  const steps: number[] = [];
  for (let s = 0; s < sectors; s++) {
    const step = (img: number): number | null => {
      const i = ((s * 2 + 0) * 2 + img) * 4;
      const o = ((s * 2 + 1) * 2 + img) * 4;
      if (acc[i + 3]! < 20 || acc[o + 3]! < 20) return null;
      let d2 = 0;
      for (let c = 0; c < 3; c++) d2 += (acc[i + c]! / acc[i + 3]! - acc[o + c]! / acc[o + 3]!) ** 2;
      return Math.sqrt(d2);
    };
    const so = step(0);
    const st = step(1);
    if (so !== null && st !== null) steps.push(so - st);
  }
  return steps.length ? mean(steps) : null;
}

/** How far the judge's descriptor moves between real frames of one person, by how much the mouth differs. */
export interface JudgeSpread {
  /** Mean descriptor distance over frame pairs whose inner-lip gaps differ by < 0.01 (similar mouths). */
  similarMouth: number;
  /** The same over pairs whose gaps differ by > 0.06 (one mouth closed, the other open). */
  differentMouth: number;
  pairs: [number, number];
}

/**
 * The judge's own sensitivity to expression, on the target's real frames: the identity bound (the output's
 * distance to the source at most 0.05 above --expression 0's) is read against it.
 */
export function judgeSpread(target: Map<number, JudgedFrame>): JudgeSpread {
  const frames = [...target.values()].filter((j) => j.keypoints && j.descriptor);
  const similar: number[] = [];
  const different: number[] = [];
  for (let i = 0; i < frames.length; i++) {
    for (let j = i + 1; j < frames.length; j++) {
      const a = frames[i]!;
      const b = frames[j]!;
      const gap = Math.abs(innerLipGap(a.keypoints!) - innerLipGap(b.keypoints!));
      const d = descriptorDistance(a.descriptor!, b.descriptor!);
      if (gap < 0.01) similar.push(d);
      else if (gap > 0.06) different.push(d);
    }
  }
  return {
    similarMouth: mean(similar),
    differentMouth: mean(different),
    pairs: [similar.length, different.length],
  };
}
