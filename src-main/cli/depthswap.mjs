#!/usr/bin/env node
// The `depthswap` bin. Plain JS so that an older Node gets a clear message instead of a parse error:
// the engine is TypeScript run by Node's own type stripping (Node >= 22.18).
const [major = 0, minor = 0] = process.versions.node.split('.').map(Number);
if (major < 22 || (major === 22 && minor < 18)) {
  process.stderr.write(`depthswap: needs Node.js >= 22.18 (this is ${process.version})\n`);
  process.exit(1);
}
const { main } = await import('./main.ts');
process.exitCode = await main(process.argv.slice(2));
