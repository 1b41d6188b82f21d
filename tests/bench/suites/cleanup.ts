// Cleanup CycleGAN speed and memory on this CPU: ms per crop of inference (the render's cost per face)
// and ms per training step (batch 1, both generators and discriminators), on the chosen backend (and on
// wasm when that is a native one), for the default network (128 px, ngf 12, 3 blocks, ndf 16), the
// default with the recognition identity term, and the example size (ngf 32, 6 blocks, ndf 32);
// the kernels that take the time in a wasm training step; peak RSS of this process while training.
// (The plain-JS cpu backend takes minutes per step: only a fallback, not measured here.)
import { loadavg } from 'node:os';
import type { BenchSuite } from '../run.ts';
import { initTf, tf } from '../../../src-main/ml/runtime.ts';
import { installWasmTrainingKernels } from '../../../src-main/ml/wasm-training-kernels.ts';
import { CleanupConfigSchema, type CleanupConfig } from '../../../src-main/cleanup/config.ts';
import { CycleGan } from '../../../src-main/cleanup/cyclegan.ts';
import { syntheticCropSet } from '../../support/cleanup-crops.ts';
import { PairSampler, cropTensors, disposePair } from '../../../src-main/cleanup/sampler.ts';
import { samplePeakRss } from '../peak-rss.ts';
import { loadRecognitionTerm } from '../../../src-main/cleanup/recognition-loss.ts';

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;

async function measure(config: CleanupConfig, opts: { inferRuns: number; steps: number }) {
  const gan = new CycleGan(config, 1);
  if (config.recognitionWeight > 0) gan.recognition = await loadRecognitionTerm();
  const a = syntheticCropSet(config.size, 4, 1, true);
  const b = syntheticCropSet(config.size, 4, 9, false);
  const sampler = new PairSampler(a, b, 1);
  const { rgb, matte } = cropTensors(a, 0);
  try {
    gan.clean(rgb, matte).dispose(); // warm-up
    // Wall time, and this process's CPU time (the machine is shared: CPU ms is what the work costs).
    const cpuMs = (c: NodeJS.CpuUsage) => (c.user + c.system) / 1000;
    const infer: number[] = [];
    const inferCpu: number[] = [];
    for (let i = 0; i < opts.inferRuns; i++) {
      const t = performance.now();
      const c = process.cpuUsage();
      const out = gan.clean(rgb, matte);
      await out.data();
      out.dispose();
      inferCpu.push(cpuMs(process.cpuUsage(c)));
      infer.push(performance.now() - t);
    }
    const step: number[] = [];
    const stepCpu: number[] = [];
    for (let s = 0; s <= opts.steps; s++) {
      const pair = sampler.pair(s);
      const t = performance.now();
      const c = process.cpuUsage();
      gan.step(pair, s);
      if (s > 0) {
        // step 0 creates Adam's moments
        stepCpu.push(cpuMs(process.cpuUsage(c)));
        step.push(performance.now() - t);
      }
      disposePair(pair);
    }
    return {
      msPerCrop: Math.round(median(infer)),
      cpuMsPerCrop: Math.round(median(inferCpu)),
      msPerStep: Math.round(median(step)),
      cpuMsPerStep: Math.round(median(stepCpu)),
      steps: step.length,
    };
  } finally {
    tf.dispose([rgb, matte]);
    gan.recognition?.dispose();
    gan.dispose();
  }
}

async function topKernels(config: CleanupConfig): Promise<Record<string, number>> {
  const gan = new CycleGan(config, 2);
  const a = syntheticCropSet(config.size, 2, 1, true);
  const sampler = new PairSampler(a, a, 1);
  const p0 = sampler.pair(0);
  gan.step(p0, 0);
  disposePair(p0);
  const pair = sampler.pair(1);
  const info = await tf.profile(() => {
    gan.step(pair, 1);
  });
  disposePair(pair);
  gan.dispose();
  const byName: Record<string, number> = {};
  for (const k of info.kernels) {
    const ms = await Promise.resolve(k.kernelTimeMs as number | { error: string } | Promise<number>);
    byName[k.name] = (byName[k.name] ?? 0) + (typeof ms === 'number' ? ms : 0);
  }
  return Object.fromEntries(
    Object.entries(byName)
      .sort((x, y) => y[1] - x[1])
      .slice(0, 8)
      .map(([k, v]) => [k, Math.round(v)]),
  );
}

const suite: BenchSuite = {
  name: 'cleanup',
  async run({ log }) {
    const report = await initTf();
    installWasmTrainingKernels();
    // The machine is shared: its load beside the numbers (CPU ms are what the work costs; wall ms suffer).
    const load = () => loadavg().map((l) => Math.round(l * 10) / 10);
    const result: Record<string, unknown> = {
      defaultBackend: report.choice,
      detail: report.detail,
      loadAtStart: load(),
    };
    const configs: [string, CleanupConfig][] = [
      ['default (128 px, ngf 12, 3 blocks, ndf 16)', CleanupConfigSchema.parse({})],
      ['default + recognition term', CleanupConfigSchema.parse({ recognitionWeight: 1 })],
      ['issue example (128 px, ngf 32, 6 blocks, ndf 32)', CleanupConfigSchema.parse({ ngf: 32, blocks: 6, ndf: 32 })],
    ];
    const backends = [report.choice, ...(['wasm'] as const).filter((b) => b !== report.choice)];
    for (const backend of backends) {
      if (!(await tf.setBackend(backend === 'tensorflow-gpu' ? 'tensorflow' : backend))) continue;
      for (const [name, config] of configs) {
        const rss = samplePeakRss(process.pid, 200);
        const m = await measure(config, { inferRuns: 5, steps: 3 });
        const peakRssMiB = rss.stop();
        log(
          `${backend} ${name}: ${m.msPerCrop} ms per crop (${m.cpuMsPerCrop} CPU ms), ${m.msPerStep} ms per training step (${m.cpuMsPerStep} CPU ms), peak RSS ${peakRssMiB} MiB`,
        );
        result[`${backend} ${name}`] = { ...m, peakRssMiB };
      }
    }
    await tf.setBackend('wasm');
    const kernels = await topKernels(CleanupConfigSchema.parse({}));
    log(`wasm training step, kernel ms: ${JSON.stringify(kernels)}`);
    result['wasm default step kernels ms'] = kernels;
    result['loadAtEnd'] = load();
    log(`load average at start ${JSON.stringify(result['loadAtStart'])}, at end ${JSON.stringify(result['loadAtEnd'])}`);
    return result;
  },
};
export default suite;
