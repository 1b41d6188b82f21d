// The studio's "Adapt to source" job: analyse every frame of the source clip (reusing its analysis file in
// the state folder), then adapt the DepthNet to that person (depthnet/adapt.ts) into the source's adapted
// model folder. A refused adaptation fails the job with the guard's numbers.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { createFaceAnalyzer, type FaceAnalyzer } from '../analysis/face-analyzer.ts';
import { analyzeClipCached } from '../analysis/analysis-store.ts';
import { probe } from '../media/probe.ts';
import { cachedAnalysisPath } from '../swap/swap-analysis.ts';
import { adaptDepthNet, DEFAULT_ADAPT_SETTINGS } from '../depthnet/adapt.ts';
import type { ProgressListener } from '../../src-shared/progress.ts';

export interface AdaptJobSpec {
  kind: 'adapt';
  source: string;
  /** The base model (the shipped one). */
  modelDir: string;
  out: string;
  stateDir: string;
  dataDir: string;
  steps?: number;
}

export async function runAdapt(
  spec: AdaptJobSpec,
  signal: AbortSignal,
  onProgress: ProgressListener,
): Promise<string> {
  const info = await probe(spec.source, { signal });
  if (info.isImage)
    throw new Error(
      'adapting the depth model needs a source clip (many frames of one person), not a still image',
    );
  const file = cachedAnalysisPath(spec.stateDir, spec.source);
  if (!file) throw new Error(`the state folder ${spec.stateDir} is not writable`);
  const lazy: { analyzer: Promise<FaceAnalyzer> | null } = { analyzer: null };
  let analysis;
  try {
    ({ analysis } = await analyzeClipCached(
      () => (lazy.analyzer ??= createFaceAnalyzer()),
      spec.source,
      file,
      {
        info,
        signal,
        onProgress: (p) => onProgress({ ...p, stage: 'analyse source' }),
      },
    ));
  } finally {
    if (lazy.analyzer) (await lazy.analyzer).dispose();
  }
  const r = await adaptDepthNet({
    modelDir: spec.modelDir,
    analysis,
    outDir: spec.out,
    dataDir: spec.dataDir,
    settings: { ...DEFAULT_ADAPT_SETTINGS, ...(spec.steps ? { steps: spec.steps } : {}) },
    // A finished adaptation is replaced; a cancelled one resumes from its checkpoint.
    fresh: existsSync(path.join(spec.out, 'depthnet.json')),
    signal,
    onProgress,
  });
  if (!r.accepted) throw new Error(`adaptation refused: ${r.guard.reason}`);
  return spec.out;
}
