// Every CLI command, in the order `depthswap --help` lists them. Each command lives in its own file and is
// loaded only when it runs, so `depthswap probe` does not pay for TF.js and the face models (~0.5 s).
import type { Command } from '../command.ts';

export interface CommandEntry {
  name: string;
  summary: string;
  load(): Promise<Command>;
}

export const commands: CommandEntry[] = [
  {
    name: 'probe',
    summary: 'what a media file is: size, exact frame rate, frame count, timecode, codecs, audio',
    load: async () => (await import('./probe.ts')).probeCommand,
  },
  {
    name: 'transcode',
    summary: 'decode a clip through the frame reader and encode it through the frame writer',
    load: async () => (await import('./transcode.ts')).transcodeCommand,
  },
  {
    name: 'doctor',
    summary: 'which ffmpeg and which TF.js backend are in use, and why',
    load: async () => (await import('./doctor.ts')).doctorCommand,
  },
  {
    name: 'project',
    summary: 'create or inspect a .dsproj studio project',
    load: async () => (await import('./project.ts')).projectCommand,
  },
  {
    name: 'serve',
    summary: 'run the studio UI in a browser (WebSocket API + HTTP frames on 127.0.0.1)',
    load: async () => (await import('./serve.ts')).serveCommand,
  },
  {
    name: 'cleanup',
    summary: "CycleGAN cleanup: train on the project's own footage (depthswap swap --cleanup DIR applies it)",
    load: async () => (await import('./cleanup.ts')).cleanupCommand,
  },
  {
    name: 'depthnet',
    summary: 'DepthNet: train, evaluate (paper tables) and predict keypoint depth + 3D affine',
    load: async () => (await import('./depthnet.ts')).depthnetCommand,
  },
  {
    name: 'swap',
    summary: 'put a source face onto every frame of a target clip (DepthNet warp + composite) and encode it',
    load: async () => (await import('./swap.ts')).swapCommand,
  },
  {
    name: 'proxy',
    summary: "make a clip's scrub proxy (all-intra, reduced size) in the state folder, as the studio does",
    load: async () => (await import('./proxy.ts')).proxyCommand,
  },
  {
    name: 'analyze',
    summary: 'find faces and their 68 keypoints in an image, or track them through a clip',
    load: async () => (await import('./analyze.ts')).analyzeCommand,
  },
  {
    name: 'render',
    summary: 'render a .dsproj project as the studio does (edits, settings), or join rendered segments',
    load: async () => (await import('./render.ts')).renderCommand,
  },
  {
    name: 'queue',
    summary: 'the persistent render queue: add project renders, run them in chunks (resumable), list, retry',
    load: async () => (await import('./queue.ts')).queueCommand,
  },
  {
    name: 'farm',
    summary: 'render a project on a farm: submit to Slurm, or export Deadline / OpenCue submission files',
    load: async () => (await import('./farm.ts')).farmCommand,
  },
];
