// What the studio asks of the engine, and which parts of it exist in this build. A capability that has not
// landed is reported unavailable with the reason; nothing stands in for it.
import type { Capabilities, Capability } from '../../src-shared/api/schemas.ts';
import type { MediaInfo } from '../../src-shared/media.ts';
import { probe } from '../media/probe.ts';
import { grabFrame } from '../media/image.ts';
import { grabMatte } from './matte-image.ts';
import { existsSync } from 'node:fs';
import path from 'node:path';

export interface Engine {
  probe(path: string, signal?: AbortSignal): Promise<MediaInfo>;
  grabFrame(
    path: string,
    index: number,
    opts: { maxWidth?: number; info?: MediaInfo; signal?: AbortSignal },
  ): Promise<Buffer>;
  /** The alpha (matte) of a frame as a grey PNG; fails for a clip without alpha. */
  grabMatte(
    path: string,
    index: number,
    opts: { maxWidth?: number; info: MediaInfo; signal?: AbortSignal },
  ): Promise<Buffer>;
  capabilities(): Capabilities;
}

const yes: Capability = { available: true, reason: null };
const no = (reason: string): Capability => ({ available: false, reason });

/** Whether the shipped DepthNet model is present (the swap needs it). */
function depthModel(modelDir: string): Capability {
  return existsSync(path.join(modelDir, 'model.json'))
    ? yes
    : no(`the DepthNet model is missing (${modelDir}/model.json); train or install it first`);
}

export function createEngine(nativeShell: boolean, modelDir: string): Engine {
  return {
    probe: (p, signal) => probe(p, signal ? { signal } : {}),
    grabFrame: (p, index, opts) =>
      grabFrame(p, index, {
        format: 'jpeg',
        quality: 0.85,
        ...(opts.maxWidth ? { maxWidth: opts.maxWidth } : {}),
        ...(opts.info ? { info: opts.info } : {}),
        ...(opts.signal ? { signal: opts.signal } : {}),
      }),
    grabMatte: (p, index, opts) => grabMatte(p, index, opts),
    capabilities: () => ({
      media: yes,
      analysis: yes,
      depth: depthModel(modelDir),
      swap: depthModel(modelDir),
      render: depthModel(modelDir),
      nativeShell: nativeShell
        ? yes
        : no('only in the desktop app; in the browser the path is shown instead'),
    }),
  };
}
