// Face-recognition descriptors (128-d) with face-api's FaceRecognitionNet (a ResNet-34 like dlib's),
// loaded from the installed package's model/ folder on disk into an object the caller owns and disposes.
//
//   const net = await loadFaceDescriptorNet();
//   const [d] = await net.describe(frame, [keypoints]);  // Float32Array(128) per face
//   descriptorDistance(d, other);                        // euclidean; < 0.6 is usually the same person
//   net.dispose();
//
// Used to check identity after a swap (tests/integration/swap): the output face should be nearer the source.
import { createRequire } from 'node:module';
import { tf, initTf } from './runtime.ts';
import { defaultModelDir, loadWeightMap, type FaceApiNet } from './face-api-models.ts';
import { frameToTensor, type PixelFrame } from './frame-tensor.ts';
import { descriptorCropBox, DESCRIPTOR_INPUT_SIZE } from './descriptor-crop.ts';
import type { Point2 } from '../../src-shared/analysis/pts.ts';

export { descriptorDistance } from './descriptor-crop.ts';

const require = createRequire(import.meta.url);

interface RecognitionNet extends FaceApiNet {
  /** One [150, 150, 3] tensor (0-255 RGB) per face -> [n, 128]. */
  forward(input: tf.Tensor3D[]): Promise<tf.Tensor2D>;
}

export interface FaceDescriptorNet {
  /** A descriptor for each face (68 keypoints in frame pixels) of the frame. */
  describe(frame: PixelFrame, faces: readonly (readonly Point2[])[]): Promise<Float32Array[]>;
  dispose(): void;
}

export async function loadFaceDescriptorNet(opts: { modelDir?: string } = {}): Promise<FaceDescriptorNet> {
  await initTf();
  const api = require('@vladmandic/face-api/dist/face-api.node-wasm.js') as {
    FaceRecognitionNet: new () => RecognitionNet;
  };
  const net = new api.FaceRecognitionNet();
  net.loadFromWeightMap(await loadWeightMap(opts.modelDir ?? defaultModelDir(), 'face_recognition_model'));
  return {
    async describe(frame, faces) {
      if (faces.length === 0) return [];
      const boxes = faces.map((k) => descriptorCropBox(k as Point2[], frame));
      const crops = tf.tidy(() => {
        const image = frameToTensor(frame);
        const batch = tf.image.cropAndResize(
          tf.cast(image, 'float32'),
          boxes,
          boxes.map(() => 0),
          [DESCRIPTOR_INPUT_SIZE, DESCRIPTOR_INPUT_SIZE],
          'bilinear',
          0,
        );
        return tf.unstack(batch) as tf.Tensor3D[];
      });
      let out: tf.Tensor2D | null = null;
      try {
        out = await net.forward(crops);
        const flat = await out.data();
        return faces.map((_, i) => Float32Array.from(flat.subarray(i * 128, (i + 1) * 128)));
      } finally {
        out?.dispose();
        for (const c of crops) c.dispose();
      }
    },
    dispose() {
      if (net.isLoaded) net.dispose(false);
    },
  };
}
