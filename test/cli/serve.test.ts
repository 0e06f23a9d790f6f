import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { describe, expect, it } from 'vitest';

const BIN = join(import.meta.dirname, '../../bin/tidings.js');

function tidings(args: string[], env: Record<string, string>) {
  return spawn(process.execPath, [BIN, ...args], {
    env: { PATH: process.env.PATH ?? '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

const healthyLoop = (critical: boolean) => ({ ok: true, failures: 0, instances: 1, failing: false, critical });

describe('tidings serve', () => {
  it('starts on the embedded defaults, answers /health with ok, and stops on SIGTERM', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'tidings-serve-'));
    const child = tidings(['serve'], { TIDINGS_DATA_DIR: dataDir, PORT: '0' });
    const lines = createInterface({ input: child.stdout });
    let address: string | undefined;
    let firstAdmin = '';
    for await (const line of lines) {
      if (!line.startsWith('{')) {
        firstAdmin += `${line}\n`; // the one-time admin password, plain text by design
        continue;
      }
      const entry = JSON.parse(line) as { msg?: string; address?: string };
      if (entry.msg === 'tidings is serving') {
        address = entry.address;
        break;
      }
    }
    expect(address).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(firstAdmin).toMatch(/admin/);
    const response = await fetch(`${address}/health`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({
      status: 'ok',
      store: { ok: true, dialect: 'sqlite' },
      queue: { mode: 'in-process', ok: true },
      workers: { alive: 0, seen: [] },
      // Every background loop of the in-process workers is supervised and well.
      loops: {
        'inbox-discovery': healthyLoop(true),
        scheduler: healthyLoop(true),
        // Issue #20: the schedule role also mails the morning digests and syncs SMS template approvals with the providers (neither critical).
        reminders: healthyLoop(false),
        'sms-approval-sync': healthyLoop(false),
        sender: healthyLoop(false),
        'sending-lease': healthyLoop(false),
        sweeper: healthyLoop(true),
      },
      unhandledRejections: { count: 0 },
    });
    child.kill('SIGTERM');
    const [code] = await once(child, 'exit');
    expect(code).toBe(0);
  });

  for (const [variable, value] of [
    ['PORT', 'eighty'],
    ['DATABASE_URL', 'mysql://root@localhost/tidings'],
  ] as const) {
    it(`refuses to start with a bad ${variable}, with one line naming it`, async () => {
      const child = tidings(['serve'], { [variable]: value, TIDINGS_DATA_DIR: mkdtempSync(join(tmpdir(), 'tidings-bad-')) });
      let stderr = '';
      child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
      const [code] = await once(child, 'exit');
      expect(code).toBe(1);
      expect(stderr.trim().split('\n')).toHaveLength(1);
      expect(stderr).toMatch(new RegExp(`^error CONFIG_INVALID: .*${variable}: expected`));
    });
  }
});
