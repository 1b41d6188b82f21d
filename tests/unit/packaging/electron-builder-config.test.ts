// electron-builder.yml is complete and valid against electron-builder's own schema (packaging itself is not
// run here: there is no Electron binary to package).
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { REPO_ROOT } from '../../support/shared-data.ts';

const require = createRequire(path.join(REPO_ROOT, 'node_modules', 'app-builder-lib', 'package.json'));
const yaml = require('js-yaml') as { load: (text: string) => unknown };
const configModule = require('./out/util/config/config.js') as {
  validateConfiguration: (config: unknown, logger: unknown) => Promise<void>;
};
const { DebugLogger } = require('builder-util') as { DebugLogger: new (enabled: boolean) => unknown };

interface BuilderConfig {
  appId?: string;
  files?: string[];
  asarUnpack?: string[];
  extraMetadata?: { main?: string };
  linux?: { target?: string[] };
  mac?: { target?: string[] };
  win?: { target?: string[] };
  electronFuses?: Record<string, boolean>;
}

const config = yaml.load(readFileSync(path.join(REPO_ROOT, 'electron-builder.yml'), 'utf8')) as BuilderConfig;
const pkg = JSON.parse(readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')) as { main: string };

describe('electron-builder.yml', () => {
  it("passes electron-builder's schema validation", async () => {
    await expect(configModule.validateConfiguration(config, new DebugLogger(false))).resolves.toBeUndefined();
  });

  it('builds AppImage, dmg and nsis from the bundled main and renderer', () => {
    expect(config.appId).toMatch(/^[a-z0-9.-]+$/);
    expect(config.linux?.target).toContain('AppImage');
    expect(config.mac?.target).toContain('dmg');
    expect(config.win?.target).toContain('nsis');
    expect(config.files).toEqual(
      expect.arrayContaining(['dist/main/**', 'dist/renderer/**', 'resources/models/**']),
    );
    expect(config.extraMetadata?.main ?? pkg.main).toBe(pkg.main);
  });

  it('unpacks ffmpeg-static and the model folders from the asar', () => {
    const unpack = config.asarUnpack ?? [];
    expect(unpack.some((p) => p.startsWith('node_modules/ffmpeg-static'))).toBe(true);
    expect(unpack.some((p) => p.startsWith('resources/models'))).toBe(true);
    expect(unpack.some((p) => p.includes('face-api/model'))).toBe(true);
  });

  it('sets the Electron fuses: no run-as-node, no NODE_OPTIONS/inspect, only the integrity-checked asar', () => {
    expect(config.electronFuses).toEqual(
      expect.objectContaining({
        runAsNode: false,
        enableNodeOptionsEnvironmentVariable: false,
        enableNodeCliInspectArguments: false,
        onlyLoadAppFromAsar: true,
        enableEmbeddedAsarIntegrityValidation: true,
        grantFileProtocolExtraPrivileges: false,
      }),
    );
  });

  it('rejects a misspelt fuse (the fuse options are validated too)', async () => {
    await expect(
      configModule.validateConfiguration(
        { ...config, electronFuses: { ...config.electronFuses, runAsNodee: false } },
        new DebugLogger(false),
      ),
    ).rejects.toThrow(/electronFuses/);
  });

  it('rejects a misspelt option (the validation is real)', async () => {
    await expect(
      configModule.validateConfiguration({ ...config, appIdd: 'x' }, new DebugLogger(false)),
    ).rejects.toThrow(/appIdd|unknown|additional/i);
  });
});
