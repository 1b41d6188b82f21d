// The one module that decides the TF.js backend. Every engine module gets `tf` from here.
// Order: tfjs-node-gpu (CUDA) -> tfjs-node -> wasm (SIMD, .wasm loaded from the installed package) -> cpu.
// DEPTHSWAP_TF_BACKEND=tensorflow-gpu|tensorflow|wasm|cpu forces one (and fails clearly if it cannot load).
import type * as TfModule from '@tensorflow/tfjs';
import type * as TfWasm from '@tensorflow/tfjs-backend-wasm';
import { createRequire } from 'node:module';
import path from 'node:path';

const require = createRequire(import.meta.url);

/**
 * TF.js, loaded with `require`: an ESM `import` of these CommonJS packages makes Node scan ~2 MB of their
 * sources for named exports (cjs-module-lexer), 0.17 s in every process and worker that loads TF.js.
 */
export const tf = require('@tensorflow/tfjs') as typeof TfModule;
/** The TF.js types the engine names as `tf.X` (merged with the value above; types only). */
/* eslint-disable @typescript-eslint/no-namespace -- declarations only, erased like any type */
export declare namespace tf {
  export type DataType = TfModule.DataType;
  export type KernelFunc = TfModule.KernelFunc;
  export type NamedTensorMap = TfModule.NamedTensorMap;
  export type Tensor = TfModule.Tensor;
  export type Tensor2D = TfModule.Tensor2D;
  export type Tensor3D = TfModule.Tensor3D;
  export type Tensor4D = TfModule.Tensor4D;
  export type TensorInfo = TfModule.TensorInfo;
  export type Shape = TfModule.Shape;
  export type Scalar = TfModule.Scalar;
  export type Variable = TfModule.Variable;
  export type LayersModel = TfModule.LayersModel;
  export type SymbolicTensor = TfModule.SymbolicTensor;
  export type Optimizer = TfModule.Optimizer;
  export type LayerVariable = TfModule.LayerVariable;
  export type AdamOptimizer = TfModule.AdamOptimizer;
  export namespace serialization {
    export type ConfigDict = TfModule.serialization.ConfigDict;
  }
  export namespace io {
    export type WeightsManifestEntry = TfModule.io.WeightsManifestEntry;
  }
}
/* eslint-enable @typescript-eslint/no-namespace */

export type BackendChoice = 'tensorflow-gpu' | 'tensorflow' | 'wasm' | 'cpu';
export const BACKEND_ORDER: readonly BackendChoice[] = ['tensorflow-gpu', 'tensorflow', 'wasm', 'cpu'];

export interface BackendReport {
  /** The choice that is in use. */
  choice: BackendChoice;
  /** tf.getBackend() after set-up ('tensorflow' for both node bindings). */
  backend: string;
  forced: boolean;
  /** Backends tried before the one in use, each with why it was skipped. */
  skipped: { choice: BackendChoice; reason: string }[];
  detail: string;
}

export type TF = typeof tf;

function errorText(err: unknown): string {
  const msg = err instanceof Error ? err.message : String(err);
  return msg.split('\n')[0] ?? msg;
}

async function tryNodeBinding(pkg: string): Promise<void> {
  // The bindings register the 'tensorflow' backend on import; they download a native library at install
  // time, so on most machines without that download the import fails, which is what we report.
  await import(pkg);
  if (!tf.engine().registryFactory['tensorflow']) throw new Error(`${pkg} loaded but registered no backend`);
  const ok = await tf.setBackend('tensorflow');
  if (!ok) throw new Error(`${pkg}: the tensorflow backend failed to initialise`);
}

async function tryWasm(): Promise<string> {
  const wasm = require('@tensorflow/tfjs-backend-wasm') as typeof TfWasm;
  const dir = path.dirname(require.resolve('@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm'));
  // Node has no threads in this build path; SIMD is used when the runtime has it.
  tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', false);
  wasm.setWasmPaths(dir + path.sep);
  const ok = await tf.setBackend('wasm');
  if (!ok) throw new Error('the wasm backend failed to initialise');
  const simd = await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT');
  return `wasm from ${dir} (${simd ? 'SIMD' : 'no SIMD'}, single-threaded)`;
}

async function tryChoice(choice: BackendChoice): Promise<string> {
  switch (choice) {
    case 'tensorflow-gpu':
      await tryNodeBinding('@tensorflow/tfjs-node-gpu');
      return 'libtensorflow with CUDA (@tensorflow/tfjs-node-gpu)';
    case 'tensorflow':
      await tryNodeBinding('@tensorflow/tfjs-node');
      return 'libtensorflow on CPU (@tensorflow/tfjs-node)';
    case 'wasm':
      return tryWasm();
    case 'cpu': {
      const ok = await tf.setBackend('cpu');
      if (!ok) throw new Error('the cpu backend failed to initialise');
      return 'plain JavaScript cpu backend (slowest)';
    }
  }
}

function parseForced(value: string | undefined): BackendChoice | null {
  if (!value) return null;
  if ((BACKEND_ORDER as readonly string[]).includes(value)) return value as BackendChoice;
  throw new Error(`DEPTHSWAP_TF_BACKEND=${value} is not one of ${BACKEND_ORDER.join(', ')}`);
}

let pending: Promise<BackendReport> | null = null;

/**
 * Chooses and initialises the backend once per process (TF.js's engine is itself process-global, so this
 * is the one place where that global is decided). Returns the report of the choice.
 */
export function initTf(env: NodeJS.ProcessEnv = process.env): Promise<BackendReport> {
  pending ??= choose(env).catch((err: unknown) => {
    pending = null;
    throw err;
  });
  return pending;
}

async function choose(env: NodeJS.ProcessEnv): Promise<BackendReport> {
  const forced = parseForced(env['DEPTHSWAP_TF_BACKEND']);
  const skipped: BackendReport['skipped'] = [];
  const order = forced ? [forced] : BACKEND_ORDER;
  for (const choice of order) {
    try {
      const detail = await tryChoice(choice);
      await tf.ready();
      return { choice, backend: tf.getBackend(), forced: forced !== null, skipped, detail };
    } catch (err) {
      if (forced) throw new Error(`DEPTHSWAP_TF_BACKEND=${forced} cannot be used: ${errorText(err)}`);
      skipped.push({ choice, reason: errorText(err) });
    }
  }
  throw new Error(
    `no TF.js backend could be initialised: ${skipped.map((s) => `${s.choice}: ${s.reason}`).join('; ')}`,
  );
}
