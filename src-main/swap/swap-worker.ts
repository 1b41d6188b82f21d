// Worker thread of the swap pool: holds the source face (sent once), swaps the frames it is given in place
// and sends them back with their matte. Buffers are transferred both ways, never copied.
import { parentPort, workerData } from 'node:worker_threads';
import { swapFrame, type FaceInFrame, type SwapOptions, type SwapSource } from './swap-frame.ts';

export interface SwapWorkerInit {
  source: SwapSource;
  options: SwapOptions;
  /** Put the matte into the alpha byte of RGBA frames (ProRes 4444). */
  matteToAlpha: boolean;
}

export interface SwapJob {
  id: number;
  width: number;
  height: number;
  channels: 3 | 4;
  data: Uint8Array;
  faces: FaceInFrame[];
}

export type SwapReply =
  | { id: number; ok: true; data: Uint8Array; matte: Uint8Array; warpMs: number; compositeMs: number }
  | { id: number; ok: false; error: string };

export interface SwapJobResult {
  data: Uint8Array;
  matte: Uint8Array;
  warpMs: number;
  compositeMs: number;
}

export function runSwapJob(init: SwapWorkerInit, job: SwapJob): SwapJobResult {
  const frame = { width: job.width, height: job.height, channels: job.channels, data: job.data };
  const { matte, warpMs, compositeMs } = swapFrame(frame, init.source, job.faces, init.options);
  if (init.matteToAlpha && job.channels === 4) {
    for (let p = 0, o = 3; p < matte.length; p++, o += 4) job.data[o] = matte[p]!;
  }
  return { data: job.data, matte, warpMs, compositeMs };
}

if (parentPort) {
  const port = parentPort;
  const init = workerData as SwapWorkerInit;
  port.on('message', (job: SwapJob) => {
    try {
      const { data, matte, warpMs, compositeMs } = runSwapJob(init, job);
      const reply: SwapReply = { id: job.id, ok: true, data, matte, warpMs, compositeMs };
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
}
