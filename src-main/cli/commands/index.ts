// Every CLI command, in the order `depthswap --help` lists them. Each command lives in its own file.
import type { Command } from '../command.ts';
import { probeCommand } from './probe.ts';
import { transcodeCommand } from './transcode.ts';
import { doctorCommand } from './doctor.ts';
import { projectCommand } from './project.ts';
import { serveCommand } from './serve.ts';
import { depthnetCommand } from './depthnet.ts';
import { swapCommand } from './swap.ts';
import { analyzeCommand } from './analyze.ts';

export const commands: Command[] = [
  probeCommand,
  transcodeCommand,
  doctorCommand,
  projectCommand,
  serveCommand,
  depthnetCommand,
  swapCommand,
  analyzeCommand,
];
