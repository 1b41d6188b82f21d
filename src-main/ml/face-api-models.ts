// Loads @vladmandic/face-api's detection and 68-point landmark networks from the package's model/ folder on
// disk (never a URL) into a `FaceModels` object the caller owns and disposes. No module-level model state.
//
// Which build: dist/face-api.node-wasm.js is CommonJS and `require`s '@tensorflow/tfjs' and
// '@tensorflow/tfjs-backend-wasm', the very packages src-main/ml/runtime.ts imports (Node resolves both to the
// same files, so there is ONE TF.js engine, initialised by runtime.ts). The other builds either bundle their
// own TF.js copy (face-api.js, face-api.esm.js) or import tfjs-node (face-api.node.js), which is not installed.
import { createRequire } from 'node:module';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { tf, initTf, type BackendReport } from './runtime.ts';
import { installFastWasmConcat } from './wasm-concat.ts';

const require = createRequire(import.meta.url);

/** The part of face-api's network API we use (its own typings refer to its bundled TF.js types). */
export interface FaceApiNet {
  readonly isLoaded: boolean;
  loadFromWeightMap(weightMap: tf.NamedTensorMap): void;
  dispose(throwOnRedispose?: boolean): void;
}

export interface FaceApiDetection {
  score: number;
  box: { x: number; y: number; width: number; height: number };
}

export interface SsdNet extends FaceApiNet {
  locateFaces(input: tf.Tensor4D, options: object): Promise<FaceApiDetection[]>;
}

export interface TinyDetectorNet extends FaceApiNet {
  locateFaces(input: tf.Tensor4D, options: object): Promise<FaceApiDetection[]>;
}

export interface LandmarkNet extends FaceApiNet {
  /**
   * Input: square crops (0-255 RGB), one [h, w, 3] tensor each (face-api takes a batch as an array, not as one
   * Tensor4D). Output [n, 136]: x0, y0, x1, y1, ... relative to each crop (0..1).
   */
  forward(input: tf.Tensor3D[]): Promise<tf.Tensor2D>;
}

interface FaceApiModule {
  SsdMobilenetv1: new () => SsdNet;
  TinyFaceDetector: new () => TinyDetectorNet;
  FaceLandmark68Net: new () => LandmarkNet;
  SsdMobilenetv1Options: new (o: { minConfidence?: number; maxResults?: number }) => object;
  TinyFaceDetectorOptions: new (o: { inputSize?: number; scoreThreshold?: number }) => object;
}

export interface FaceModels {
  readonly ssd: SsdNet;
  readonly tiny: TinyDetectorNet;
  readonly landmarks: LandmarkNet;
  readonly api: Pick<FaceApiModule, 'SsdMobilenetv1Options' | 'TinyFaceDetectorOptions'>;
  readonly backend: BackendReport;
  readonly modelDir: string;
  dispose(): void;
}

/** The installed package's model/ folder. */
export function defaultModelDir(): string {
  return path.join(path.dirname(require.resolve('@vladmandic/face-api/package.json')), 'model');
}

const manifestSchema = (value: unknown): { paths: string[]; weights: tf.io.WeightsManifestEntry[] }[] => {
  if (!Array.isArray(value)) throw new Error('weights manifest is not an array');
  return value as { paths: string[]; weights: tf.io.WeightsManifestEntry[] }[];
};

/** Reads `<name>-weights_manifest.json` and its .bin shards from disk into a named tensor map. */
export async function loadWeightMap(modelDir: string, name: string): Promise<tf.NamedTensorMap> {
  const manifestPath = path.join(modelDir, `${name}-weights_manifest.json`);
  let manifest;
  try {
    manifest = manifestSchema(JSON.parse(await readFile(manifestPath, 'utf8')));
  } catch (err) {
    throw new Error(
      `cannot read model ${name} from ${modelDir}: ${err instanceof Error ? err.message : String(err)}`,
    );
  }
  const specs: tf.io.WeightsManifestEntry[] = [];
  const buffers: Buffer[] = [];
  for (const group of manifest) {
    specs.push(...group.weights);
    for (const p of group.paths) buffers.push(await readFile(path.join(modelDir, p)));
  }
  const all = Buffer.concat(buffers);
  const ab = all.buffer.slice(all.byteOffset, all.byteOffset + all.byteLength);
  return tf.io.decodeWeights(ab, specs);
}

function loadFaceApi(): FaceApiModule {
  return require('@vladmandic/face-api/dist/face-api.node-wasm.js') as FaceApiModule;
}

/** Initialises TF.js (runtime.ts) and loads the three networks from disk. */
export async function loadFaceModels(opts: { modelDir?: string } = {}): Promise<FaceModels> {
  const backend = await initTf();
  if (backend.backend === 'wasm') installFastWasmConcat();
  const modelDir = opts.modelDir ?? defaultModelDir();
  const api = loadFaceApi();
  const ssd = new api.SsdMobilenetv1();
  const tiny = new api.TinyFaceDetector();
  const landmarks = new api.FaceLandmark68Net();
  const nets: [FaceApiNet, string][] = [
    [ssd, 'ssd_mobilenetv1_model'],
    [tiny, 'tiny_face_detector_model'],
    [landmarks, 'face_landmark_68_model'],
  ];
  try {
    for (const [net, name] of nets) net.loadFromWeightMap(await loadWeightMap(modelDir, name));
  } catch (err) {
    for (const [net] of nets) if (net.isLoaded) net.dispose(false);
    throw err;
  }
  return {
    ssd,
    tiny,
    landmarks,
    api,
    backend,
    modelDir,
    dispose() {
      for (const [net] of nets) if (net.isLoaded) net.dispose(false);
    },
  };
}
