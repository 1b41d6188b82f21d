// Builds the Electron main process, the preload and the job worker into dist/main (CommonJS for Electron).
// The engine is bundled; native and wasm packages stay external and are shipped in node_modules
// (ffmpeg-static and resources/models are unpacked from the asar, see electron-builder.yml).
import { defineConfig, type Plugin } from 'vite';
import { builtinModules } from 'node:module';
import { fileURLToPath } from 'node:url';

const src = (p: string) => fileURLToPath(new URL(p, import.meta.url));
const external = [
  'electron',
  /^node:/,
  ...builtinModules,
  /^@tensorflow\//,
  /^@vladmandic\//,
  'ffmpeg-static',
  'ws',
];

/**
 * Worker entries referenced as `new URL('./x.ts', import.meta.url)` in the engine are built as their own
 * entries (x.cjs beside job-worker.cjs), and the reference is rewritten to the built name.
 */
const workerEntries: Plugin = {
  name: 'depthswap-worker-entries',
  enforce: 'pre',
  transform(code, id) {
    if (id.endsWith('/src-main/analysis/chunk-worker.ts'))
      return code.replace(
        "new URL('./analysis-worker.ts', import.meta.url)",
        "new URL('./analysis-worker.cjs', import.meta.url)",
      );
    if (id.endsWith('/src-main/render/executor.ts'))
      return code.replace(
        "new URL('./render-worker.ts', import.meta.url)",
        "new URL('./render-worker.cjs', import.meta.url)",
      );
    if (!id.endsWith('/src-main/swap/swap-pool.ts')) return null;
    return code.replace(
      "new URL('./swap-worker.ts', import.meta.url)",
      "new URL('./swap-worker.cjs', import.meta.url)",
    );
  },
};

export default defineConfig({
  plugins: [workerEntries],
  build: {
    ssr: true,
    target: 'node22',
    outDir: src('../../dist/main'),
    emptyOutDir: true,
    sourcemap: true,
    rollupOptions: {
      input: {
        main: src('./main.ts'),
        preload: src('./preload.ts'),
        'job-worker': src('../server/job-worker.ts'),
        'swap-worker': src('../swap/swap-worker.ts'),
        'analysis-worker': src('../analysis/analysis-worker.ts'),
        'render-worker': src('../render/render-worker.ts'),
      },
      external,
      output: { format: 'cjs', entryFileNames: '[name].cjs', chunkFileNames: 'chunks/[name]-[hash].cjs' },
    },
  },
});
