// Pose-matched source frames: when the source is a clip (many frames of one person), each target frame takes
// its texture from the source frame whose head pose (yaw, pitch) and expression state (mouth and eye opening)
// best match, with the mirrored source frames as candidates too (the fallback to mirroring). The choice has
// hysteresis (it switches only to a candidate better by `marginDeg`), and every switch is a cross-fade over
// `fadeFrames` frames, so the texture does not jump. Computed over a whole track at once (never over a
// render range), so chunks of a render farm choose identically.
import { estimateHeadPose } from './head-pose.ts';

export interface FaceState {
  yawDeg: number;
  pitchDeg: number;
  /** Inner-lip opening over the face size (0 = closed). */
  mouth: number;
  /** Mean eyelid opening over the eye width (0 = closed). */
  eyes: number;
}

export interface SourceCandidate extends FaceState {
  /** The source clip's frame index. */
  frame: number;
}

export interface SourcePick {
  frame: number;
  mirrored: boolean;
}

export interface SourceChoice extends SourcePick {
  /** During a cross-fade: the previous pick and its weight (the current pick has 1 - weight). */
  fade: (SourcePick & { weight: number }) | null;
}

export interface ChoiceOptions {
  /** A new candidate must be better by this many degrees of cost before the choice switches. Default 6. */
  marginDeg?: number;
  /** Frames a switch cross-fades over. Default 6 (0 = cut). */
  fadeFrames?: number;
  /** Degrees of cost per unit of mouth / eye opening difference. Defaults 60 and 20. */
  mouthWeight?: number;
  eyeWeight?: number;
  /**
   * Extra cost of a mirrored candidate. Default 10 degrees: a mirror image flips the face's asymmetry and
   * the light baked into its texture (lit from the other side than the target), which the colour match
   * cannot undo; measured on the scan onto s18 (docs/depth-adaptation.md), a real frame 9 degrees of cost
   * away beat a mirrored frame 3 away on identity and seam (the old 3-degree penalty chose the mirrored
   * one). Mirroring stays the fallback for a side the source never shows.
   */
  mirrorPenaltyDeg?: number;
  /** Allow mirrored candidates (default true). */
  mirror?: boolean;
}

const dist = (a: ArrayLike<number>, i: number, j: number) =>
  Math.hypot(a[2 * i]! - a[2 * j]!, a[2 * i + 1]! - a[2 * j + 1]!);

/** Pose and expression state of a face from its 68 keypoints (interleaved x, y). */
export function faceState(xy: ArrayLike<number>): FaceState {
  const pose = estimateHeadPose(xy);
  let cx = 0;
  let cy = 0;
  for (let k = 0; k < 68; k++) {
    cx += xy[2 * k]!;
    cy += xy[2 * k + 1]!;
  }
  cx /= 68;
  cy /= 68;
  let ss = 0;
  for (let k = 0; k < 68; k++) ss += (xy[2 * k]! - cx) ** 2 + (xy[2 * k + 1]! - cy) ** 2;
  const size = Math.sqrt(ss / 68) || 1;
  const mouth = (dist(xy, 61, 67) + dist(xy, 62, 66) + dist(xy, 63, 65)) / 3 / size;
  const eye = (a: number) =>
    (dist(xy, a + 1, a + 5) + dist(xy, a + 2, a + 4)) / 2 / (dist(xy, a, a + 3) || 1);
  return { ...pose, mouth, eyes: (eye(36) + eye(42)) / 2 };
}

interface Candidate extends SourcePick {
  state: FaceState;
  penalty: number;
}

function candidates(sources: readonly SourceCandidate[], mirror: boolean, penalty: number): Candidate[] {
  const out: Candidate[] = sources.map((s) => ({ frame: s.frame, mirrored: false, state: s, penalty: 0 }));
  if (mirror)
    for (const s of sources)
      out.push({ frame: s.frame, mirrored: true, state: { ...s, yawDeg: -s.yawDeg }, penalty });
  return out;
}

/**
 * One choice per target (null targets, frames without the face, get null and keep the state). `targets` are
 * the track's faces in frame order.
 */
export function chooseSourceFrames(
  sources: readonly SourceCandidate[],
  targets: readonly (FaceState | null)[],
  opts: ChoiceOptions = {},
): (SourceChoice | null)[] {
  if (sources.length === 0) throw new Error('no source frames to choose from');
  const margin = opts.marginDeg ?? 6;
  const fade = opts.fadeFrames ?? 6;
  const mw = opts.mouthWeight ?? 60;
  const ew = opts.eyeWeight ?? 20;
  const cands = candidates(sources, opts.mirror ?? true, opts.mirrorPenaltyDeg ?? 10);
  const cost = (c: Candidate, t: FaceState) =>
    Math.abs(c.state.yawDeg - t.yawDeg) +
    Math.abs(c.state.pitchDeg - t.pitchDeg) +
    mw * Math.abs(c.state.mouth - t.mouth) +
    ew * Math.abs(c.state.eyes - t.eyes) +
    c.penalty;
  let current: Candidate | null = null;
  let previous: Candidate | null = null;
  let sinceSwitch = Infinity;
  return targets.map((t) => {
    if (!t) return null;
    let best = cands[0]!;
    let bestCost = Infinity;
    for (const c of cands) {
      const v = cost(c, t);
      if (v < bestCost) {
        bestCost = v;
        best = c;
      }
    }
    if (!current) current = best;
    else if (best !== current && bestCost + margin < cost(current, t)) {
      previous = current;
      current = best;
      sinceSwitch = 0;
    }
    const pick = { frame: current.frame, mirrored: current.mirrored };
    let fading: SourceChoice['fade'] = null;
    if (previous && sinceSwitch < fade) {
      fading = {
        frame: previous.frame,
        mirrored: previous.mirrored,
        weight: 1 - (sinceSwitch + 1) / (fade + 1),
      };
    }
    sinceSwitch++;
    return { ...pick, fade: fading };
  });
}

/** Parses `--source-frames auto|N|A-B` into the source frames to consider (null: all, 'auto'). */
export function parseSourceFrames(text: string, frameCount: number): { start: number; end: number } | null {
  if (text === 'auto') return null;
  const m = /^(\d+)(?:-(\d+))?$/.exec(text.trim());
  if (!m) throw new Error(`--source-frames must be auto, N or A-B (got ${text})`);
  const start = Number(m[1]);
  const end = (m[2] === undefined ? start : Number(m[2])) + 1;
  if (end <= start) throw new Error(`--source-frames ${text} ends before it starts`);
  if (start >= frameCount)
    throw new Error(`--source-frames ${text} is outside the source clip (0-${frameCount - 1})`);
  return { start, end: Math.min(end, frameCount) };
}
