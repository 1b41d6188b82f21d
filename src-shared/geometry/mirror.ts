// The paper's flip: when the target shows the side of the face the source hides, warp the mirrored source.
// Mirroring an image maps pixel x to width-1-x and swaps left and right keypoints (iBUG 68 permutation).

/** MIRROR_PERMUTATION[i] = the keypoint that i becomes after a horizontal flip. */
export const MIRROR_PERMUTATION: readonly number[] = (() => {
  const pairs: [number, number][] = [
    [17, 26],
    [18, 25],
    [19, 24],
    [20, 23],
    [21, 22],
    [31, 35],
    [32, 34],
    [36, 45],
    [37, 44],
    [38, 43],
    [39, 42],
    [40, 47],
    [41, 46],
    [48, 54],
    [49, 53],
    [50, 52],
    [55, 59],
    [56, 58],
    [60, 64],
    [61, 63],
    [65, 67],
  ];
  for (let i = 0; i <= 7; i++) pairs.push([i, 16 - i]);
  const perm = Array.from({ length: 68 }, (_, i) => i);
  for (const [a, b] of pairs) {
    perm[a] = b;
    perm[b] = a;
  }
  return perm;
})();

/** Keypoints (interleaved x,y) of the horizontally mirrored image of width `width`. */
export function mirrorKeypoints(xy: ArrayLike<number>, width: number): Float64Array {
  if (xy.length !== 136)
    throw new Error(`mirrorKeypoints needs 68 keypoints (136 numbers), got ${xy.length}`);
  const out = new Float64Array(136);
  for (let i = 0; i < 68; i++) {
    const j = MIRROR_PERMUTATION[i]!;
    out[2 * j] = width - 1 - xy[2 * i]!;
    out[2 * j + 1] = xy[2 * i + 1]!;
  }
  return out;
}

export type MirrorMode = 'auto' | 'on' | 'off';
export const MIRROR_MODES: readonly MirrorMode[] = ['auto', 'on', 'off'];

/**
 * Whether to warp the mirrored source. Mirroring negates the source's yaw; in auto mode it is chosen when
 * that brings the source's yaw closer to the target's by more than `marginDeg` (so near-frontal faces do
 * not flip back and forth).
 */
export function chooseMirror(
  sourceYawDeg: number,
  targetYawDeg: number,
  mode: MirrorMode,
  marginDeg = 10,
): boolean {
  if (mode === 'on') return true;
  if (mode === 'off') return false;
  return Math.abs(-sourceYawDeg - targetYawDeg) + marginDeg < Math.abs(sourceYawDeg - targetYawDeg);
}
