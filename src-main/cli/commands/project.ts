// `depthswap project new --target <clip> --source <image|clip> --out <p.dsproj>`: creates a project from the
// command line (scripts, render farms); `depthswap project info <p.dsproj>` checks and summarises one.
import { UsageError, type Command } from '../command.ts';
import { parseOptions } from '../parse-options.ts';
import { checkWrite } from '../../util/write-guard.ts';
import { probe } from '../../media/probe.ts';
import { projectFromMedia } from '../../project/create.ts';
import { bundleProject } from '../../farm/bundle.ts';
import { defaultStateDir } from '../../util/state-dir.ts';
import { PROJECT_EXTENSION, readProjectFile, writeProjectFile } from '../../project/project-file.ts';

const usage = `Usage:
  depthswap project new --target <clip> --source <image|clip> --out <project.dsproj> [--name <name>] [--force]
  depthswap project info <project.dsproj>
  depthswap project bundle <project.dsproj> --out <DIR> [--state-dir DIR]

new   probes the target clip and the source face and writes a new project (atomically; an existing project is
      kept unless --force; an input or any other kind of file is never replaced).
info  reads a project (migrating an older version in memory) and prints its clips, sources and keyframes.
bundle  copies the project file, its analysis files and its cleanup model into DIR (a new or empty folder)
      for render-farm nodes: paths inside are relative to DIR, media stay at their shared-volume paths.
      Refuses (naming the path) when a referenced file is missing. See docs/farm.md.`;

export const projectCommand: Command = {
  name: 'project',
  usage,
  async run(args, io) {
    const [sub, ...rest] = args;
    if (sub === 'new') {
      const { values } = parseOptions(
        rest,
        {
          target: { type: 'string' },
          source: { type: 'string' },
          out: { type: 'string' },
          name: { type: 'string' },
          force: { type: 'boolean' },
        },
        { min: 0, max: 0 },
      );
      if (!values.target || !values.source || !values.out)
        throw new UsageError('--target, --source and --out are required');
      if (!values.out.endsWith(PROJECT_EXTENSION))
        throw new UsageError(`--out must end with ${PROJECT_EXTENSION}`);
      // Refused before probing: an input, another kind of file, an unreadable project; one that exists
      // only with --force (util/write-guard.ts).
      const guard = {
        kind: 'project',
        inputs: { target: values.target, source: values.source },
        overwrite: Boolean(values.force),
        label: '--out',
        overwriteFlag: '--force',
      } as const;
      await checkWrite(values.out, guard);
      const signal = { signal: io.signal };
      const [target, source] = await Promise.all([
        probe(values.target, signal),
        probe(values.source, signal),
      ]);
      const project = projectFromMedia(target, source, values.name);
      await writeProjectFile(values.out, project, new Date(), {
        existing: values.force ? 'overwrite' : 'refuse',
      });
      io.stdout.write(`${values.out}\n`);
      return 0;
    }
    if (sub === 'info') {
      const { positionals } = parseOptions(rest, {}, { min: 1, max: 1 });
      const file = positionals[0]!;
      const { project, migratedFrom } = await readProjectFile(file);
      const lines = [
        `project: ${project.name} (version ${project.version}${migratedFrom ? `, migrated from ${migratedFrom}` : ''})`,
        ...project.clips.map(
          (c) => `clip ${c.id}: ${c.path}${c.analysis ? ` (analysis ${c.analysis})` : ''}`,
        ),
        ...project.sources.map((s) => `source ${s.id}: ${s.path} (${s.kind})`),
        ...project.tracks.map(
          (t) => `keyframes ${t.clipId}/face ${t.face}: ${t.keyframes.map((k) => k.frame).join(', ')}`,
        ),
      ];
      io.stdout.write(lines.join('\n') + '\n');
      return 0;
    }
    if (sub === 'bundle') {
      const { values, positionals } = parseOptions(
        rest,
        { out: { type: 'string' }, 'state-dir': { type: 'string' } },
        { min: 1, max: 1 },
      );
      if (!values.out) throw new UsageError('--out is required');
      const result = await bundleProject(positionals[0]!, values.out, {
        stateDir: values['state-dir'] ?? defaultStateDir(io.env),
      });
      for (const [from, to] of result.copied) io.stderr.write(`copied ${from} -> ${to}\n`);
      for (const m of result.media) io.stderr.write(`media (shared volume): ${m}\n`);
      io.stdout.write(`${result.projectFile}\n`);
      return 0;
    }
    throw new UsageError(sub ? `unknown subcommand '${sub}'` : 'expected a subcommand: new, info or bundle');
  },
};
