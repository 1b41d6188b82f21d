// Mean 3D face shape by generalised Procrustes analysis: every shape is centred, scaled to unit RMS and
// rotated onto the current mean (Horn's quaternion method: the top eigenvector of a 4x4 symmetric
// matrix, found by Jacobi rotations), repeated until the mean settles. Shapes are flat [x, y, z, ...].

/** Centred copy scaled to unit RMS distance from the centroid. */
export function normaliseShape3d(shape: ArrayLike<number>): Float64Array {
  const n = shape.length / 3;
  const c = [0, 0, 0];
  for (let i = 0; i < n; i++) for (let d = 0; d < 3; d++) c[d] = c[d]! + shape[3 * i + d]! / n;
  const out = Float64Array.from(shape, (v, i) => v - c[i % 3]!);
  let ss = 0;
  for (const v of out) ss += v * v;
  const s = Math.sqrt(ss / n);
  if (!(s > 0)) throw new Error('degenerate 3D shape');
  for (let i = 0; i < out.length; i++) out[i] = out[i]! / s;
  return out;
}

/** Eigen-decomposition of a symmetric 4x4 matrix (row-major) by cyclic Jacobi: [values, vectors (columns)]. */
export function jacobiEigen4(a: Float64Array): [Float64Array, Float64Array] {
  const m = Float64Array.from(a);
  const v = Float64Array.from([1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1]);
  for (let sweep = 0; sweep < 50; sweep++) {
    let off = 0;
    for (let p = 0; p < 4; p++) for (let q = p + 1; q < 4; q++) off += m[p * 4 + q]! ** 2;
    if (off < 1e-30) break;
    for (let p = 0; p < 4; p++) {
      for (let q = p + 1; q < 4; q++) {
        const apq = m[p * 4 + q]!;
        if (Math.abs(apq) < 1e-300) continue;
        const theta = (m[q * 4 + q]! - m[p * 4 + p]!) / (2 * apq);
        const t = Math.sign(theta || 1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
        const c = 1 / Math.sqrt(t * t + 1);
        const s = t * c;
        for (let k = 0; k < 4; k++) {
          const mkp = m[k * 4 + p]!;
          const mkq = m[k * 4 + q]!;
          m[k * 4 + p] = c * mkp - s * mkq;
          m[k * 4 + q] = s * mkp + c * mkq;
        }
        for (let k = 0; k < 4; k++) {
          const mpk = m[p * 4 + k]!;
          const mqk = m[q * 4 + k]!;
          m[p * 4 + k] = c * mpk - s * mqk;
          m[q * 4 + k] = s * mpk + c * mqk;
        }
        for (let k = 0; k < 4; k++) {
          const vkp = v[k * 4 + p]!;
          const vkq = v[k * 4 + q]!;
          v[k * 4 + p] = c * vkp - s * vkq;
          v[k * 4 + q] = s * vkp + c * vkq;
        }
      }
    }
  }
  return [Float64Array.from([0, 1, 2, 3], (i) => m[i * 5]!), v];
}

/** Rotation (row-major 3x3) that best maps centred shape `a` onto centred shape `b` (Horn 1987). */
export function bestRotation(a: ArrayLike<number>, b: ArrayLike<number>): Float64Array {
  const s = new Float64Array(9); // s[r*3+c] = sum a_r * b_c
  for (let i = 0; i < a.length / 3; i++) {
    for (let r = 0; r < 3; r++)
      for (let c = 0; c < 3; c++) s[r * 3 + c] = s[r * 3 + c]! + a[3 * i + r]! * b[3 * i + c]!;
  }
  const [xx, xy, xz, yx, yy, yz, zx, zy, zz] = Array.from(s) as [
    number,
    number,
    number,
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  const n = Float64Array.from([
    xx + yy + zz,
    yz - zy,
    zx - xz,
    xy - yx,
    yz - zy,
    xx - yy - zz,
    xy + yx,
    zx + xz,
    zx - xz,
    xy + yx,
    -xx + yy - zz,
    yz + zy,
    xy - yx,
    zx + xz,
    yz + zy,
    -xx - yy + zz,
  ]);
  const [values, vectors] = jacobiEigen4(n);
  let best = 0;
  for (let i = 1; i < 4; i++) if (values[i]! > values[best]!) best = i;
  const [w, x, y, z] = [0, 1, 2, 3].map((k) => vectors[k * 4 + best]!) as [number, number, number, number];
  return Float64Array.from([
    1 - 2 * (y * y + z * z),
    2 * (x * y - w * z),
    2 * (x * z + w * y),
    2 * (x * y + w * z),
    1 - 2 * (x * x + z * z),
    2 * (y * z - w * x),
    2 * (x * z - w * y),
    2 * (y * z + w * x),
    1 - 2 * (x * x + y * y),
  ]);
}

export function rotateShape(shape: ArrayLike<number>, r: Float64Array): Float64Array {
  const out = new Float64Array(shape.length);
  for (let i = 0; i < shape.length / 3; i++) {
    for (let row = 0; row < 3; row++) {
      out[3 * i + row] =
        r[row * 3]! * shape[3 * i]! +
        r[row * 3 + 1]! * shape[3 * i + 1]! +
        r[row * 3 + 2]! * shape[3 * i + 2]!;
    }
  }
  return out;
}

/** Generalised Procrustes mean of 3D shapes (unit RMS, oriented like `shapes[reference]`). */
export function meanShape3d(shapes: ArrayLike<number>[], reference = 0, iterations = 5): Float64Array {
  if (shapes.length === 0) throw new Error('no shapes to average');
  const norm = shapes.map(normaliseShape3d);
  let mean = norm[reference]!;
  for (let it = 0; it < iterations; it++) {
    const acc = new Float64Array(mean.length);
    for (const s of norm) {
      const aligned = rotateShape(s, bestRotation(s, mean));
      for (let i = 0; i < acc.length; i++) acc[i] = acc[i]! + aligned[i]!;
    }
    mean = normaliseShape3d(acc);
  }
  return mean;
}
