// Ground-truth evaluation of DepthNet adaptation on the rendered menpo3d scan (tests/tools/render-scan.ts):
// render the sweep, run the product's analysis (face-api keypoints, tracking), adapt the DepthNet on that
// analysis, and measure shipped vs adapted against the exact landmark depths and projections. Also how far
// face-api's landmarks are from the true projections (this bounds everything downstream).
//
//   nice -n 10 node tests/eval/scan-depth.ts [--frames 61] [--steps 300] [--out test-output/scan-depth]
//
// What this cannot test: the scan has one expression (no talking mouth, no blink, no smile); its texture
// has baked lighting that turns with the head; the camera is orthographic (DepthNet's own model).
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { renderScanClip, type ScanTruth } from '../tools/render-scan.ts';
import { DATA_DIR, testOutputDir } from '../support/shared-data.ts';
import { parseAnalysis, keypointsAt, type AnalysisFile } from '../../src-shared/analysis/schema.ts';
import { depthCorr } from '../../src-shared/depthnet/metrics.ts';
import { solveAffine, applyAffine } from '../../src-shared/depthnet/closed-form.ts';
import { unitDepth } from '../../src-shared/depthnet/consistency.ts';
import { alignDepthSign, factorizeRigid } from '../../src-shared/depthnet/rigid-factorization.ts';
import {
  adaptDepthNet,
  DEFAULT_ADAPT_SETTINGS,
  type AdaptResult,
  type AdaptSettings,
} from '../../src-main/depthnet/adapt.ts';
import { DEFAULT_DEPTHNET_DIR, loadDepthNet, type DepthNet } from '../../src-main/depthnet/depthnet.ts';
import { saveAnalysis } from '../../src-main/analysis/analysis-store.ts';

export interface DepthScores {
  pairs: number;
  /** Sum over the 68 keypoints of |Pearson| between predicted and true depth across pairs (max 68). */
  depthCorr: number;
  /** DepthCorr of the 51 inner points (no jaw contour), and of the depths with their plane part (a x + b y + c
   * over the source keypoints) removed: the part of depth an affine camera can identify at all. */
  depthCorrInner: number;
  depthCorrShape: number;
  /** RMS depth error after the best scale and offset per pair, pixels, and as a fraction of the true depth's RMS. */
  depthRmsePx: number;
  depthRelError: number;
  /** Closed-form keypoint transfer, RMS pixels: vs the keypoints it was fitted to, and vs the true projections. */
  transferFitPx: number;
  transferTruePx: number;
}

type Pts = number[];

const pts = (xy: Pts) =>
  Array.from({ length: 68 }, (_, k) => [xy[2 * k]!, xy[2 * k + 1]!] as [number, number]);

/** z minus its least-squares fit a x + b y + c over the points (the affine-unidentifiable part). */
export function withoutPlane(xy: Pts, z: ArrayLike<number>): Float64Array {
  const n = z.length;
  let mx = 0;
  let my = 0;
  let mz = 0;
  for (let k = 0; k < n; k++) {
    mx += xy[2 * k]!;
    my += xy[2 * k + 1]!;
    mz += z[k]!;
  }
  mx /= n;
  my /= n;
  mz /= n;
  let sxx = 0;
  let sxy = 0;
  let syy = 0;
  let sxz = 0;
  let syz = 0;
  for (let k = 0; k < n; k++) {
    const x = xy[2 * k]! - mx;
    const y = xy[2 * k + 1]! - my;
    const w = z[k]! - mz;
    sxx += x * x;
    sxy += x * y;
    syy += y * y;
    sxz += x * w;
    syz += y * w;
  }
  const det = sxx * syy - sxy * sxy;
  const a = (syy * sxz - sxy * syz) / det;
  const b = (sxx * syz - sxy * sxz) / det;
  return Float64Array.from(z, (v, k) => v - mz - a * (xy[2 * k]! - mx) - b * (xy[2 * k + 1]! - my));
}

/** Scores of a net on all ordered pairs (i, j), i != j, of the frames with keypoints `kp` and truth. */
export function depthScores(net: DepthNet, kp: Pts[], truth: ScanTruth[], frames: number[]): DepthScores {
  const pairs: [number, number][] = [];
  for (const i of frames) for (const j of frames) if (i !== j) pairs.push([i, j]);
  const preds = net.predict(pairs.map(([i, j]) => ({ source: pts(kp[i]!), target: pts(kp[j]!) })));
  const predU: Float64Array[] = [];
  const trueU: Float64Array[] = [];
  const predS: Float64Array[] = [];
  const trueS: Float64Array[] = [];
  let dErr = 0;
  let dRel = 0;
  let fit = 0;
  let tru = 0;
  pairs.forEach(([i, j], p) => {
    const d = preds[p]!.depth;
    const t = truth[i]!.z;
    predU.push(unitDepth(d));
    trueU.push(unitDepth(t));
    predS.push(unitDepth(withoutPlane(kp[i]!, d)));
    trueS.push(unitDepth(withoutPlane(kp[i]!, t)));
    // best a * d + b to t
    const n = 68;
    const md = d.reduce((s, v) => s + v, 0) / n;
    const mt = t.reduce((s, v) => s + v, 0) / n;
    let sdd = 0;
    let sdt = 0;
    let stt = 0;
    for (let k = 0; k < n; k++) {
      sdd += (d[k]! - md) ** 2;
      sdt += (d[k]! - md) * (t[k]! - mt);
      stt += (t[k]! - mt) ** 2;
    }
    const a = sdd > 0 ? sdt / sdd : 0;
    let se = 0;
    for (let k = 0; k < n; k++) se += (t[k]! - mt - a * (d[k]! - md)) ** 2;
    dErr += se / n;
    dRel += se / Math.max(1e-9, stt);
    const m = solveAffine(kp[i]!, d, kp[j]!, net.meta.ridge);
    const mapped = applyAffine(m, kp[i]!, d);
    for (let k = 0; k < n; k++) {
      fit += (mapped[2 * k]! - kp[j]![2 * k]!) ** 2 + (mapped[2 * k + 1]! - kp[j]![2 * k + 1]!) ** 2;
      tru +=
        (mapped[2 * k]! - truth[j]!.xy[2 * k]!) ** 2 + (mapped[2 * k + 1]! - truth[j]!.xy[2 * k + 1]!) ** 2;
    }
  });
  const np = Math.max(1, pairs.length);
  return {
    pairs: pairs.length,
    depthCorr: depthCorr(predU, trueU),
    depthCorrInner: depthCorr(
      predU.map((u) => u.subarray(17)),
      trueU.map((u) => u.subarray(17)),
    ),
    depthCorrShape: depthCorr(predS, trueS),
    depthRmsePx: Math.sqrt(dErr / np),
    depthRelError: Math.sqrt(dRel / np),
    transferFitPx: Math.sqrt(fit / (np * 68)),
    transferTruePx: Math.sqrt(tru / (np * 68)),
  };
}

export interface LandmarkScores {
  frames: number;
  /** Mean distance face-api -> true projection, pixels: all 68, the jaw contour (0-16), the inner 51. */
  meanPx: number;
  jawPx: number;
  innerPx: number;
  /** The same over the inter-ocular distance (outer eye corners 36-45) of the truth. */
  meanIod: number;
  byYaw: { yaw: string; meanPx: number; frames: number }[];
}

export function landmarkScores(kp: (Pts | null)[], truth: ScanTruth[]): LandmarkScores {
  let all = 0;
  let jaw = 0;
  let inner = 0;
  let iod = 0;
  let n = 0;
  const buckets = new Map<string, [number, number]>();
  truth.forEach((t, f) => {
    const k = kp[f];
    if (!k) return;
    const d = Array.from({ length: 68 }, (_, p) =>
      Math.hypot(k[2 * p]! - t.xy[2 * p]!, k[2 * p + 1]! - t.xy[2 * p + 1]!),
    );
    const mean = d.reduce((s, v) => s + v, 0) / 68;
    all += mean;
    jaw += d.slice(0, 17).reduce((s, v) => s + v, 0) / 17;
    inner += d.slice(17).reduce((s, v) => s + v, 0) / 51;
    iod += mean / Math.hypot(t.xy[90]! - t.xy[72]!, t.xy[91]! - t.xy[73]!);
    n++;
    const b = Math.abs(t.yawDeg) < 20 ? '|yaw|<20' : Math.abs(t.yawDeg) < 40 ? '20-40' : '40-60';
    const e = buckets.get(b) ?? [0, 0];
    buckets.set(b, [e[0] + mean, e[1] + 1]);
  });
  const m = Math.max(1, n);
  return {
    frames: n,
    meanPx: all / m,
    jawPx: jaw / m,
    innerPx: inner / m,
    meanIod: iod / m,
    byYaw: [...buckets].map(([yaw, [s, c]]) => ({ yaw, meanPx: s / c, frames: c })),
  };
}

export interface ScanEvalReport {
  frames: number;
  analysedFrames: number;
  landmarks: LandmarkScores;
  /** Inputs: face-api's keypoints (the product), and the true projections (the model alone). */
  shipped: { faceApi: DepthScores; trueKeypoints: DepthScores };
  adapted: { faceApi: DepthScores; trueKeypoints: DepthScores } | null;
  /** The multi-frame rigid teacher alone (robust factorisation of face-api's keypoints, no network):
   * DepthCorr of its depths against the truth, all 68 and the inner 51. */
  teacher: { depthCorr: number; depthCorrInner: number; plainDepthCorr: number };
  /** The same for a candidate the collapse guard refused (OUT/refused), for inspection only. */
  refused: { faceApi: DepthScores; trueKeypoints: DepthScores } | null;
  adaptation: AdaptResult | null;
}

/** Renders (once), analyses (once) and adapts; all files under `dir`. */
export async function runScanEval(opts: {
  dir: string;
  frames: number;
  steps: number;
  seed?: number;
  settings?: Partial<AdaptSettings>;
}): Promise<ScanEvalReport> {
  await mkdir(opts.dir, { recursive: true });
  const clip = path.join(opts.dir, `scan-${opts.frames}.mp4`);
  const truthFile = path.join(opts.dir, `scan-${opts.frames}.truth.json`);
  let truth: ScanTruth[];
  if (existsSync(clip) && existsSync(truthFile))
    truth = JSON.parse(await readFile(truthFile, 'utf8')) as ScanTruth[];
  else {
    truth = await renderScanClip({ out: clip, frames: opts.frames });
    await writeFile(truthFile, JSON.stringify(truth));
  }
  const analysisFile = path.join(opts.dir, `scan-${opts.frames}.analysis.json`);
  let analysis: AnalysisFile;
  if (existsSync(analysisFile)) analysis = parseAnalysis(await readFile(analysisFile, 'utf8'));
  else {
    const { createFaceAnalyzer } = await import('../../src-main/analysis/face-analyzer.ts');
    const analyzer = await createFaceAnalyzer();
    try {
      analysis = await analyzer.analyzeClip(clip, { mode: 'detect' });
    } finally {
      analyzer.dispose();
    }
    await saveAnalysis(analysisFile, analysis);
  }
  const track = analysis.tracks.slice().sort((a, b) => b.last - b.first - (a.last - a.first))[0]?.id ?? 0;
  const kp: (Pts | null)[] = truth.map((_, f) => keypointsAt(analysis, f, track)?.flat() ?? null);
  const frames = truth.map((_, f) => f).filter((f) => kp[f] !== null);
  const trueKp = truth.map((t) => t.xy);
  const faceKp = kp.map((k, f) => k ?? trueKp[f]!);
  const shippedNet = await loadDepthNet(DEFAULT_DEPTHNET_DIR);
  const shipped = {
    faceApi: depthScores(shippedNet, faceKp, truth, frames),
    trueKeypoints: depthScores(shippedNet, trueKp, truth, frames),
  };
  const truthU = frames.map((f) => unitDepth(truth[f]!.z));
  const teacherCorr = (robust: boolean) => {
    const r = factorizeRigid(
      frames.map((f) => faceKp[f]!),
      { robust },
    );
    return alignDepthSign(r.depths, truthU).map((z) => unitDepth(z));
  };
  const robustTeacher = teacherCorr(true);
  const teacher = {
    depthCorr: depthCorr(robustTeacher, truthU),
    depthCorrInner: depthCorr(
      robustTeacher.map((u) => u.subarray(17)),
      truthU.map((u) => u.subarray(17)),
    ),
    plainDepthCorr: depthCorr(teacherCorr(false), truthU),
  };
  let adapted: ScanEvalReport['adapted'] = null;
  let refused: ScanEvalReport['refused'] = null;
  let adaptation: AdaptResult | null = null;
  if (opts.steps > 0) {
    const outDir = path.join(opts.dir, `adapted-${opts.frames}-${opts.steps}`);
    adaptation = await adaptDepthNet({
      modelDir: DEFAULT_DEPTHNET_DIR,
      analysis,
      track,
      outDir,
      dataDir: DATA_DIR,
      settings: { ...DEFAULT_ADAPT_SETTINGS, ...opts.settings, steps: opts.steps, seed: opts.seed ?? 1 },
      fresh: true,
    });
    const net = await loadDepthNet(adaptation.accepted ? outDir : path.join(outDir, 'refused'));
    const scores = {
      faceApi: depthScores(net, faceKp, truth, frames),
      trueKeypoints: depthScores(net, trueKp, truth, frames),
    };
    if (adaptation.accepted) adapted = scores;
    else refused = scores;
  }
  return {
    frames: truth.length,
    analysedFrames: frames.length,
    landmarks: landmarkScores(kp, truth),
    shipped,
    teacher,
    adapted,
    refused,
    adaptation,
  };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { values } = parseArgs({
    options: {
      frames: { type: 'string' },
      steps: { type: 'string' },
      out: { type: 'string' },
      seed: { type: 'string' },
      'teacher-weight': { type: 'string' },
      'consistency-weight': { type: 'string' },
      'keypoint-weight': { type: 'string' },
      replay: { type: 'string' },
      lr: { type: 'string' },
      'anchor-weight': { type: 'string' },
    },
  });
  const settings: Partial<AdaptSettings> = {
    ...(values['teacher-weight'] ? { teacherWeight: Number(values['teacher-weight']) } : {}),
    ...(values['consistency-weight'] ? { consistencyWeight: Number(values['consistency-weight']) } : {}),
    ...(values['keypoint-weight'] ? { keypointWeight: Number(values['keypoint-weight']) } : {}),
    ...(values.replay ? { replay: Number(values.replay) } : {}),
    ...(values.lr ? { learningRate: Number(values.lr) } : {}),
    ...(values['anchor-weight'] ? { anchorWeight: Number(values['anchor-weight']) } : {}),
  };
  const report = await runScanEval({
    dir: path.resolve(values.out ?? testOutputDir('scan-depth')),
    frames: Number(values.frames ?? 61),
    steps: Number(values.steps ?? DEFAULT_ADAPT_SETTINGS.steps),
    seed: Number(values.seed ?? 1),
    settings,
  });
  const { adaptation, ...rest } = report;
  console.log(
    JSON.stringify(
      { ...rest, guard: adaptation?.guard, onTrack: adaptation?.onTrack, teacher: adaptation?.teacher },
      null,
      2,
    ),
  );
}
