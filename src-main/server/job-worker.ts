// Worker thread entry for long jobs. Receives a JobSpec as workerData, reports progress, writes its output
// atomically (final name only when complete) and stops on 'cancel'.
import { parentPort, workerData } from 'node:worker_threads';
import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import type { JobSpec, ParentMessage, WorkerMessage } from './job-messages.ts';
import { createFaceAnalyzer } from '../analysis/face-analyzer.ts';
import { loadAnalysis, mergeIntoAnalysisFile } from '../analysis/analysis-store.ts';
import { sameClip } from '../analysis/clip-identity.ts';
import { isCancelled } from '../util/cancel.ts';
import { userMessage } from '../util/user-message.ts';
import { runRender } from './render-job.ts';
import { runDepth } from './depth-job.ts';
import { makeProxy } from '../proxy/make-proxy.ts';
import { runAdapt } from './adapt-job.ts';

if (!parentPort) throw new Error('job-worker.ts is a worker thread entry: start it through the JobRunner');
const port = parentPort;
const { spec } = workerData as { spec: JobSpec };
const controller = new AbortController();
port.on('message', (m: ParentMessage) => {
  if (m.type === 'cancel') controller.abort(new Error('cancelled'));
});
const post = (m: WorkerMessage) => port.postMessage(m);

async function run(spec: JobSpec): Promise<string> {
  const signal = controller.signal;
  if (spec.kind === 'proxy') {
    const made = await makeProxy({
      clip: spec.clipPath,
      stateDir: spec.stateDir,
      signal,
      onProgress: (progress) => post({ type: 'progress', progress }),
    });
    return made.path;
  }
  if (spec.kind === 'depth') {
    mkdirSync(path.dirname(spec.out), { recursive: true });
    return runDepth(spec, signal);
  }
  if (spec.kind === 'adapt')
    return runAdapt(spec, signal, (progress) => post({ type: 'progress', progress }));
  if (spec.kind === 'cleanup-train') {
    const { runCleanupTrain } = await import('../cleanup/cleanup-job.ts');
    return runCleanupTrain(spec, signal, (progress) => post({ type: 'progress', progress }));
  }
  if (spec.kind === 'source-check') {
    const { runSourceCheck } = await import('./review-jobs.ts');
    return runSourceCheck(spec, signal);
  }
  if (spec.kind === 'source-frames') {
    const { runSourceFrames } = await import('./review-jobs.ts');
    return runSourceFrames(spec, signal, (progress) => post({ type: 'progress', progress }));
  }
  if (spec.kind !== 'analysis') {
    mkdirSync(path.dirname(spec.spec.out), { recursive: true });
    return runRender(spec, signal, (progress) => post({ type: 'progress', progress }));
  }
  const analyzer = await createFaceAnalyzer();
  try {
    const range =
      spec.start !== undefined || spec.end !== undefined
        ? { start: spec.start ?? 0, end: spec.end ?? Infinity }
        : undefined;
    const base = spec.retrack && existsSync(spec.outPath) ? await loadAnalysis(spec.outPath) : null;
    const analysis = await analyzer.analyzeClip(spec.clipPath, {
      ...(range ? { range } : {}),
      signal,
      onProgress: (progress) => post({ type: 'progress', progress }),
    });
    if (base && !sameClip(base.clip, analysis.clip)) {
      throw new Error('the clip changed since it was analysed: run the whole analysis again');
    }
    mkdirSync(path.dirname(spec.outPath), { recursive: true });
    // Under the file's lock, onto what is on disk now: ranges another job saved meanwhile are kept.
    await mergeIntoAnalysisFile(spec.outPath, [analysis]);
    return spec.outPath;
  } finally {
    analyzer.dispose();
  }
}

run(spec)
  .then((outputPath) => post({ type: 'done', outputPath }))
  .catch((err: unknown) => {
    post({
      type: 'failed',
      error: userMessage(err),
      cancelled: isCancelled(err, controller.signal),
    });
  })
  // The runner terminates the thread once it has the result; until then nothing more comes in.
  .finally(() => port.removeAllListeners('message'));
