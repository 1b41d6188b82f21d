// The preload/IPC layer without Electron: its handler is a plain function over the contract.
import { describe, it, expect } from 'vitest';
import { mkdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { createIpcHandler, isAppUrl } from '../../../src-main/shell/ipc.ts';
import { createDispatcher } from '../../../src-main/server/dispatch.ts';
import { createHandlers } from '../../../src-main/server/handlers.ts';
import { createEngine } from '../../../src-main/server/engine.ts';
import { REPO_ROOT, testOutputDir } from '../../support/shared-data.ts';

const MODEL_DIR = path.join(REPO_ROOT, 'resources/models/depthnet');
import { emptyProject } from '../../../src-shared/project/schema.ts';

const dir = testOutputDir('ipc');

function setup() {
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const events: { name: string; payload: unknown }[] = [];
  const backend = createHandlers({
    version: 'test',
    engine: createEngine(false, MODEL_DIR),
    modelDir: MODEL_DIR,
    emit: (name, payload) => events.push({ name, payload }),
    stateDir: dir,
    home: dir,
    autosaveIntervalMs: 60_000,
    jobWorkerUrl: new URL('../../../src-main/server/job-worker.ts', import.meta.url),
  });
  const handler = createIpcHandler(createDispatcher(backend.handlers));
  return { backend, handler, events };
}

const fromApp = { senderFrame: { url: 'app://studio/index.html' } };

describe('IPC handler', () => {
  it('answers a valid call from the studio page', async () => {
    const { backend, handler } = setup();
    const r = await handler(fromApp, 'app.info', {});
    expect(r.ok).toBe(true);
    if (r.ok)
      expect(r.result).toMatchObject({ version: 'test', capabilities: { media: { available: true } } });
    await backend.dispose();
  });

  it('rejects bad arguments before any handler runs', async () => {
    const { backend, handler } = setup();
    const file = path.join(dir, 'p.dsproj');
    const r1 = await handler(fromApp, 'project.save', {
      path: file,
      project: { ...emptyProject('x'), version: 99 },
    });
    expect(r1).toMatchObject({ ok: false, error: { code: 'bad-arguments' } });
    const r2 = await handler(fromApp, 'media.probe', { path: 42 });
    expect(r2).toMatchObject({
      ok: false,
      error: { code: 'bad-arguments', message: expect.stringMatching(/path/) },
    });
    const r3 = await handler(fromApp, 'fs.delete', {});
    expect(r3).toMatchObject({ ok: false, error: { code: 'unknown-method' } });
    const r4 = await handler(fromApp, { method: 'app.info' }, {});
    expect(r4).toMatchObject({ ok: false, error: { code: 'bad-arguments' } });
    await backend.dispose();
  });

  it('refuses calls from an unexpected sender', async () => {
    const { backend, handler } = setup();
    for (const url of ['https://evil.example/', 'file:///tmp/index.html', 'app://other/index.html', '']) {
      const r = await handler({ senderFrame: url ? { url } : null }, 'app.info', {});
      expect(r).toMatchObject({ ok: false, error: { code: 'untrusted-sender' } });
    }
    expect(isAppUrl('app://studio/api/frame?x=1')).toBe(true);
    await backend.dispose();
  });

  it('reports handler failures as readable errors', async () => {
    const { backend, handler } = setup();
    const r = await handler(fromApp, 'project.open', { path: path.join(dir, 'missing.dsproj') });
    expect(r).toMatchObject({
      ok: false,
      error: { code: 'failed', message: expect.stringMatching(/no such project file/) },
    });
    await backend.dispose();
  });
});
