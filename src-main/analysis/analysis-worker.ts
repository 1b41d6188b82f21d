// Entry of a clip-analysis worker thread (started by chunk-worker.ts; bundled as analysis-worker.cjs in the
// app): loads its own face models from disk, analyses one chunk (clip-chunk.ts), reports each analysed frame
// and sends back the raw tracklets. The parent stops it with terminate() on cancellation.
import { parentPort, workerData } from 'node:worker_threads';
import { loadFaceModels } from '../ml/face-api-models.ts';
import { analyzeChunk, type ChunkRequest } from './clip-chunk.ts';
import type { ChunkWorkerInit, ChunkWorkerMessage } from './chunk-worker.ts';

if (!parentPort)
  throw new Error('analysis-worker.ts is a worker thread entry: start it through runChunkInWorker');
const port = parentPort;
const init = workerData as ChunkWorkerInit;
const send = (m: ChunkWorkerMessage): void => port.postMessage(m);

async function main(req: ChunkRequest): Promise<void> {
  const models = await loadFaceModels({ modelDir: init.modelDir });
  try {
    const result = await analyzeChunk(models, req, { onFrame: () => send({ type: 'frame' }) });
    send({ type: 'done', result });
  } finally {
    models.dispose();
  }
}

main(init.request).catch((err: unknown) => {
  send({ type: 'error', message: err instanceof Error ? err.message : String(err) });
});
