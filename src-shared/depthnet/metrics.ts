// Evaluation measures of the DepthNets paper: keypoint error after the affine, and DepthCorr.

/** Mean over keypoints of the squared distance between predicted and target points (interleaved). */
export function keypointMse(pred: ArrayLike<number>, target: ArrayLike<number>): number {
  const n = target.length / 2;
  let s = 0;
  for (let i = 0; i < n; i++)
    s += (pred[2 * i]! - target[2 * i]!) ** 2 + (pred[2 * i + 1]! - target[2 * i + 1]!) ** 2;
  return s / n;
}

/** Pearson correlation of two equally long samples (0 when either is constant). */
export function pearson(a: ArrayLike<number>, b: ArrayLike<number>): number {
  const n = a.length;
  let ma = 0;
  let mb = 0;
  for (let i = 0; i < n; i++) {
    ma += a[i]!;
    mb += b[i]!;
  }
  ma /= n;
  mb /= n;
  let sab = 0;
  let saa = 0;
  let sbb = 0;
  for (let i = 0; i < n; i++) {
    const da = a[i]! - ma;
    const db = b[i]! - mb;
    sab += da * db;
    saa += da * da;
    sbb += db * db;
  }
  return saa > 0 && sbb > 0 ? sab / Math.sqrt(saa * sbb) : 0;
}

/** Subtracts the mean (a constant depth offset is unidentifiable: the affine's translation absorbs it). */
export function centred(values: ArrayLike<number>): Float64Array {
  let m = 0;
  for (let i = 0; i < values.length; i++) m += values[i]!;
  m /= values.length;
  return Float64Array.from(values, (v) => v - m);
}

/**
 * DepthCorr: sum over keypoints of |Pearson(pred_k, true_k)| across faces (max = number of keypoints).
 * `pred` and `truth` are per-face depth vectors (each face's mean is removed first).
 */
export function depthCorr(pred: ArrayLike<number>[], truth: ArrayLike<number>[]): number {
  if (pred.length !== truth.length || pred.length < 2) return 0;
  const k = truth[0]!.length;
  const p = pred.map(centred);
  const t = truth.map(centred);
  let total = 0;
  const a = new Float64Array(p.length);
  const b = new Float64Array(p.length);
  for (let j = 0; j < k; j++) {
    for (let f = 0; f < p.length; f++) {
      a[f] = p[f]![j]!;
      b[f] = t[f]![j]!;
    }
    total += Math.abs(pearson(a, b));
  }
  return total;
}
