// `npm run bench`: runs every suite in tests/bench/suites (or those named on the command line), prints
// each result, and writes all of them to bench/results.json. Measures only; asserts nothing.
import { mkdirSync, readdirSync, writeFileSync, existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import os from 'node:os';

export interface BenchSuite {
  name: string;
  run(ctx: { log: (line: string) => void; outDir: string }): Promise<Record<string, unknown>>;
}

const root = fileURLToPath(new URL('../..', import.meta.url));
const suitesDir = path.join(root, 'tests', 'bench', 'suites');
const outDir = path.join(root, 'bench');
const outFile = path.join(outDir, 'results.json');
const only = process.argv.slice(2);

mkdirSync(outDir, { recursive: true });
const previous: Record<string, unknown> = existsSync(outFile)
  ? ((JSON.parse(readFileSync(outFile, 'utf8')) as { suites?: Record<string, unknown> }).suites ?? {})
  : {};
const suites: Record<string, unknown> = { ...previous };
const files = readdirSync(suitesDir).filter((f) => f.endsWith('.ts')).sort();
let failures = 0;
for (const file of files) {
  const mod = (await import(pathToFileURL(path.join(suitesDir, file)).href)) as { default: BenchSuite };
  const suite = mod.default;
  if (only.length > 0 && !only.includes(suite.name)) continue;
  console.log(`\n== ${suite.name}`);
  try {
    suites[suite.name] = { ...(await suite.run({ log: (l) => console.log(`  ${l}`), outDir })), at: new Date().toISOString() };
  } catch (err) {
    failures++;
    console.error(`  failed: ${err instanceof Error ? err.message : String(err)}`);
    suites[suite.name] = { error: err instanceof Error ? err.message : String(err), at: new Date().toISOString() };
  }
}
const machine = { cpus: os.cpus().length, cpu: os.cpus()[0]?.model ?? 'unknown', memGiB: Math.round(os.totalmem() / 2 ** 30), node: process.version };
writeFileSync(outFile, JSON.stringify({ machine, suites }, null, 2) + '\n');
console.log(`\nwrote ${path.relative(root, outFile)}`);
process.exitCode = failures > 0 ? 1 : 0;
