// Warps the source face onto a target frame: mesh vertices take the source keypoints (plus derived forehead
// and border points) as texture coordinates, and are placed by the 2x4 affine applied to [x, y, depth, 1].
import { applyAffine, type Affine2x4 } from '../../src-shared/geometry/affine.ts';
import {
  expandToMesh,
  KEYPOINT_COUNT,
  MESH_TRIANGLE_KINDS,
  MESH_TRIANGLES,
} from '../../src-shared/geometry/face-mesh.ts';
import type { Image, Rect } from './image.ts';
import {
  meshRect,
  rasterizeMesh,
  type MeshToDraw,
  type RasterOptions,
  type WarpedPatch,
} from './rasterize.ts';
import type { SwapScratch } from './scratch.ts';

/** A source face: its picture and its 68 keypoints (interleaved x,y, pixels of that picture). */
export interface SourceFace {
  texture: Image;
  keypoints: Float64Array;
}

/** Where one source face goes in a target frame: the predicted affine and per-keypoint source depth. */
export interface FacePlacement {
  affine: Affine2x4;
  depth: ArrayLike<number>;
  /**
   * Expression transfer (expression-track.ts): frame-pixel offsets of the 68 placed keypoints (136 values),
   * carried to the derived mesh points by the same weights. Absent: the affine's placement as it is.
   */
  offsets?: ArrayLike<number>;
}

/** The mesh placed in the target frame, and the frame rectangle it covers (null when off-frame). */
export function placeMesh(
  source: SourceFace,
  placement: FacePlacement,
  frameWidth: number,
  frameHeight: number,
): { mesh: MeshToDraw; rect: Rect } | null {
  if (source.keypoints.length !== 2 * KEYPOINT_COUNT) throw new Error('source face needs 68 keypoints');
  if (placement.depth.length !== KEYPOINT_COUNT)
    throw new Error(`placement needs 68 depths, got ${placement.depth.length}`);
  const uv = expandToMesh(source.keypoints, 2);
  const depth = expandToMesh(placement.depth, 1);
  const { xy, z } = applyAffine(placement.affine, uv, depth);
  if (placement.offsets) {
    const moved = expandToMesh(placement.offsets, 2);
    for (let i = 0; i < xy.length; i++) xy[i] = xy[i]! + moved[i]!;
  }
  const rect = meshRect(xy, frameWidth, frameHeight);
  if (!rect) return null;
  return { mesh: { uv, xy, z, triangles: MESH_TRIANGLES, kinds: MESH_TRIANGLE_KINDS }, rect };
}

/**
 * The warped source face over the frame rectangle it covers, or null when off-frame. With a scratch and
 * `rgb`, no buffer is allocated (see rasterizeMesh).
 */
export function warpFace(
  source: SourceFace,
  placement: FacePlacement,
  frameWidth: number,
  frameHeight: number,
  options: RasterOptions = {},
  scratch?: SwapScratch,
  rgb?: (size: number) => Uint8Array,
): WarpedPatch | null {
  const placed = placeMesh(source, placement, frameWidth, frameHeight);
  if (!placed) return null;
  const { rect } = placed;
  const out = rgb ? rgb(3 * rect.width * rect.height) : undefined;
  return rasterizeMesh(source.texture, placed.mesh, rect, options, scratch, out);
}
