import { spawnSync } from 'node:child_process';
import { afterEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/lib/config.ts';

const saved = { NODE_ENV: process.env.NODE_ENV, PORTAL_NOW: process.env.PORTAL_NOW };
afterEach(() => {
  for (const [name, value] of Object.entries(saved)) {
    if (value === undefined) delete process.env[name];
    else process.env[name] = value;
  }
});

describe('PORTAL_NOW in production', () => {
  it('is refused by the configuration when NODE_ENV=production', () => {
    process.env.PORTAL_NOW = '2016-09-10T09:00:00Z';
    process.env.NODE_ENV = 'production';
    expect(() => loadConfig()).toThrow(/PORTAL_NOW .* NODE_ENV=production/);
    process.env.NODE_ENV = 'test';
    expect(loadConfig().pinnedNow).toBe('2016-09-10T09:00:00Z');
  });

  it('stops the server at start with a message saying why', () => {
    const run = spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/start.ts'], {
      env: { ...process.env, NODE_ENV: 'production', PORTAL_NOW: '2016-09-10', SKIP_BUILD: '1', PORT: '1' },
      encoding: 'utf8',
      timeout: 30_000,
    });
    expect(run.status).not.toBe(0);
    expect(run.stderr).toMatch(/PORTAL_NOW pins the clock and must not be set when NODE_ENV=production/);
  }, 30_000);
});
