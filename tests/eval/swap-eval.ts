// `npm run eval:swap`: does the swapped face speak with the actor and stay the source? For each source
// onto each target clip and each expression setting, renders a ProRes 4444 through the product path
// (swapClip), decodes the ENCODED file and judges every `--step`-th frame with face-api (detection, 68
// landmarks, recognition descriptor; tests/eval/swap-measures.ts): lip sync, blinks, identity, pose NME,
// seam score. Writes bench/swap-eval.json and prints a table. Measures only; asserts nothing.
//
//   node tests/eval/swap-eval.ts [--frames 90] [--step 3] [--expression 0,1] [--sources a.jpg,b.png]
//                                [--targets d3.mp4,s18.mp4] [--no-color-transfer]
// Paths of sources and targets are relative to ../shared/data (faces/..., video/...).
import { existsSync, mkdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { createFaceAnalyzer } from '../../src-main/analysis/face-analyzer.ts';
import { decodeImage } from '../../src-main/media/image.ts';
import { loadFaceDescriptorNet } from '../../src-main/ml/face-descriptor.ts';
import { writeFileAtomic } from '../../src-main/util/atomic-write.ts';
import { swapClip } from '../../src-main/swap/swap-clip.ts';
import { cachedAnalysisPath, findSourceFace } from '../../src-main/swap/swap-analysis.ts';
import { flatten } from '../../src-main/swap/placements.ts';
import { expressionLag, type LagRow } from './expression-lag.ts';
import type { MouthMode } from '../../src-main/swap/expression-track.ts';
import type { ColorMode } from '../../src-main/swap/swap-frame.ts';
import { DEFAULT_DEPTHNET_DIR } from '../../src-main/depthnet/depthnet.ts';
import { readFrames, type RawFrame } from '../../src-main/media/frame-reader.ts';
import { dataPath, hasData, REPO_ROOT } from '../support/shared-data.ts';
import {
  judgeClip,
  judgeFrame,
  judgeSpread,
  scoreClip,
  seamScore,
  type ClipScores,
  type JudgeSpread,
} from './swap-measures.ts';

const { values } = parseArgs({
  options: {
    frames: { type: 'string', default: '90' },
    step: { type: 'string', default: '3' },
    expression: { type: 'string', default: '0,1' },
    sources: {
      type: 'string',
      default:
        'faces/face_recognition/lin-manuel-miranda.png,faces/liveportrait/d30.jpg,landmarks2d/eos/image_0001.png,' +
        'faces/face_recognition/obama.jpg,faces/liveportrait/d9.jpg',
    },
    targets: { type: 'string', default: 'video/liveportrait/d3.mp4,video/liveportrait/s18.mp4' },
    'no-color-transfer': { type: 'boolean' },
    /** How the mouth follows the target (expression-track.ts MouthMode: target, opening). */
    mouth: { type: 'string', default: 'target' },
    'color-mode': { type: 'string', default: 'local' },
    /** Only the engine-side lag measure (expression-lag.ts), from analyses already in the eval's state. */
    'lag-only': { type: 'boolean' },
    /** Also the seam score of the last setting with the other colour mode (local vs global). */
    'seam-compare': { type: 'boolean' },
  },
});
const frames = Number(values.frames);
const step = Number(values.step);
const settings = values.expression.split(',').map(Number);
const sources = values.sources.split(',');
const targets = values.targets.split(',');
if (!hasData(...sources, ...targets)) process.exit(0);

const work = path.join(os.tmpdir(), `depthswap-swap-eval-${process.pid}`);
mkdirSync(work, { recursive: true });
const stateDir = path.join(os.tmpdir(), 'depthswap-swap-eval-state');
const analyzer = await createFaceAnalyzer();
const descriptors = await loadFaceDescriptorNet();

interface Row extends ClipScores {
  source: string;
  target: string;
  expression: number;
  mouth: string;
  colorMode: string;
  seam: number;
  seconds: number;
}
const rows: Row[] = [];
const seamRows: { source: string; target: string; expression: number; colorMode: string; seam: number }[] =
  [];
const lags: { target: string; source: string; rows: LagRow[] }[] = [];
/** Per target: the judge's descriptor spread over its own real frames (similar vs different mouths). */
const spreads: ({ target: string } & JudgeSpread)[] = [];
try {
  if (!values['lag-only']) await renderAndJudge();
  for (const t of targets) {
    const file = cachedAnalysisPath(stateDir, dataPath(t));
    if (!file || !existsSync(file)) continue;
    const s = sources[0]!;
    const found = await findSourceFace(analyzer, dataPath(s), { file: null });
    const lag = await expressionLag({
      analysisFile: file,
      sourceKeypoints: flatten(found.keypoints),
      sourceWidth: found.picture.width,
      frames,
      modelDir: DEFAULT_DEPTHNET_DIR,
      sigmas: [0, 1, 2],
    });
    lags.push({ target: t, source: s, rows: lag });
  }
} finally {
  analyzer.dispose();
  descriptors.dispose();
  rmSync(work, { recursive: true, force: true });
}

async function renderAndJudge(): Promise<void> {
  const sourceDescriptors = new Map<string, Float32Array>();
  for (const s of sources) {
    const photo = await decodeImage(dataPath(s), { pixelFormat: 'rgb24' });
    const j = await judgeFrame(analyzer, descriptors, { ...photo, index: 0 });
    if (!j.descriptor) throw new Error(`the judge finds no face in the source ${s}`);
    sourceDescriptors.set(s, j.descriptor);
  }
  for (const t of targets) {
    const targetFrames = new Map<number, RawFrame>();
    const targetJudged = await judgeClip(analyzer, descriptors, dataPath(t), {
      step,
      frames,
      keep: (f) => targetFrames.set(f.index, f),
    });
    spreads.push({ target: t, ...judgeSpread(targetJudged) });
    console.log(JSON.stringify(spreads[spreads.length - 1]));
    for (const s of sources) {
      for (const expression of settings) {
        const out = path.join(work, `${path.parse(s).name}-${path.parse(t).name}-e${expression}.mov`);
        const row0 = {
          source: s,
          target: t,
          expression,
          mouth: values.mouth,
          colorMode: values['color-mode'],
        };
        const started = performance.now();
        await swapClip({
          source: dataPath(s),
          target: dataPath(t),
          out,
          format: 'prores-4444',
          range: { start: 0, end: frames },
          expression,
          expressionMouth: values.mouth as MouthMode,
          colorMode: values['color-mode'] as ColorMode,
          colorTransfer: !values['no-color-transfer'],
          modelDir: DEFAULT_DEPTHNET_DIR,
          stateDir,
          overwrite: true,
          threads: 1,
        });
        const seconds = (performance.now() - started) / 1000;
        const seams: number[] = [];
        const judged = await judgeClip(analyzer, descriptors, out, {
          step,
          keep: (f) => {
            const tf = targetFrames.get(f.index);
            const sc = tf ? seamScore(f, tf) : null;
            if (sc !== null) seams.push(sc);
          },
        });
        const scores = scoreClip(targetJudged, judged, sourceDescriptors.get(s)!);
        const seam = seams.reduce((a, b) => a + b, 0) / Math.max(1, seams.length);
        const row: Row = { ...row0, seam, seconds, ...scores };
        rows.push(row);
        console.log(JSON.stringify(row));
        rmSync(out, { force: true });
      }
      if (values['seam-compare']) {
        // The last setting again with the other colour mode: the seam score only (no judge needed).
        const expression = settings[settings.length - 1]!;
        const other: ColorMode = values['color-mode'] === 'local' ? 'global' : 'local';
        const out = path.join(work, `${path.parse(s).name}-${path.parse(t).name}-seam.mov`);
        await swapClip({
          source: dataPath(s),
          target: dataPath(t),
          out,
          format: 'prores-4444',
          range: { start: 0, end: frames },
          expression,
          expressionMouth: values.mouth as MouthMode,
          colorMode: other,
          modelDir: DEFAULT_DEPTHNET_DIR,
          stateDir,
          overwrite: true,
          threads: 1,
        });
        const seams: number[] = [];
        for await (const f of readFrames(out, { pixelFormat: 'rgba', range: { start: 0, end: frames } })) {
          if (f.index % step !== 0) continue;
          const tf = targetFrames.get(f.index);
          const sc = tf ? seamScore(f, tf) : null;
          if (sc !== null) seams.push(sc);
        }
        const seam = seams.reduce((a, b) => a + b, 0) / Math.max(1, seams.length);
        seamRows.push({ source: s, target: t, expression, colorMode: other, seam });
        console.log(JSON.stringify(seamRows[seamRows.length - 1]));
        rmSync(out, { force: true });
      }
    }
    targetFrames.clear();
  }
}

const f2 = (v: number) => (Number.isFinite(v) ? v.toFixed(2) : '  - ');
const f3 = (v: number) => (Number.isFinite(v) ? v.toFixed(3) : '  -  ');
console.log(
  `\nframes 0-${frames - 1} of each target, every ${step}th judged (face-api on the encoded ProRes 4444)\n` +
    'source                  target  expr  judged  lip r  lip MAD  lip max t/o  blink r  id kept  d(src)  d(tgt)  NME    seam',
);
for (const r of rows) {
  console.log(
    `${path.basename(r.source).padEnd(24)}${path.parse(r.target).name.padEnd(8)}${r.expression.toFixed(2).padStart(4)}` +
      `  ${String(r.judged).padStart(3)}/${String(r.frames).padEnd(3)}  ${f2(r.lipCorr).padStart(5)}  ${f3(r.lipMad).padStart(7)}` +
      `  ${f2(r.lipMaxTarget)}/${f2(r.lipMaxOutput)}    ${f2(r.blinkCorr).padStart(5)}   ${(100 * r.identityKept).toFixed(0).padStart(4)}%` +
      `  ${f3(r.distToSource)}   ${f3(r.distToTarget)}   ${f3(r.poseNme)}  ${f2(r.seam)}`,
  );
}
if (seamRows.length) {
  console.log(
    `\nseam score, colour mode ${values['color-mode']} (rows above) vs the other (Lab dE step over the target's own)`,
  );
  for (const r of seamRows) {
    const main = rows.find(
      (x) => x.source === r.source && x.target === r.target && x.expression === r.expression,
    );
    console.log(
      `${path.basename(r.source).padEnd(24)}${path.parse(r.target).name.padEnd(8)} ${values['color-mode']} ${f2(main?.seam ?? NaN)}  ${r.colorMode} ${f2(r.seam)}`,
    );
  }
}
if (spreads.length) {
  console.log(
    "\nthe judge's own spread: descriptor distance between real frames of the target, similar mouths (gap differs < 0.01) vs different (> 0.06)",
  );
  for (const r of spreads) {
    console.log(
      `${path.parse(r.target).name.padEnd(8)} similar ${f3(r.similarMouth)} (${r.pairs[0]} pairs)  different ${f3(r.differentMouth)} (${r.pairs[1]} pairs)`,
    );
  }
}
console.log(
  '\nexpression lag in the engine (every frame; output inner-lip gap vs the target raw detections)',
);
console.log('target  source      sigma  lag (frames)  r at 0  r at lag  jitter out / target raw');
for (const l of lags) {
  for (const r of l.rows) {
    console.log(
      `${path.parse(l.target).name.padEnd(8)}${path.basename(l.source).padEnd(12)}${String(r.sigma).padStart(5)}` +
        `  ${String(r.lagFrames).padStart(12)}  ${f3(r.corrAtZero)}   ${f3(r.corrAtLag)}   ${r.jitterOutput.toFixed(4)} / ${r.jitterTargetRaw.toFixed(4)}`,
    );
  }
}
const file = path.join(REPO_ROOT, 'bench', 'swap-eval.json');
mkdirSync(path.dirname(file), { recursive: true });
await writeFileAtomic(
  file,
  JSON.stringify({ date: new Date().toISOString(), frames, step, rows, seamRows, spreads, lags }, null, 2) +
    '\n',
);
console.log(`\nwrote ${path.relative(REPO_ROOT, file)}`);
