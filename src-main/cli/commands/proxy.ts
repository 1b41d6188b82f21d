import path from 'node:path';
import type { Command } from '../command.ts';
import { parseOptions } from '../parse-options.ts';
import { progressPrinter } from '../progress-bar.ts';
import { defaultStateDir } from '../../util/state-dir.ts';
import { makeProxy } from '../../proxy/make-proxy.ts';

export const proxyCommand: Command = {
  name: 'proxy',
  usage: `Usage: depthswap proxy <clip> [--state-dir DIR] [--force] [--json]

Makes the clip's scrub proxy: an all-intra (Motion JPEG), reduced-size copy (at most 960 pixels on the
long side) with exactly the clip's frames, that the studio scrubs and plays from. It is kept in the state
folder (DIR/proxy, default $XDG_STATE_HOME/depthswap), never beside the media, and reused while the clip
is unchanged (--force makes it again). The studio makes it in the background on import.`,
  async run(args, io) {
    const { values, positionals } = parseOptions(
      args,
      { 'state-dir': { type: 'string' }, force: { type: 'boolean' }, json: { type: 'boolean' } },
      { min: 1, max: 1 },
    );
    const bar = progressPrinter(io);
    try {
      const r = await makeProxy({
        clip: positionals[0]!,
        stateDir: path.resolve(values['state-dir'] ?? defaultStateDir(io.env)),
        force: values.force === true,
        signal: io.signal,
        onProgress: bar.update,
      });
      bar.end();
      if (values.json) io.stdout.write(JSON.stringify(r, null, 2) + '\n');
      else
        io.stdout.write(
          `${r.made ? 'made' : 'up to date'}: ${r.path} (${r.frames} frames, ${r.width}x${r.height}` +
            `${r.made ? `, ${r.seconds.toFixed(1)} s` : ''})\n`,
        );
      return 0;
    } finally {
      bar.end();
    }
  },
};
