// The cleanup in a render: after a frame's swap is composited (before encoding), each swapped face's
// aligned crop (the placed face's keypoints, the frame's matte) goes through the generator; its change is
// warped back and added inside the matte, times the strength. Runs in the render's worker threads (each
// loads the model once); only a render with a cleanup model imports this module (and TF.js).
import type { FaceInFrame, SwapSource } from '../swap/swap-frame.ts';
import type { Image } from '../swap/image.ts';
import { addCropDelta, cleanupCropBox, sampleCrop } from './crop-warp.ts';
import { loadCleanupModel } from './model-load.ts';
import { placedKeypoints } from './placed-keypoints.ts';

/** What a render is told about its cleanup (plain data: it crosses to the worker threads). */
export interface CleanupSpec {
  dir: string;
  /** 0 = the un-cleaned swap, 1 = the generator's full change (default). */
  strength: number;
}

export type FrameCleaner = (
  frame: Image,
  matte: Uint8Array,
  faces: readonly FaceInFrame[],
  source: SwapSource,
) => void;

export async function createFrameCleaner(
  spec: CleanupSpec,
): Promise<{ clean: FrameCleaner; dispose(): void }> {
  if (!(spec.strength >= 0 && spec.strength <= 1))
    throw new Error(`cleanup strength ${spec.strength} is not in 0..1`);
  const model = await loadCleanupModel(spec.dir);
  const clean: FrameCleaner = (frame, matte, faces, source) => {
    if (spec.strength === 0) return;
    for (const face of faces) {
      const kp = face.mirrored ? source.mirrored.keypoints : source.normal.keypoints;
      const box = cleanupCropBox(placedKeypoints(kp, face));
      const crop = sampleCrop(frame, matte, box, model.size);
      const delta = model.delta(crop);
      addCropDelta(frame, matte, box, delta, model.size, spec.strength);
    }
  };
  return { clean, dispose: () => model.dispose() };
}
