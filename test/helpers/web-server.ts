// A real `tidings serve` for browser tests: its own SQLite file, secret key and port.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { firstAdminPassword, servingAddress, stop, tidings, waitForLine, type TidingsProcess } from './processes.js';

/** A running service and what a test needs to use it. */
export interface WebServer {
  readonly url: string;
  readonly adminPassword: string;
  readonly process: TidingsProcess;
  readonly dataDir: string;
  close(): Promise<void>;
}

/** Starts `tidings serve` (with its workers) on a free port over a fresh SQLite store. */
export async function startWebServer(env: Record<string, string> = {}): Promise<WebServer> {
  const dataDir = mkdtempSync(join(tmpdir(), 'tidings-web-'));
  const started = tidings(['serve'], {
    TIDINGS_DATA_DIR: dataDir,
    TIDINGS_SECRET_KEY: randomBytes(32).toString('base64'),
    PORT: '0',
    LOG_LEVEL: 'info',
    ...env,
  });
  try {
    const { value: url, plain } = await waitForLine(started, servingAddress, 60_000);
    return {
      url,
      adminPassword: firstAdminPassword(plain),
      process: started,
      dataDir,
      async close() {
        await stop(started.child);
        rmSync(dataDir, { recursive: true, force: true });
      },
    };
  } catch (error) {
    await stop(started.child);
    rmSync(dataDir, { recursive: true, force: true });
    throw error;
  }
}
