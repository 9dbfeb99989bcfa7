import { defineConfig } from '@playwright/test';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** The system Chromium: browser downloads are impossible on these machines. */
function chromiumPath(): string | undefined {
  const candidates = [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser'];
  return candidates.find((p): p is string => !!p && existsSync(p));
}

export const PORT = Number(process.env.E2E_PORT || 4399);
// Workers inherit the main process's environment, so they all see the one data directory.
process.env.E2E_DATA_DIR ||= mkdtempSync(join(tmpdir(), 'portal-e2e-'));
const dataDir = process.env.E2E_DATA_DIR;

export default defineConfig({
  testDir: './e2e',
  forbidOnly: !!process.env.CI,
  fullyParallel: false,
  workers: 2,
  reporter: [['list']],
  timeout: 60_000,
  use: {
    baseURL: `http://127.0.0.1:${PORT}`,
    launchOptions: {
      executablePath: chromiumPath(),
      args: [
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
        '--disable-quic',
      ],
    },
  },
  webServer: {
    // What `npm start` runs once built: the compiled server.
    command: 'node dist/cli/start.mjs',
    cwd: '..',
    url: `http://127.0.0.1:${PORT}/`,
    reuseExistingServer: false,
    timeout: 180_000,
    env: {
      HOST: '127.0.0.1',
      PORT: String(PORT),
      SKIP_BUILD: '1',
      DATABASE_PATH: join(dataDir, 'portal.db'),
      MAIL_OUTBOX_DIR: join(dataDir, 'outbox'),
      PORTAL_LOG: 'silent',
      E2E_DATA_DIR: dataDir,
    },
  },
});
