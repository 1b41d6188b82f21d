// Builds the Electron main process, the preload and the job worker into dist/main (CommonJS for Electron).
// The engine is bundled; native and wasm packages stay external and are shipped in node_modules
// (ffmpeg-static and resources/models are unpacked from the asar, see electron-builder.yml).
import { defineConfig } from 'vite';
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

export default defineConfig({
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
      },
      external,
      output: { format: 'cjs', entryFileNames: '[name].cjs', chunkFileNames: 'chunks/[name]-[hash].cjs' },
    },
  },
});
