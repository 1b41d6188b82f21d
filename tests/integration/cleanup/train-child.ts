// Child process of the kill -9 test: trains on synthetic crops into argv[2] for argv[3] steps.
import { trainCleanup } from '../../../src-main/cleanup/train.ts';
import { CleanupConfigSchema } from '../../../src-main/cleanup/config.ts';
import { syntheticCropSet } from '../../support/cleanup-crops.ts';
import { TINY_CONFIG } from './tiny-config.ts';

const [outDir, steps] = [process.argv[2]!, Number(process.argv[3])];
const config = CleanupConfigSchema.parse(TINY_CONFIG);
await trainCleanup({
  outDir,
  a: syntheticCropSet(config.size, 6, 10, true),
  b: syntheticCropSet(config.size, 6, 20, false),
  config,
  steps,
  seed: 3,
  checkpointEvery: 2,
  sampleEvery: 0,
  log: (l) => console.log(l),
});
