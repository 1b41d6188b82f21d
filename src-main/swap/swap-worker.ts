// Entry of a swap pool worker thread (started by swap-pool.ts; bundled as swap-worker.cjs in the app):
// holds the source face (sent once as workerData), swaps the frames it is given in place and sends them
// back with their matte. Buffers are transferred both ways, never copied. Only this entry listens on
// parentPort; the job itself is in swap-job.ts, which any module may import. The thread keeps its own
// scratch buffers.
import { parentPort, workerData } from 'node:worker_threads';
import { runStatsJob, runSwapJob, type SwapJob, type SwapReply, type SwapWorkerInit } from './swap-job.ts';
import { createSwapScratch } from './scratch.ts';
import { WarpCache } from './warp-cache.ts';

if (!parentPort) throw new Error('swap-worker.ts is a worker thread entry: start it through createSwapPool');
const port = parentPort;
const init = workerData as SwapWorkerInit;
const scratch = createSwapScratch();
const warps = new WarpCache();
// Only a render with a cleanup model loads it (and TF.js), once per thread.
const spec = init.cleanup;
const cleaner = spec ? import('../cleanup/apply-frame.ts').then((m) => m.createFrameCleaner(spec)) : null;
cleaner?.catch(() => undefined); // awaited per job; a failure is that job's error reply
port.on('message', async (job: SwapJob) => {
  try {
    if (job.kind === 'stats') {
      const { data, stats, warpMs } = runStatsJob(init, job, scratch, warps);
      const reply: SwapReply = { id: job.id, ok: true, data, stats, warpMs };
      port.postMessage(reply, [data.buffer as ArrayBuffer]);
      return;
    }
    const clean = cleaner ? (await cleaner).clean : undefined;
    const r = runSwapJob(init, job, scratch, clean, warps);
    const { data, matte } = r;
    const reply: SwapReply = { id: job.id, ok: true, ...r };
    port.postMessage(reply, [data.buffer as ArrayBuffer, matte.buffer as ArrayBuffer]);
  } catch (err) {
    const reply: SwapReply = {
      id: job.id,
      ok: false,
      error: err instanceof Error ? err.message : String(err),
    };
    port.postMessage(reply);
  }
});
