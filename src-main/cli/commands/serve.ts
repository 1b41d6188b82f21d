// `depthswap serve [--port P]`: the studio in any Chromium (API over WebSocket, frames over HTTP, 127.0.0.1).
import { readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Command } from '../command.ts';
import { intOption, parseOptions, portOption } from '../parse-options.ts';
import { startServer } from '../../server/serve.ts';
import { defaultStateDir } from '../../util/state-dir.ts';

const repoRoot = fileURLToPath(new URL('../../..', import.meta.url));

const usage = `Usage: depthswap serve [--port P] [--state-dir DIR] [--autosave SECONDS]

Serves the studio on http://127.0.0.1:P (P = 0 or absent: a free port) and prints its URL, which carries
the session token. Open it in Chromium. Stop with Ctrl-C.
  --state-dir DIR     recent projects and untitled autosaves (default: $XDG_STATE_HOME/depthswap)
  --autosave SECONDS  autosave interval to the recovery file (default 30)`;

export const serveCommand: Command = {
  name: 'serve',
  usage,
  async run(args, io) {
    const { values } = parseOptions(
      args,
      { port: { type: 'string' }, 'state-dir': { type: 'string' }, autosave: { type: 'string' } },
      { min: 0, max: 0 },
    );
    const port = portOption(values.port) ?? 0;
    const autosave = intOption('autosave', values.autosave, 1) ?? 30;
    const pkg = JSON.parse(readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as { version: string };
    const stateDir = path.resolve(values['state-dir'] ?? defaultStateDir(io.env));
    const server = await startServer({
      port,
      rendererDir: path.join(repoRoot, 'dist', 'renderer'),
      stateDir,
      home: os.homedir(),
      version: pkg.version,
      autosaveIntervalMs: autosave * 1000,
    });
    io.stdout.write(`DepthSwap Studio: ${server.url}\n`);
    await new Promise<void>((resolve) => {
      if (io.signal.aborted) resolve();
      io.signal.addEventListener('abort', () => resolve(), { once: true });
    });
    await server.close();
    return 0;
  },
};
