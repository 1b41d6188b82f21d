// A valid render spec for tests that do not render (queue bookkeeping, benches).
import { DEFAULT_SWAP } from '../../src-shared/project/schema.ts';
import { RENDER_SPEC_FORMAT, RENDER_SPEC_VERSION, type RenderSpec } from '../../src-shared/render/spec.ts';

export function testSpec(out: string, frames = 200, patch: Partial<RenderSpec> = {}): RenderSpec {
  return {
    format: RENDER_SPEC_FORMAT,
    version: RENDER_SPEC_VERSION,
    name: `test ${out}`,
    project: null,
    clipId: 'clip-1',
    target: '/media/clip.mov',
    source: { path: '/media/face.png', frame: 0 },
    analysis: null,
    face: 0,
    keyframes: [],
    interpolation: { mode: 'linear', outside: 'none' },
    range: { start: 0, end: frames },
    preset: { format: 'prores-hq', audio: true, timecode: true },
    out,
    swap: DEFAULT_SWAP,
    ...patch,
  };
}
