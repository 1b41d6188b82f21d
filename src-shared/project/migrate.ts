// Reading a project document of any known version: validate, migrate older versions step by step to the
// current one, refuse newer versions and anything that is not a project, each with a clear reason.
import { parseJsonText } from '../json-text.ts';
import { z } from 'zod';
import {
  ClipSchema,
  DEFAULT_INTERPOLATION,
  DEFAULT_PRESETS,
  DEFAULT_SWAP,
  InterpolationSchema,
  KEYPOINT_COUNT,
  MarksSchema,
  PROJECT_FORMAT,
  PROJECT_VERSION,
  ProjectSchema,
  SwapSettingsSchema,
  type Offset,
  type Project,
} from './schema.ts';

export type ProjectProblem = 'corrupt' | 'newer' | 'invalid';

export class ProjectFormatError extends Error {
  override name = 'ProjectFormatError';
  readonly problem: ProjectProblem;
  constructor(problem: ProjectProblem, message: string) {
    super(message);
    this.problem = problem;
  }
}

/**
 * Version 1 (the first studio builds): one target clip and one source image, per-point edits as a flat
 * list, swap settings without colour mode or cleanup model.
 */
export const ProjectV1Schema = z.object({
  format: z.literal(PROJECT_FORMAT),
  version: z.literal(1),
  name: z.string(),
  target: z.string().min(1).nullable(),
  source: z.string().min(1).nullable(),
  edits: z.array(
    z.object({
      frame: z.number().int().min(0),
      point: z
        .number()
        .int()
        .min(0)
        .max(KEYPOINT_COUNT - 1),
      dx: z.number(),
      dy: z.number(),
    }),
  ),
  swap: z.object({ erode: z.number().int().min(0), feather: z.number().int().min(0), mirror: z.boolean() }),
});
export type ProjectV1 = z.infer<typeof ProjectV1Schema>;

/**
 * Version 3: marks, keyframe interpolation and swap settings were one for the whole project (so every clip
 * rendered with the same range and settings); clips held only their path, analysis and media summary.
 */
export const ProjectV3Schema = ProjectSchema.extend({
  version: z.literal(3),
  clips: z.array(
    ClipSchema.omit({ marks: true, playhead: true, zoom: true, interpolation: true, swap: true }),
  ),
  interpolation: InterpolationSchema,
  swap: SwapSettingsSchema,
  /** In and out marks (half-open [markIn, markOut)), or null. */
  marks: MarksSchema,
});
export type ProjectV3 = z.infer<typeof ProjectV3Schema>;

/**
 * Version 3 -> 4: the project's marks, interpolation and swap settings go to every clip as they were, so
 * every clip renders the same range with the same settings as before; playheads start at 0, zoom at fit.
 */
export function migrateV3(v3: ProjectV3): Project {
  const { interpolation, swap, marks, clips, ...rest } = v3;
  return {
    ...rest,
    version: PROJECT_VERSION,
    clips: clips.map((c) => ({
      ...c,
      marks: { ...marks },
      playhead: 0,
      zoom: null,
      interpolation: { ...interpolation },
      swap: { ...swap },
    })),
  };
}

/**
 * Version 2: the version 3 layout, but mask erode / feather in pixels (integers) that the render never
 * applied, and no mouth exclusion.
 */
export const ProjectV2Schema = ProjectV3Schema.extend({
  version: z.literal(2),
  swap: SwapSettingsSchema.omit({ maskErode: true, maskFeather: true, excludeMouth: true }).extend({
    maskErode: z.number().int().min(0).max(200),
    maskFeather: z.number().int().min(0).max(200),
  }),
});
export type ProjectV2 = z.infer<typeof ProjectV2Schema>;

/**
 * Version 2 -> 3. The pixel erode / feather of version 2 reached no render (every render used the engine's
 * defaults), and pixels cannot become fractions of a face size that changes along the clip: the migrated
 * project gets those defaults, so it renders exactly as it did.
 */
export function migrateV2(v2: ProjectV2): ProjectV3 {
  return {
    ...v2,
    version: 3,
    swap: {
      ...v2.swap,
      maskErode: DEFAULT_SWAP.maskErode,
      maskFeather: DEFAULT_SWAP.maskFeather,
      excludeMouth: DEFAULT_SWAP.excludeMouth,
    },
  };
}

export function migrateV1(v1: ProjectV1, now: Date = new Date()): ProjectV3 {
  const stamp = now.toISOString();
  const byFrame = new Map<number, Offset[]>();
  for (const e of v1.edits) {
    let offsets = byFrame.get(e.frame);
    if (!offsets) {
      offsets = Array.from({ length: KEYPOINT_COUNT }, (): Offset => [0, 0]);
      byFrame.set(e.frame, offsets);
    }
    offsets[e.point] = [e.dx, e.dy];
  }
  const keyframes = [...byFrame.entries()]
    .sort((a, b) => a[0] - b[0])
    .map(([frame, offsets]) => ({ frame, offsets }));
  const clips = v1.target ? [{ id: 'clip-1', path: v1.target, analysis: null, media: null }] : [];
  const sources = v1.source
    ? [{ id: 'source-1', path: v1.source, kind: 'image' as const, frame: 0, analysis: null, media: null }]
    : [];
  return {
    format: PROJECT_FORMAT,
    version: 3,
    name: v1.name,
    createdAt: stamp,
    modifiedAt: stamp,
    clips,
    sources,
    activeClipId: clips[0]?.id ?? null,
    activeSourceId: sources[0]?.id ?? null,
    tracks: clips[0] && keyframes.length > 0 ? [{ clipId: clips[0].id, face: 0, keyframes }] : [],
    interpolation: { ...DEFAULT_INTERPOLATION },
    // Its pixel erode / feather, like version 2's, never reached a render: the engine's defaults.
    swap: { ...DEFAULT_SWAP, mirror: v1.swap.mirror ? 'on' : 'auto' },
    marks: { in: null, out: null },
    renderPresets: DEFAULT_PRESETS.map((p) => ({ ...p })),
  };
}

function describeIssues(error: z.ZodError): string {
  const first = error.issues[0];
  if (!first) return 'invalid';
  const where = first.path.length > 0 ? first.path.join('.') : '(top level)';
  const more = error.issues.length > 1 ? ` (and ${error.issues.length - 1} more problem(s))` : '';
  return `${where}: ${first.message}${more}`;
}

/** Parses project JSON text of any known version into the current schema. */
export function parseProjectText(text: string): { project: Project; migratedFrom: number | null } {
  let doc: unknown;
  try {
    doc = parseJsonText(text, 'the project file');
  } catch (err) {
    const why = err instanceof Error ? err.message.replace(/^the project file is /, '') : String(err);
    throw new ProjectFormatError('corrupt', `the project file is corrupt (${why})`);
  }
  return parseProjectDocument(doc);
}

export function parseProjectDocument(doc: unknown): { project: Project; migratedFrom: number | null } {
  const head = z.object({ format: z.string(), version: z.number() }).safeParse(doc);
  if (!head.success || head.data.format !== PROJECT_FORMAT) {
    throw new ProjectFormatError(
      'corrupt',
      'the file is not a DepthSwap project (no "format": "depthswap-project")',
    );
  }
  const version = head.data.version;
  if (!Number.isInteger(version) || version < 1) {
    throw new ProjectFormatError('corrupt', `the project has an impossible version (${version})`);
  }
  if (version > PROJECT_VERSION) {
    throw new ProjectFormatError(
      'newer',
      `the project was saved by a newer DepthSwap Studio (project version ${version}; this build reads up to ${PROJECT_VERSION}); update the studio to open it`,
    );
  }
  if (version === 1) {
    const v1 = ProjectV1Schema.safeParse(doc);
    if (!v1.success) {
      throw new ProjectFormatError(
        'invalid',
        `the version 1 project is invalid: ${describeIssues(v1.error)}`,
      );
    }
    return { project: migrateV3(migrateV1(v1.data)), migratedFrom: 1 };
  }
  if (version === 2) {
    const v2 = ProjectV2Schema.safeParse(doc);
    if (!v2.success) {
      throw new ProjectFormatError(
        'invalid',
        `the version 2 project is invalid: ${describeIssues(v2.error)}`,
      );
    }
    return { project: migrateV3(migrateV2(v2.data)), migratedFrom: 2 };
  }
  if (version === 3) {
    const v3 = ProjectV3Schema.safeParse(doc);
    if (!v3.success) {
      throw new ProjectFormatError(
        'invalid',
        `the version 3 project is invalid: ${describeIssues(v3.error)}`,
      );
    }
    return { project: migrateV3(v3.data), migratedFrom: 3 };
  }
  const current = ProjectSchema.safeParse(doc);
  if (!current.success) {
    throw new ProjectFormatError('invalid', `the project is invalid: ${describeIssues(current.error)}`);
  }
  return { project: current.data, migratedFrom: null };
}
