// The paper's comparisons on AFLW2000-3D TEST pairs: Table 1 (keypoint error after the affine, normalised
// and pixels) for every variant, and Tables 2/3 (DepthCorr by source yaw group), ground-truth depth included.
import {
  isTestRow,
  loadAflw2000,
  loadTemplate,
  trainMeanTemplate,
  yawGroup,
  YAW_GROUPS,
  type YawGroup,
} from '../data/aflw2000.ts';
import { applyAffine, solveAffineRaw } from '../../src-shared/depthnet/closed-form.ts';
import { depthCorr, keypointMse } from '../../src-shared/depthnet/metrics.ts';
import { alignedTemplateDepth } from '../../src-shared/depthnet/template-depth.ts';
import { prepareFace, unitRms, type PreparedFace } from './features.ts';
import { samplePairs } from './training-data.ts';
import type { DepthNet } from './depthnet.ts';

export interface EvalRow {
  variant: string;
  description: string;
  /** Mean squared keypoint error in target-normalised units (RMS face radius = 1). */
  mseNorm: number;
  /** Mean squared keypoint error in target pixels^2, and its square root. */
  msePx: number;
  rmsePx: number;
  depthCorr: Record<YawGroup | 'all', number> | null;
}

export interface EvalReport {
  testFaces: number;
  pairs: number;
  targetsPerSource: number;
  seed: number;
  groups: Record<YawGroup, number>;
  rows: EvalRow[];
}

interface Method {
  variant: string;
  description: string;
  /** Per pair: depth (normalised source units, or null for 2D) and the affine (normalised). */
  run(pairs: EvalPair[]): { depth: Float64Array | null; m: Float64Array }[];
}

interface EvalPair {
  s: PreparedFace;
  t: PreparedFace;
  trueDepth: Float64Array;
  group: YawGroup;
}

const closedForm = (p: EvalPair, depth: Float64Array | null, ridge = 0) => ({
  depth,
  m: solveAffineRaw(p.s.norm, depth, p.t.norm, ridge).m,
});

function baselineMethods(template: Float64Array, meanTemplate: Float64Array): Method[] {
  return [
    {
      variant: '1',
      description: '2D affine registration (no depth)',
      run: (pairs) => pairs.map((p) => closedForm(p, null)),
    },
    {
      variant: '2',
      description: '3D average template (menpo3d) aligned by Procrustes + closed form',
      run: (pairs) => pairs.map((p) => closedForm(p, alignedTemplateDepth(template, p.s.norm))),
    },
    {
      variant: '2m',
      description: '3D average template = TRAIN-split mean shape, aligned + closed form',
      run: (pairs) => pairs.map((p) => closedForm(p, alignedTemplateDepth(meanTemplate, p.s.norm))),
    },
    {
      variant: 'gt',
      description: 'ground-truth depth (AFLW2000-3D 3DMM fit) + closed form',
      run: (pairs) => pairs.map((p) => closedForm(p, p.trueDepth)),
    },
  ];
}

function netMethods(net: DepthNet): Method[] {
  const raw = (pairs: EvalPair[]) =>
    net.predictRaw(pairs.map((p) => ({ source: p.s.norm, target: p.t.norm })));
  if (net.spec.variant === '3') {
    return [
      {
        variant: '3',
        description: 'DepthNet: depth and affine predicted',
        run: (pairs) => raw(pairs).map((r) => ({ depth: r.depth, m: r.predictedAffine! })),
      },
      {
        variant: '5',
        description: 'depth of variant 3 + closed-form affine',
        run: (pairs) => raw(pairs).map((r, i) => closedForm(pairs[i]!, r.depth, net.meta.ridge)),
      },
    ];
  }
  return [
    {
      variant: net.spec.variant,
      description: `DepthNet: ${net.spec.description}`,
      run: (pairs) => raw(pairs).map((r, i) => closedForm(pairs[i]!, r.depth, net.meta.ridge)),
    },
  ];
}

export interface EvalOptions {
  dataDir: string;
  nets: DepthNet[];
  targetsPerSource?: number;
  seed?: number;
}

export async function evaluateDepthNets(opts: EvalOptions): Promise<EvalReport> {
  const all = await loadAflw2000(opts.dataDir);
  const faces = all.filter((f) => isTestRow(f.row));
  const template = await loadTemplate(opts.dataDir);
  const k = opts.targetsPerSource ?? 4;
  const seed = opts.seed ?? 2018;
  const prepared = faces.map((f) => prepareFace(f.xy));
  const pairs: EvalPair[] = [];
  faces.forEach((f, i) => {
    const targets = samplePairs(faces.length - 1, k, seed, i).map(([a]) => (a >= i ? a + 1 : a));
    for (const j of targets) {
      const s = prepared[i]!;
      pairs.push({
        s,
        t: prepared[j]!,
        trueDepth: Float64Array.from(f.z, (v) => v / s.frame.scale),
        group: yawGroup(f.yawDeg),
      });
    }
  });
  const groups = { left: 0, front: 0, right: 0 };
  for (const f of faces) groups[yawGroup(f.yawDeg)]++;
  const methods = [...baselineMethods(template, trainMeanTemplate(all)), ...opts.nets.flatMap(netMethods)];
  const rows = methods.map((method) => scoreMethod(method, pairs));
  const order = ['1', '2', '2m', '3', '5', '7', '7t', 'gt'];
  rows.sort((a, b) => order.indexOf(a.variant) - order.indexOf(b.variant));
  return { testFaces: faces.length, pairs: pairs.length, targetsPerSource: k, seed, groups, rows };
}

function scoreMethod(method: Method, pairs: EvalPair[]): EvalRow {
  const results = method.run(pairs);
  let mseNorm = 0;
  let msePx = 0;
  results.forEach((r, i) => {
    const p = pairs[i]!;
    const e = keypointMse(applyAffine(r.m, p.s.norm, r.depth), p.t.norm);
    mseNorm += e;
    msePx += e * p.t.frame.scale ** 2;
  });
  mseNorm /= pairs.length;
  msePx /= pairs.length;
  let corr: EvalRow['depthCorr'] = null;
  if (results[0]?.depth) {
    const byGroup = (g: YawGroup | 'all') => {
      const idx = pairs.map((p, i) => (g === 'all' || p.group === g ? i : -1)).filter((i) => i >= 0);
      return depthCorr(
        idx.map((i) => unitRms(results[i]!.depth!)),
        idx.map((i) => unitRms(pairs[i]!.trueDepth)),
      );
    };
    corr = { left: 0, front: 0, right: 0, all: 0 };
    for (const g of [...YAW_GROUPS, 'all' as const]) corr[g] = byGroup(g);
  }
  return {
    variant: method.variant,
    description: method.description,
    mseNorm,
    msePx,
    rmsePx: Math.sqrt(msePx),
    depthCorr: corr,
  };
}

/** The report as a plain-text table. */
export function formatReport(r: EvalReport): string {
  const lines = [
    `AFLW2000-3D TEST: ${r.testFaces} faces (left ${r.groups.left}, front ${r.groups.front}, right ${r.groups.right}), ` +
      `${r.pairs} source/target pairs (${r.targetsPerSource} random targets per source, seed ${r.seed})`,
    '',
    'variant  MSE(norm)   MSE(px^2)  RMSE(px)  DepthCorr left/front/right/all (max 68)  description',
  ];
  for (const row of r.rows) {
    const dc = row.depthCorr
      ? YAW_GROUPS.map((g) => row.depthCorr![g].toFixed(1)).join(' / ') + ` / ${row.depthCorr.all.toFixed(1)}`
      : '-';
    lines.push(
      `${row.variant.padEnd(7)}  ${row.mseNorm.toFixed(5).padStart(9)}  ${row.msePx.toFixed(2).padStart(9)}  ` +
        `${row.rmsePx.toFixed(3).padStart(8)}  ${dc.padEnd(39)}  ${row.description}`,
    );
  }
  return lines.join('\n') + '\n';
}
