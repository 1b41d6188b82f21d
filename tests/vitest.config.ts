import { defineConfig } from 'vitest/config';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));

export default defineConfig({
  root,
  test: {
    include: ['tests/**/*.test.ts', 'tests/**/*.test.tsx'],
    // Real ffmpeg, real models and a real browser: generous but bounded.
    testTimeout: 120_000,
    hookTimeout: 300_000,
    // Two cores: heavy integration files must not all run at once.
    maxWorkers: 2,
    reporters: ['default', './tests/support/plain-summary-reporter.ts'],
  },
});
