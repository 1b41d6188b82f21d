// The layering rule in .ci/eslint.config.js is real: each forbidden import is reported, allowed ones are not.
import { describe, expect, it } from 'vitest';
import { ESLint } from 'eslint';
import path from 'node:path';
import { REPO_ROOT } from '../../support/shared-data.ts';

const eslint = new ESLint({
  cwd: REPO_ROOT,
  overrideConfigFile: path.join(REPO_ROOT, '.ci/eslint.config.js'),
});

async function layeringErrors(file: string, source: string): Promise<string[]> {
  const [result] = await eslint.lintText(source, { filePath: path.join(REPO_ROOT, file) });
  return (result?.messages ?? []).filter((m) => m.ruleId === 'no-restricted-imports').map((m) => m.message);
}

describe('layering lint', () => {
  it('src-shared imports nothing of ours and no platform modules', async () => {
    expect(
      await layeringErrors(
        'src-shared/x.ts',
        "import { a } from '../src-main/media/probe.ts';\nexport const b = a;\n",
      ),
    ).toHaveLength(1);
    expect(
      await layeringErrors(
        'src-shared/x.ts',
        "import { a } from '../src-renderer/App.tsx';\nexport const b = a;\n",
      ),
    ).toHaveLength(1);
    expect(
      await layeringErrors('src-shared/x.ts', "import fs from 'node:fs';\nexport const b = fs;\n"),
    ).toHaveLength(1);
    expect(
      await layeringErrors('src-shared/x.ts', "import { z } from 'zod';\nexport const b = z;\n"),
    ).toHaveLength(0);
  });

  it('src-renderer never imports engine code', async () => {
    expect(
      await layeringErrors(
        'src-renderer/x.ts',
        "import { a } from '../src-main/media/probe.ts';\nexport const b = a;\n",
      ),
    ).toHaveLength(1);
    expect(
      await layeringErrors(
        'src-renderer/x.ts',
        "import { a } from '../src-shared/media.ts';\nexport const b = a;\n",
      ),
    ).toHaveLength(0);
  });

  it('only the shell imports electron', async () => {
    expect(
      await layeringErrors('src-main/media/x.ts', "import { app } from 'electron';\nexport const b = app;\n"),
    ).toHaveLength(1);
    expect(
      await layeringErrors('src-main/shell/x.ts', "import { app } from 'electron';\nexport const b = app;\n"),
    ).toHaveLength(0);
  });
});
