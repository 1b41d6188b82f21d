// The optional identity term of the cleanup: face-api's recognition descriptor (FaceRecognitionNet, the
// same net the eval judges identity with) of G(A) kept near A's, with gradients flowing through the net
// into the generator (its weights are constants here, only G learns). The aligned cleanup crop (1.6x the
// keypoints' box, eyes level, shifted up by 8 % of the box) holds face-api's own descriptor square
// (1.2x the box, centred on it) at a fixed place: 0.75 of the side, centred 0.05 below the middle; that
// square is resized to the net's 150 px. Cost on wasm: ~0.1 s forward + ~0.3 s backward per 128 px crop.
import { createRequire } from 'node:module';
import { tf } from '../ml/runtime.ts';
import { defaultModelDir, loadWeightMap, type FaceApiNet } from '../ml/face-api-models.ts';
import { DESCRIPTOR_INPUT_SIZE } from '../ml/descriptor-crop.ts';

const require = createRequire(import.meta.url);

interface NetInputCtor {
  new (inputs: tf.Tensor3D[]): unknown;
}
interface RecognitionNet extends FaceApiNet {
  forwardInput(input: unknown): tf.Tensor2D;
}

/** The descriptor square inside an aligned cleanup crop, as fractions of its side: top, left, side. */
export const DESCRIPTOR_SQUARE = { top: 0.175, left: 0.125, side: 0.75 };

export interface RecognitionTerm {
  /** Descriptor distance of each cleaned crop to its input crop ([1, s, s, 3] in [-1, 1]); differentiable. */
  distance(cleaned: tf.Tensor4D, input: tf.Tensor4D): tf.Scalar;
  dispose(): void;
}

export async function loadRecognitionTerm(opts: { modelDir?: string } = {}): Promise<RecognitionTerm> {
  const api = require('@vladmandic/face-api/dist/face-api.node-wasm.js') as {
    FaceRecognitionNet: new () => RecognitionNet;
    NetInput: NetInputCtor;
  };
  const net = new api.FaceRecognitionNet();
  net.loadFromWeightMap(await loadWeightMap(opts.modelDir ?? defaultModelDir(), 'face_recognition_model'));
  const describe = (crop: tf.Tensor4D): tf.Tensor2D => {
    const s = crop.shape[1];
    const top = Math.round(DESCRIPTOR_SQUARE.top * s);
    const left = Math.round(DESCRIPTOR_SQUARE.left * s);
    const side = Math.min(Math.round(DESCRIPTOR_SQUARE.side * s), s - top, s - left);
    const face = tf.slice(crop, [0, top, left, 0], [1, side, side, 3]);
    const big = tf.image.resizeBilinear(face, [DESCRIPTOR_INPUT_SIZE, DESCRIPTOR_INPUT_SIZE], true);
    // The net takes 0-255 RGB.
    const rgb = tf.mul(tf.add(big, 1), 127.5).squeeze([0]) as tf.Tensor3D;
    return net.forwardInput(new api.NetInput([rgb]));
  };
  return {
    distance(cleaned, input) {
      return tf.tidy(() => {
        // The input crop is a constant: only the cleaned side carries a gradient.
        const target = describe(input);
        const d = tf.sub(describe(cleaned), target);
        return tf.sqrt(tf.add(tf.sum(tf.square(d)), 1e-8)) as tf.Scalar;
      });
    },
    dispose() {
      net.dispose();
    },
  };
}
