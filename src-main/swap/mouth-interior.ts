// The mouth interior from the target: with expression transfer the output's lips part as the target's
// do, so what shows between them must be the target's own teeth and tongue, not the source's (a closed
// source would show its lip line stretched; an open source its teeth floating where the target's mouth
// is nearly closed). The mesh's mouth triangles (inside the inner lips, TRIANGLE_MOUTH) are drawn a second
// time with the target frame as texture, at the target's own inner-lip keypoints, so the target's mouth
// interior is warped into the output's inner-lip polygon; it replaces the warped source there, feathered
// over a few pixels inward from the inner lip line. The ramp is the pixel centre's distance to the polygon's
// edges (not to the nearest outside pixel), so a lip line at a slant gets a smooth edge, not pixel steps.
import {
  expandToMesh,
  MESH_TRIANGLE_KINDS,
  MESH_TRIANGLES,
  TRIANGLE_MOUTH,
} from '../../src-shared/geometry/face-mesh.ts';
import { distanceToPolygonEdge } from '../../src-shared/geometry/polygon.ts';
import type { Image, Rect } from './image.ts';
import { meshRect, rasterizeMesh } from './rasterize.ts';

const MOUTH_TRIANGLES: Uint16Array = (() => {
  const out: number[] = [];
  for (let t = 0; t < MESH_TRIANGLE_KINDS.length; t++) {
    if (MESH_TRIANGLE_KINDS[t] === TRIANGLE_MOUTH) {
      out.push(MESH_TRIANGLES[3 * t]!, MESH_TRIANGLES[3 * t + 1]!, MESH_TRIANGLES[3 * t + 2]!);
    }
  }
  return Uint16Array.from(out);
})();

export interface MouthPatch {
  rect: Rect;
  /** The face patch's colours (RGB per pixel of rect), changed in place. */
  rgb: Uint8Array;
  /** The face patch's coverage labels (1 + triangle kind) per pixel of rect. */
  coverage: Uint8Array;
}

/**
 * Replaces the face patch's visible mouth-interior pixels with the target's mouth interior. `xy`: the placed
 * mesh (all vertices, frame pixels); `targetKeypoints`: the target's 68 keypoints in `frame` (the original
 * target frame). `featherPx`: the blend ramp inward from the inner lip line. Returns the pixels replaced.
 */
export function mouthFromTarget(
  patch: MouthPatch,
  frame: Image,
  xy: ArrayLike<number>,
  targetKeypoints: ArrayLike<number>,
  featherPx = 2,
): number {
  const label = TRIANGLE_MOUTH + 1;
  // The mouth's rectangle within the patch.
  const mouthXy: number[] = [];
  for (let i = 60; i < 68; i++) mouthXy.push(xy[2 * i]!, xy[2 * i + 1]!);
  const r = meshRect(mouthXy, frame.width, frame.height, 1);
  if (!r) return 0;
  const x0 = Math.max(r.x0, patch.rect.x0);
  const y0 = Math.max(r.y0, patch.rect.y0);
  const x1 = Math.min(r.x0 + r.width, patch.rect.x0 + patch.rect.width);
  const y1 = Math.min(r.y0 + r.height, patch.rect.y0 + patch.rect.height);
  if (x1 <= x0 || y1 <= y0) return 0;
  const rect: Rect = { x0, y0, width: x1 - x0, height: y1 - y0 };
  const inside = new Uint8Array(rect.width * rect.height);
  let any = 0;
  for (let y = 0; y < rect.height; y++) {
    for (let x = 0; x < rect.width; x++) {
      const p = (y + y0 - patch.rect.y0) * patch.rect.width + (x + x0 - patch.rect.x0);
      if (patch.coverage[p] === label) {
        inside[y * rect.width + x] = 1;
        any++;
      }
    }
  }
  if (any === 0) return 0;
  const uv = expandToMesh(targetKeypoints, 2);
  const z = new Float64Array(xy.length / 2);
  const kinds = new Uint8Array(MOUTH_TRIANGLES.length / 3).fill(TRIANGLE_MOUTH);
  const mouth = rasterizeMesh(frame, { uv, xy, z, triangles: MOUTH_TRIANGLES, kinds }, rect, {
    depthTest: false,
  });
  let replaced = 0;
  for (let y = 0; y < rect.height; y++) {
    for (let x = 0; x < rect.width; x++) {
      const i = y * rect.width + x;
      if (!inside[i] || mouth.coverage[i] !== label) continue;
      const d = distanceToPolygonEdge(mouthXy, x + x0, y + y0);
      const w = Math.min(1, (d + 0.5) / Math.max(1, featherPx));
      const p = 3 * ((y + y0 - patch.rect.y0) * patch.rect.width + (x + x0 - patch.rect.x0));
      for (let c = 0; c < 3; c++) {
        patch.rgb[p + c] = Math.round(patch.rgb[p + c]! * (1 - w) + mouth.rgb[3 * i + c]! * w);
      }
      replaced++;
    }
  }
  return replaced;
}
