// Gradient-domain (Poisson) blend: inside the mask, find the image whose Laplacian is the warped face's and
// whose values on the mask boundary are the target frame's (Perez et al. 2003). Solved by successive
// over-relaxation starting from the warped face itself, which is already close after colour transfer.
import type { Image, Rect } from './image.ts';

export interface PoissonOptions {
  /** SOR sweeps. Default 150. */
  iterations?: number;
  /** Over-relaxation factor in (1, 2). Default 1.9. */
  omega?: number;
}

/** Replaces the RGB of the patch's interior pixels (weight > 0) by the Poisson blend, in place. */
export function poissonBlend(
  rgb: Uint8Array,
  frame: Image,
  rect: Rect,
  weight: Float32Array,
  options: PoissonOptions = {},
): void {
  const iterations = options.iterations ?? 150;
  const omega = options.omega ?? 1.9;
  const { x0, y0, width: w, height: h } = rect;
  const n = w * h;
  const interior = new Uint8Array(n);
  let any = false;
  for (let y = 1; y < h - 1; y++) {
    for (let x = 1; x < w - 1; x++) {
      const i = y * w + x;
      if (weight[i]! > 0) {
        interior[i] = 1;
        any = true;
      }
    }
  }
  if (!any) return;
  const ch = frame.channels;
  const f = new Float32Array(n);
  const rhs = new Float32Array(n);
  for (let c = 0; c < 3; c++) {
    // f starts as the target outside the interior and the warped face inside; rhs = Laplacian of the face.
    for (let y = 0; y < h; y++) {
      for (let x = 0; x < w; x++) {
        const i = y * w + x;
        f[i] = interior[i] ? rgb[3 * i + c]! : frame.data[((y0 + y) * frame.width + x0 + x) * ch + c]!;
      }
    }
    for (let i = 0; i < n; i++) {
      if (!interior[i]) continue;
      const g = rgb[3 * i + c]!;
      rhs[i] =
        4 * g - rgb[3 * (i - 1) + c]! - rgb[3 * (i + 1) + c]! - rgb[3 * (i - w) + c]! - rgb[3 * (i + w) + c]!;
    }
    for (let it = 0; it < iterations; it++) {
      for (let i = 0; i < n; i++) {
        if (!interior[i]) continue;
        const gs = (rhs[i]! + f[i - 1]! + f[i + 1]! + f[i - w]! + f[i + w]!) / 4;
        f[i] = f[i]! + omega * (gs - f[i]!);
      }
    }
    for (let i = 0; i < n; i++) {
      if (!interior[i]) continue;
      const v = Math.round(f[i]!);
      rgb[3 * i + c] = v < 0 ? 0 : v > 255 ? 255 : v;
    }
  }
}
