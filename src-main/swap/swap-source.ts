// The source face as the swap workers receive it: the picture and its keypoints, and the mirrored copy of
// both (for placements that warp the mirrored source). With expression transfer the source's own mouth
// interior is painted over with its lips first (source-mouth.ts), once per source picture, before mirroring.
import { mirrorKeypoints } from '../../src-shared/geometry/mirror.ts';
import { mirrorImage, type Image } from './image.ts';
import { clearSourceMouth } from './source-mouth.ts';
import type { SwapSource } from './swap-frame.ts';

export interface SwapSourceOptions {
  /** Paint the source's teeth and mouth cavity over with lip colour (the output's mouth is the target's). */
  clearMouth: boolean;
}

export function swapSource(picture: Image, keypoints: Float64Array, options: SwapSourceOptions): SwapSource {
  const plain: Image = {
    width: picture.width,
    height: picture.height,
    channels: picture.channels,
    data: picture.data,
  };
  const texture = options.clearMouth ? clearSourceMouth(plain, keypoints).image : plain;
  return {
    normal: { texture, keypoints },
    mirrored: { texture: mirrorImage(texture), keypoints: mirrorKeypoints(keypoints, picture.width) },
  };
}
