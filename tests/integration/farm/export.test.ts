// `depthswap farm export`: Deadline and OpenCue submission files, checked field by field against their
// documentation (neither can run here), and run as far as they can be without the farm software: the
// submit script with a stand-in deadlinecommand, the outline with a stand-in `outline` module, both at the
// test's edge, recording what the real tools would receive.
//
// Deadline 10, "Manual Job Submission" (docs.thinkboxsoftware.com/products/deadline/10.1/1_User%20Manual/
// manual/manual-submission.html): a job is submitted as `deadlinecommand <job info file> <plugin info file>`;
// job info keys Plugin, Name, Comment, Frames, ChunkSize, Pool, JobDependencies (comma-separated job ids),
// OutputDirectory0 / OutputFilename0; for command-line jobs the Arguments string has <STARTFRAME> and
// <ENDFRAME> replaced with each task's first and last frame. CommandLine plugin info keys: Executable,
// Arguments, StartupDirectory, Shell, ShellExecute, SingleFramesOnly. deadlinecommand prints `JobID=<id>`.
//
// OpenCue PyOutline (pypi.org/project/opencue-pyoutline, AcademySoftwareFoundation/OpenCue
// pyoutline/outline/layer.py and modules/shell.py): `outline.Outline(name, show=, shot=)`,
// `outline.modules.shell.Shell(name, type=, command=[...], range="1-100", chunk=N)`, `job.add_layer(layer)`,
// `layer.depend_all(other)` = a layer-on-layer depend (`depend_on` defaults to frame-by-frame), and
// `outline.cuerun.launch(job, use_pycuerun=False)`. cuebot replaces #FRAME_START# / #FRAME_END# with the
// first and last frame of each chunk (cuesubmit Constants.py; OpenCue issue #104, PR #597).
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT, testOutputDir } from '../../support/shared-data.ts';
import { emptyProject, newClipSettings, type Project } from '../../../src-shared/project/schema.ts';
import { parseFarmJobSpec, type FarmJobSpec } from '../../../src-main/farm/job-spec.ts';

const bin = path.join(REPO_ROOT, 'src-main/cli/depthswap.mjs');
const run = (...args: string[]) => spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8' });
const dir = testOutputDir('farm-export');
const hasPython = spawnSync('python3', ['--version']).status === 0;
if (!hasPython) console.warn('skipped: running the OpenCue outline needs python3 (not found)');

/** A Deadline info file as Deadline reads it: `key=value` lines. */
function infoFile(file: string): Map<string, string> {
  const entries = readFileSync(file, 'utf8')
    .split('\n')
    .filter((l) => l.length > 0)
    .map((l) => {
      const i = l.indexOf('=');
      return [l.slice(0, i), l.slice(i + 1)] as [string, string];
    });
  const map = new Map(entries);
  expect(map.size).toBe(entries.length); // no key twice
  return map;
}

/** Splits a Deadline Arguments string the way the CommandLine plugin hands it to the process. */
function splitArguments(text: string): string[] {
  const words: string[] = [];
  for (const m of text.matchAll(/"((?:[^"\\]|\\.)*)"|(\S+)/g))
    words.push(m[1]?.replace(/\\"/g, '"') ?? m[2]!);
  return words;
}

/** Deadline's tasks for Frames=A-B and ChunkSize=N. */
function deadlineTasks(frames: string, chunk: number): Array<[number, number]> {
  const [a, b] = frames.split('-').map(Number) as [number, number];
  const tasks: Array<[number, number]> = [];
  for (let s = a; s <= b; s += chunk) tasks.push([s, Math.min(b, s + chunk - 1)]);
  return tasks;
}

let project = '';
let shared = '';

beforeAll(() => {
  rmSync(dir, { recursive: true, force: true });
  shared = path.join(dir, 'shared volume');
  mkdirSync(shared, { recursive: true });
  writeFileSync(path.join(shared, 'plate.mov'), 'plate');
  writeFileSync(path.join(shared, 'face.png'), 'face');
  writeFileSync(path.join(shared, 'plate.analysis.json'), '{}');
  const media = { width: 64, height: 64, frameRate: { num: 25, den: 1 }, startTimecode: null };
  const p: Project = {
    ...emptyProject('sh010'),
    clips: [
      {
        id: 'clip-1',
        path: path.join(shared, 'plate.mov'),
        analysis: 'plate.analysis.json',
        media: { ...media, frameCount: 100, isImage: false },
        ...newClipSettings(),
      },
    ],
    sources: [
      {
        id: 'src-1',
        path: path.join(shared, 'face.png'),
        kind: 'image',
        frame: 0,
        analysis: null,
        media: { ...media, frameCount: 1, isImage: true },
      },
    ],
    activeClipId: 'clip-1',
  };
  project = path.join(shared, 'sh010.dsproj');
  writeFileSync(project, JSON.stringify(p));
});

describe('farm export --engine deadline', () => {
  const out = () => path.join(dir, 'deadline');
  let spec: FarmJobSpec;

  beforeAll(() => {
    const r = run(
      'farm',
      'export',
      '--engine',
      'deadline',
      project,
      '--chunk',
      '20',
      '--out',
      out(),
      '--frames',
      '0-59',
      '--pool',
      'comp',
    );
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    spec = parseFarmJobSpec(JSON.parse(readFileSync(path.join(out(), 'job.json'), 'utf8')));
  });

  it('render job info: CommandLine plugin, Frames, ChunkSize, Name, Pool', () => {
    const job = infoFile(path.join(out(), 'render_job_info.job'));
    expect(job.get('Plugin')).toBe('CommandLine');
    expect(job.get('Frames')).toBe('0-59');
    expect(job.get('ChunkSize')).toBe('20');
    expect(job.get('Name')).toBe('depthswap sh010.mov');
    expect(job.get('Pool')).toBe('comp');
    expect(job.get('OutputDirectory0')).toBe(path.join(out(), 'work', 'segments'));
    expect(job.has('JobDependencies')).toBe(false);
    expect([...job.keys()].sort()).toEqual(
      ['ChunkSize', 'Comment', 'Frames', 'Name', 'OutputDirectory0', 'Plugin', 'Pool'].sort(),
    );
  });

  it('render plugin info: Executable, and Arguments with <STARTFRAME>/<ENDFRAME> giving each task its chunk', () => {
    const plugin = infoFile(path.join(out(), 'render_plugin_info.job'));
    expect(plugin.get('Executable')).toBe(process.execPath);
    expect(plugin.get('StartupDirectory')).toBe(path.join(out(), 'work'));
    expect(plugin.get('Shell')).toBe('default');
    expect(plugin.get('ShellExecute')).toBe('False');
    expect(plugin.get('SingleFramesOnly')).toBe('False');
    const args = plugin.get('Arguments')!;
    expect(args).toContain('--frames <STARTFRAME>-<ENDFRAME>');
    expect(args).toContain(`"${project}"`); // the path has a space: quoted
    // Deadline's substitution per task reproduces exactly the chunk commands the Slurm executor runs.
    const tasks = deadlineTasks('0-59', 20);
    expect(tasks).toEqual(spec.chunks.map((c) => [c.start, c.end - 1]));
    tasks.forEach(([s, e], i) => {
      const argv = splitArguments(
        args.replaceAll('<STARTFRAME>', String(s)).replaceAll('<ENDFRAME>', String(e)),
      );
      expect([plugin.get('Executable'), ...argv]).toEqual(spec.chunks[i]!.argv);
    });
  });

  it('concat job: one task, depends on the render job (JobDependencies), writes the output', () => {
    const job = infoFile(path.join(out(), 'concat_job_info.job'));
    expect(job.get('Plugin')).toBe('CommandLine');
    expect(job.get('Name')).toBe('depthswap sh010.mov (concat)');
    expect(job.get('Frames')).toBe('0');
    expect(job.get('ChunkSize')).toBe('1');
    expect(job.get('Pool')).toBe('comp');
    expect(job.get('JobDependencies')).toBe('@RENDER_JOB_ID@');
    expect(job.get('OutputDirectory0')).toBe(out());
    expect(job.get('OutputFilename0')).toBe('sh010.mov');
    const plugin = infoFile(path.join(out(), 'concat_plugin_info.job'));
    expect([plugin.get('Executable'), ...splitArguments(plugin.get('Arguments')!)]).toEqual(spec.concat.argv);
  });

  it('submit-deadline.sh submits the render job, then the concat job with the render job id', () => {
    // A stand-in deadlinecommand at the edge: records its arguments and the files, prints a JobID.
    const calls = path.join(dir, 'deadline-calls.txt');
    const stub = path.join(dir, 'deadlinecommand');
    writeFileSync(
      stub,
      `#!/bin/bash\nn=$(($(cat "${calls}.n" 2>/dev/null || echo 0) + 1)); echo $n > "${calls}.n"\n` +
        `echo "$*" >> "${calls}"; cat "$1" >> "${calls}"\necho "Result=Success"; echo "JobID=64f0c0ffee00000000000$n"\n`,
    );
    chmodSync(stub, 0o755);
    const r = spawnSync('bash', [path.join(out(), 'submit-deadline.sh')], {
      env: { ...process.env, DEADLINECOMMAND: stub },
      encoding: 'utf8',
    });
    expect(r.status, r.stderr).toBe(0);
    const log = readFileSync(calls, 'utf8');
    expect(log).toMatch(/^render_job_info\.job render_plugin_info\.job\n/);
    expect(log).toContain('concat_job_info.submitted.job concat_plugin_info.job\n');
    expect(log).toContain('JobDependencies=64f0c0ffee000000000001\n');
    expect(log).not.toContain('@RENDER_JOB_ID@');
  });
});

describe('farm export --engine opencue', () => {
  const out = () => path.join(dir, 'opencue');
  let spec: FarmJobSpec;

  beforeAll(() => {
    const r = run(
      'farm',
      'export',
      '--engine',
      'opencue',
      project,
      '--chunk',
      '25',
      '--out',
      out(),
      '--frames',
      '10-69',
    );
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    spec = parseFarmJobSpec(JSON.parse(readFileSync(path.join(out(), 'job.json'), 'utf8')));
  });

  it.skipIf(!hasPython)(
    'the outline: a chunked shell layer with #FRAME_START#/#FRAME_END#, a concat layer depending on all of it',
    () => {
      // A stand-in of PyOutline's API (the calls the outline makes), recording them as JSON.
      const stub = path.join(dir, 'pyoutline-stub', 'outline');
      mkdirSync(path.join(stub, 'modules'), { recursive: true });
      writeFileSync(
        path.join(stub, '__init__.py'),
        [
          'import atexit, json',
          'RECORD = {"layers": [], "added": [], "depends": [], "launch": None}',
          'atexit.register(lambda: print(json.dumps(RECORD)))',
          'class Outline:',
          '    def __init__(self, name, **kw):',
          '        RECORD["outline"] = {"name": name, **kw}',
          '    def add_layer(self, layer):',
          '        RECORD["added"].append(layer.name)',
        ].join('\n') + '\n',
      );
      writeFileSync(
        path.join(stub, 'cuerun.py'),
        'import outline\ndef launch(ol, use_pycuerun=True, **kw):\n    outline.RECORD["launch"] = {"use_pycuerun": use_pycuerun}\n',
      );
      writeFileSync(path.join(stub, 'modules', '__init__.py'), '');
      writeFileSync(
        path.join(stub, 'modules', 'shell.py'),
        [
          'import outline',
          'class Shell:',
          '    def __init__(self, name, **kw):',
          '        self.name = name',
          '        outline.RECORD["layers"].append({"name": name, **kw})',
          '    def depend_all(self, other):',
          '        outline.RECORD["depends"].append([self.name, other.name, "LayerOnLayer"])',
          '    def depend_on(self, other, *a, **kw):',
          '        outline.RECORD["depends"].append([self.name, other.name, "FrameByFrame"])',
        ].join('\n') + '\n',
      );
      const r = spawnSync('python3', [path.join(out(), 'depthswap_outline.py')], {
        env: { ...process.env, PYTHONPATH: path.dirname(stub), SHOW: 'testshow' },
        encoding: 'utf8',
      });
      expect(r.status, r.stderr).toBe(0);
      const rec = JSON.parse(r.stdout) as {
        outline: { name: string; show: string; shot: string };
        layers: Array<{ name: string; type: string; command: string[]; range: string; chunk: number }>;
        added: string[];
        depends: string[][];
        launch: { use_pycuerun: boolean };
      };
      expect(rec.outline).toEqual({ name: 'depthswap_sh010.mov', show: 'testshow', shot: 'sh010' });
      const [render, concat] = rec.layers;
      expect(render).toMatchObject({ name: 'render', type: 'Render', range: '10-69', chunk: 25 });
      expect(render!.command).toContain('#FRAME_START#-#FRAME_END#');
      expect(concat).toMatchObject({ name: 'concat', type: 'Util', range: '10', chunk: 1 });
      expect(concat!.command).toEqual(spec.concat.argv);
      expect(rec.depends).toEqual([['concat', 'render', 'LayerOnLayer']]);
      expect(rec.added).toEqual(['render', 'concat']);
      expect(rec.launch).toEqual({ use_pycuerun: false });
      // cuebot's chunks of 10-69 by 25 and their token substitution give exactly the Slurm chunk commands.
      const chunks: Array<[number, number]> = [
        [10, 34],
        [35, 59],
        [60, 69],
      ];
      expect(chunks).toEqual(spec.chunks.map((c) => [c.start, c.end - 1]));
      chunks.forEach(([s, e], i) => {
        const cmd = render!.command.map((w) =>
          w.replaceAll('#FRAME_START#', String(s)).replaceAll('#FRAME_END#', String(e)),
        );
        expect(cmd).toEqual(spec.chunks[i]!.argv);
      });
    },
  );

  it('never writes over an earlier export', () => {
    const r = run('farm', 'export', '--engine', 'opencue', project, '--chunk', '25', '--out', out());
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/already exists/);
  });

  it('bad usage exits 2', () => {
    expect(run('farm', 'export', '--engine', 'tractor', project, '--chunk', '5', '--out', out()).status).toBe(
      2,
    );
    expect(run('farm', 'export', '--engine', 'opencue', project, '--out', out()).status).toBe(2);
    expect(
      run('farm', 'submit', '--engine', 'deadline', project, '--out', 'x.mov', '--chunk', '5').status,
    ).toBe(2);
  });
});

describe('farm export of an H.264 job: chunks as lossless intermediates, the concat encodes once', () => {
  it('Deadline and OpenCue chunks render --intermediate .mkv segments; the concat joins them into the .mp4', () => {
    for (const engine of ['deadline', 'opencue'] as const) {
      const out = path.join(dir, `${engine}-h264`);
      const r = run(
        'farm',
        'export',
        '--engine',
        engine,
        project,
        '--chunk',
        '20',
        '--format',
        'h264',
        '--out',
        out,
      );
      expect(r.stderr).toBe('');
      expect(r.status).toBe(0);
      const spec = parseFarmJobSpec(JSON.parse(readFileSync(path.join(out, 'job.json'), 'utf8')));
      expect(spec.out.endsWith('.mp4')).toBe(true);
      for (const c of spec.chunks) {
        expect(c.segment.endsWith('.mkv')).toBe(true);
        expect(c.argv[c.argv.indexOf('--out') + 1]).toBe(c.segment);
        expect(c.argv.slice(-3)).toEqual(['--format', 'h264', '--intermediate']);
      }
      expect(spec.concat.argv.slice(-2)).toEqual(['--out', spec.out]);
      expect(spec.concat.argv).toEqual(expect.arrayContaining(spec.chunks.map((c) => c.segment)));
      if (engine === 'deadline') {
        const plugin = infoFile(path.join(out, 'render_plugin_info.job'));
        const args = plugin.get('Arguments')!;
        expect(args).toContain('chunk-<STARTFRAME>-<ENDFRAME>.mkv');
        // Deadline's substitution per task gives exactly the planned chunk commands.
        for (const c of spec.chunks) {
          const argv = splitArguments(
            args.replaceAll('<STARTFRAME>', String(c.start)).replaceAll('<ENDFRAME>', String(c.end - 1)),
          );
          expect([plugin.get('Executable'), ...argv]).toEqual(c.argv);
        }
        expect(infoFile(path.join(out, 'concat_job_info.job')).get('OutputFilename0')).toBe('sh010.mp4');
      } else {
        const outline = readFileSync(path.join(out, 'depthswap_outline.py'), 'utf8');
        expect(outline).toContain('chunk-#FRAME_START#-#FRAME_END#.mkv');
        expect(outline).toContain('"--intermediate"');
      }
    }
  });
});
