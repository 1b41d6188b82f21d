// CLI entry: dispatches to the commands in ./commands, maps errors to exit codes (0 success, 1 failure with
// a one-line reason on stderr, 2 bad usage or bad input such as a range outside the clip, 130 cancelled).
// The line comes from util/user-message.ts.
import { commands } from './commands/index.ts';
import { EXIT_CANCELLED, EXIT_FAILURE, EXIT_OK, EXIT_USAGE, UsageError, type CliIo } from './command.ts';
import { isCancelled } from '../util/cancel.ts';
import { isInputError, userMessage } from '../util/user-message.ts';

function topUsage(): string {
  const width = Math.max(...commands.map((c) => c.name.length));
  const lines = commands.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`);
  return `Usage: depthswap <command> [options]\n\nCommands:\n${lines.join('\n')}\n\nRun 'depthswap <command> --help' for a command's options.\n`;
}

export function defaultIo(): CliIo {
  const controller = new AbortController();
  const onSignal = (sig: NodeJS.Signals) => {
    if (controller.signal.aborted) process.exit(EXIT_CANCELLED);
    controller.abort(new Error(`cancelled by ${sig}`));
  };
  // `on`, not `once`: a second Ctrl-C during cleanup must reach process.exit (whose exit hooks remove
  // partial files and kill ffmpeg), not Node's default handler, which would die leaving them behind.
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  return {
    stdout: process.stdout,
    stderr: process.stderr,
    interactive: Boolean(process.stderr.isTTY),
    signal: controller.signal,
    env: process.env,
  };
}

export async function main(argv: string[], io: CliIo = defaultIo()): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    (name ? io.stdout : io.stderr).write(topUsage());
    return name ? EXIT_OK : EXIT_USAGE;
  }
  const entry = commands.find((c) => c.name === name);
  if (!entry) {
    io.stderr.write(`depthswap: unknown command '${name}'\n\n${topUsage()}`);
    return EXIT_USAGE;
  }
  const command = await entry.load();
  if (rest.includes('--help') || rest.includes('-h')) {
    io.stdout.write(command.usage.endsWith('\n') ? command.usage : command.usage + '\n');
    return EXIT_OK;
  }
  try {
    return await command.run(rest, io);
  } catch (err) {
    if (err instanceof UsageError) {
      io.stderr.write(`depthswap ${name}: ${err.message}\n\n${command.usage}\n`);
      return EXIT_USAGE;
    }
    if (isCancelled(err, io.signal)) {
      io.stderr.write(`depthswap ${name}: cancelled\n`);
      return EXIT_CANCELLED;
    }
    io.stderr.write(`depthswap ${name}: ${userMessage(err)}\n`);
    if (io.env['DEPTHSWAP_DEBUG'] && err instanceof Error && err.stack) io.stderr.write(err.stack + '\n');
    return isInputError(err) ? EXIT_USAGE : EXIT_FAILURE;
  }
}
