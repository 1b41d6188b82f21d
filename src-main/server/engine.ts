// What the studio asks of the engine, and which parts of it exist in this build. A capability that has not
// landed is reported unavailable with the reason; nothing stands in for it.
import type { Capabilities, Capability } from '../../src-shared/api/schemas.ts';
import type { MediaInfo } from '../../src-shared/media.ts';
import { probe } from '../media/probe.ts';
import { grabFrame } from '../media/image.ts';

export interface Engine {
  probe(path: string, signal?: AbortSignal): Promise<MediaInfo>;
  grabFrame(
    path: string,
    index: number,
    opts: { maxWidth?: number; info?: MediaInfo; signal?: AbortSignal },
  ): Promise<Buffer>;
  capabilities(): Capabilities;
}

const yes: Capability = { available: true, reason: null };
const no = (reason: string): Capability => ({ available: false, reason });

export function createEngine(nativeShell: boolean): Engine {
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
    capabilities: () => ({
      media: yes,
      analysis: yes,
      depth: no('DepthNet depth prediction is not in this build yet'),
      swap: no('the swap engine is not in this build yet'),
      render: no('rendering needs the swap engine, which is not in this build yet'),
      nativeShell: nativeShell
        ? yes
        : no('only in the desktop app; in the browser the path is shown instead'),
    }),
  };
}
