// Where the real test data lives (../shared/data, or DEPTHSWAP_DATA), and how tests that need it behave:
// with the data present they run (and fail loudly); without it they are skipped with the reason printed.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = fileURLToPath(new URL('../..', import.meta.url));

export const DATA_DIR = process.env['DEPTHSWAP_DATA']
  ? path.resolve(process.env['DEPTHSWAP_DATA'])
  : path.resolve(REPO_ROOT, '..', 'shared', 'data');

/** Absolute path of a file under the shared data folder. */
export function dataPath(...parts: string[]): string {
  return path.join(DATA_DIR, ...parts);
}

/** True when every named file exists; otherwise prints once why the dependent tests are skipped. */
export function hasData(...relativePaths: string[]): boolean {
  const missing = relativePaths.filter((p) => !existsSync(dataPath(p)));
  if (missing.length === 0) return true;
  const why = `skipped: shared test data not found (${missing.join(', ')} under ${DATA_DIR}; set DEPTHSWAP_DATA)`;
  if (!warned.has(why)) {
    warned.add(why);
    console.warn(why);
  }
  return false;
}
const warned = new Set<string>();

/** A fresh folder for a test's outputs, under test-output/ (kept for inspection, ignored by git). */
export function testOutputDir(name: string): string {
  return path.join(REPO_ROOT, 'test-output', name);
}
