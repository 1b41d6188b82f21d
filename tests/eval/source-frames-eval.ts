// Pose-matched source frames vs one frontal source frame, judged on the encoded output: a turning source clip
// (the rendered scan, yaw -60..60) onto a real target clip. Per sampled output frame, with face-api re-run on
// the output (independent judge):
//   identity  face-recognition descriptor distance of the output face to the source person: to the mean
//             descriptor of all the source clip's frames (the person, not one picture of him), and to the
//             frontal frame's alone (identityFrontal; biased towards the single-frame swap, which copies
//             exactly that picture)
//   stretch   anisotropy of the 2D affine from the used source frame's keypoints to the target's (singular
//             value ratio, 1 = none): a frontal source on a turned target is squeezed sideways
//   seam      extra edge energy in the matte's feather band: mean |grad luma| of the output minus the
//             target's, there (ProRes 4444 alpha = matte)
//
//   nice -n 10 node tests/eval/source-frames-eval.ts --source scan.mp4 --frontal 30 --target s18.mp4 --analysis s18.analysis.json [--frames 0-281] [--every 10]
import path from 'node:path';
import { parseArgs } from 'node:util';
import { swapClip, type SwapSummary } from '../../src-main/swap/swap-clip.ts';
import { DEFAULT_DEPTHNET_DIR } from '../../src-main/depthnet/depthnet.ts';
import { readFrame } from '../../src-main/media/frame-reader.ts';
import { createFaceAnalyzer } from '../../src-main/analysis/face-analyzer.ts';
import { loadFaceDescriptorNet, descriptorDistance } from '../../src-main/ml/face-descriptor.ts';
import { loadAnalysis } from '../../src-main/analysis/analysis-store.ts';
import { keypointsAt } from '../../src-shared/analysis/schema.ts';
import { solveAffine } from '../../src-shared/depthnet/closed-form.ts';
import { parseInclusiveRange } from '../../src-shared/frame-range.ts';
import { testOutputDir } from '../support/shared-data.ts';
import { mirrorKeypoints, MIRROR_MODES, type MirrorMode } from '../../src-shared/geometry/mirror.ts';

type Pt = [number, number];

function mirrored(kp: readonly Pt[], width: number): Pt[] {
  const m = mirrorKeypoints(kp.flat(), width);
  return Array.from({ length: 68 }, (_, k) => [m[2 * k]!, m[2 * k + 1]!] as Pt);
}

/** Singular value ratio (>= 1) of the 2x2 linear part of the 2D affine from `src` to `tgt` keypoints. */
export function stretchOf(src: readonly Pt[], tgt: readonly Pt[]): number {
  const m = solveAffine(src.flat(), null, tgt.flat());
  const a = m[0]!;
  const b = m[1]!;
  const c = m[3]!;
  const d = m[4]!;
  const s1 = a * a + b * b + c * c + d * d;
  const det = Math.abs(a * d - b * c);
  const disc = Math.sqrt(Math.max(0, s1 * s1 - 4 * det * det));
  const hi = Math.sqrt((s1 + disc) / 2);
  const lo = Math.sqrt(Math.max(1e-12, (s1 - disc) / 2));
  return hi / lo;
}

function lumaGrad(data: Uint8Array, w: number, h: number, ch: number, x: number, y: number): number {
  const l = (xx: number, yy: number) => {
    const o = (yy * w + xx) * ch;
    return 0.299 * data[o]! + 0.587 * data[o + 1]! + 0.114 * data[o + 2]!;
  };
  if (x <= 0 || y <= 0 || x >= w - 1 || y >= h - 1) return 0;
  return Math.hypot(l(x + 1, y) - l(x - 1, y), l(x, y + 1) - l(x, y - 1)) / 2;
}

interface Row {
  frame: number;
  identity: number | null;
  identityFrontal: number | null;
  stretch: number;
  seam: number;
}

async function judge(opts: {
  out: string;
  target: string;
  summary: SwapSummary;
  sourceClip: string;
  sourceKp: Map<number, Pt[]>;
  fixedSource: number | null;
  targetKp: (f: number) => Pt[] | null;
  sourceDescriptor: Float32Array;
  personDescriptor: Float32Array;
  sourceWidth: number;
  frames: number[];
  start: number;
}): Promise<Row[]> {
  const analyzer = await createFaceAnalyzer();
  const desc = await loadFaceDescriptorNet();
  const rows: Row[] = [];
  try {
    for (const f of opts.frames) {
      const outFrame = await readFrame(opts.out, f - opts.start, { pixelFormat: 'rgba' });
      const tgtFrame = await readFrame(opts.target, f, { pixelFormat: 'rgb24' });
      const tk = opts.targetKp(f);
      const pick = opts.summary.sourceFrames?.perFrame[String(f)];
      const used = opts.fixedSource ?? pick?.frame;
      if (!tk || used === undefined) continue;
      const plain = opts.sourceKp.get(used);
      if (!plain) continue;
      const sk = pick?.mirrored ? mirrored(plain, opts.sourceWidth) : plain;
      const rgb = new Uint8Array(outFrame.width * outFrame.height * 3);
      for (let p = 0, q = 0; p < rgb.length; p += 3, q += 4) {
        rgb[p] = outFrame.data[q]!;
        rgb[p + 1] = outFrame.data[q + 1]!;
        rgb[p + 2] = outFrame.data[q + 2]!;
      }
      const judged = { ...outFrame, channels: 3 as const, data: rgb };
      const faces = await analyzer.detectImage(judged);
      const best = faces.sort((a, b) => b.box[2] * b.box[3] - a.box[2] * a.box[3])[0];
      let identity: number | null = null;
      let identityFrontal: number | null = null;
      if (best) {
        const [d] = await desc.describe(judged, [best.keypoints as Pt[]]);
        identity = descriptorDistance(d!, opts.personDescriptor);
        identityFrontal = descriptorDistance(d!, opts.sourceDescriptor);
      }
      let seam = 0;
      let n = 0;
      const { width: w, height: h } = outFrame;
      for (let y = 1; y < h - 1; y += 2)
        for (let x = 1; x < w - 1; x += 2) {
          const a = outFrame.data[(y * w + x) * 4 + 3]! / 255;
          if (a <= 0.05 || a >= 0.95) continue;
          seam += lumaGrad(outFrame.data, w, h, 4, x, y) - lumaGrad(tgtFrame.data, w, h, 3, x, y);
          n++;
        }
      rows.push({ frame: f, identity, identityFrontal, stretch: stretchOf(sk, tk), seam: n ? seam / n : 0 });
    }
  } finally {
    analyzer.dispose();
    desc.dispose();
  }
  return rows;
}

const mean = (v: number[]) => (v.length ? v.reduce((a, b) => a + b, 0) / v.length : NaN);
function summarise(rows: Row[]) {
  const ids = rows.map((r) => r.identity).filter((v): v is number => v !== null);
  const idsFrontal = rows.map((r) => r.identityFrontal).filter((v): v is number => v !== null);
  return {
    frames: rows.length,
    judgedFaces: ids.length,
    identity: mean(ids),
    identityFrontal: mean(idsFrontal),
    stretch: mean(rows.map((r) => r.stretch)),
    seam: mean(rows.map((r) => r.seam)),
  };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { values } = parseArgs({
    options: {
      source: { type: 'string' },
      frontal: { type: 'string' },
      target: { type: 'string' },
      analysis: { type: 'string' },
      frames: { type: 'string' },
      every: { type: 'string' },
      out: { type: 'string' },
      mirror: { type: 'string' },
      'matched-only': { type: 'boolean' },
    },
  });
  const mirror = (values.mirror ?? 'auto') as MirrorMode;
  if (!MIRROR_MODES.includes(mirror)) throw new Error(`--mirror must be ${MIRROR_MODES.join(', ')}`);
  const dir = path.resolve(values.out ?? testOutputDir('source-frames-eval'));
  const range = values.frames ? parseInclusiveRange(values.frames) : undefined;
  const every = Number(values.every ?? 10);
  const frontal = Number(values.frontal ?? 0);
  const analysis = await loadAnalysis(values.analysis!);
  const track = analysis.tracks[0]?.id ?? 0;
  const targetKp = (f: number) => keypointsAt(analysis, f, track);
  const stateDir = path.join(dir, 'state');
  const common = {
    source: values.source!,
    target: values.target!,
    format: 'prores-4444' as const,
    modelDir: DEFAULT_DEPTHNET_DIR,
    analysisFile: path.resolve(values.analysis!),
    stateDir,
    overwrite: true,
    ...(range ? { range } : {}),
  };
  const single = values['matched-only']
    ? null
    : await swapClip({ ...common, sourceFrame: frontal, out: path.join(dir, 'single.mov') });
  const matched = await swapClip({
    ...common,
    sourceFrames: 'auto',
    mirror,
    out: path.join(dir, 'matched.mov'),
  });
  // the source clip's analysis (written by the matched swap) gives each source frame's keypoints
  const { analysisPathFor } = await import('../../src-main/util/state-dir.ts');
  const srcAnalysis = await loadAnalysis(analysisPathFor(stateDir, values.source!));
  const sourceKp = new Map<number, Pt[]>();
  for (const [f, e] of Object.entries(srcAnalysis.frames))
    if (e.faces[0]) sourceKp.set(Number(f), e.faces[0].keypoints);
  const srcPicture = await readFrame(values.source!, frontal, { pixelFormat: 'rgb24' });
  const descNet = await loadFaceDescriptorNet();
  const [sourceDescriptor] = await descNet.describe(srcPicture, [sourceKp.get(frontal)!]);
  // the person: the mean descriptor over every analysed source frame
  let personDescriptor = new Float32Array(sourceDescriptor!.length);
  let described = 0;
  for (const [f, kp] of sourceKp) {
    const picture = await readFrame(values.source!, f, { pixelFormat: 'rgb24' });
    const [d] = await descNet.describe(picture, [kp]);
    personDescriptor = personDescriptor.map((v, i) => v + d![i]!);
    described++;
  }
  personDescriptor = personDescriptor.map((v) => v / Math.max(1, described));
  descNet.dispose();
  const start = range?.start ?? 0;
  const end = range?.end ?? start + matched.frames;
  const frames: number[] = [];
  for (let f = start; f < end; f += every) frames.push(f);
  const base = {
    target: values.target!,
    sourceClip: values.source!,
    sourceKp,
    targetKp,
    sourceDescriptor: sourceDescriptor!,
    personDescriptor,
    sourceWidth: srcPicture.width,
    frames,
    start,
  };
  const a = single ? await judge({ ...base, out: single.out, summary: single, fixedSource: frontal }) : null;
  const b = await judge({ ...base, out: matched.out, summary: matched, fixedSource: null });
  console.log(
    JSON.stringify(
      {
        source: values.source,
        target: values.target,
        frames: frames.length,
        singleFrontal: a ? { sourceFrame: frontal, ...summarise(a) } : null,
        mirror,
        poseMatched: {
          used: matched.sourceFrames?.used,
          mirroredFrames: Object.values(matched.sourceFrames?.perFrame ?? {}).filter((p) => p.mirrored)
            .length,
          ...summarise(b),
        },
      },
      null,
      2,
    ),
  );
}
