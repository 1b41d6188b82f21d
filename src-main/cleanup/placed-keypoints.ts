// Calculator: a swapped face's keypoints in the target frame (the source keypoints through the face's
// affine and depth), which the cleanup's crop is aligned by, in training and in the render alike.
import { applyAffine, type Affine2x4 } from '../../src-shared/geometry/affine.ts';

export function placedKeypoints(
  sourceKp: Float64Array,
  face: { affine: Affine2x4; depth: ArrayLike<number> },
): Float64Array {
  return applyAffine(face.affine, sourceKp, face.depth).xy;
}
