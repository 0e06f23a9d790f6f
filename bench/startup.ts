// CLI start-up: `tidings --version` and `tidings inbox classify <file>` as a ratio to `node -e 0`,
// all measured in the same run, interleaved (one of each per round), median of the rounds.
// `tidings` is dist/tidings.js run as installed (its `#!` line starts node with Tidings' flags),
// rebuilt first from the current sources (bundle only, no type-check: bin/build.ts).
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../', import.meta.url));
const TIDINGS = join(ROOT, 'dist/tidings.js');

/** Median wall time of each start-up, in ms, and its ratio to bare node. */
export interface StartupResult {
  readonly rounds: number;
  readonly nodeMs: number;
  readonly versionMs: number;
  readonly classifyMs: number;
  readonly versionRatio: number;
  readonly classifyRatio: number;
}

const REPLY = `From: Customer <customer@example.test>\r
To: rep@example.test\r
Subject: Re: Spring offer\r
Message-ID: <reply-1@example.test>\r
In-Reply-To: <campaign-1@example.test>\r
Date: Mon, 7 Dec 2026 10:00:00 +0000\r
Content-Type: text/plain; charset=utf-8\r
\r
Thanks, please call me next week.\r
`;

function run(command: string, args: readonly string[], env: NodeJS.ProcessEnv): number {
  const started = process.hrtime.bigint();
  const result = spawnSync(command, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} exited with ${result.status}: ${String(result.stderr).slice(-2000)}`);
  return ms;
}

const median = (values: readonly number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? (sorted[mid] ?? 0) : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
};

/** Builds dist/, then times `rounds` rounds (after one untimed warm-up that also migrates the store). */
export async function measureStartup(rounds = 11, log: (line: string) => void = () => {}): Promise<StartupResult> {
  log('startup: building dist/ (bin/build.ts)…');
  run(process.execPath, ['--import', 'tsx', join(ROOT, 'bin/build.ts')], process.env);
  const dir = mkdtempSync(join(tmpdir(), 'tidings-startup-'));
  try {
    const file = join(dir, 'reply.eml');
    writeFileSync(file, REPLY);
    const env = { PATH: process.env.PATH ?? '', TIDINGS_DATA_DIR: join(dir, 'data'), TIDINGS_SECRET_KEY: randomBytes(32).toString('base64') };
    const commands = {
      node: () => run(process.execPath, ['-e', '0'], env),
      version: () => run(TIDINGS, ['--version'], env),
      classify: () => run(TIDINGS, ['inbox', 'classify', file], env),
    };
    for (const measure of Object.values(commands)) measure();
    const times = { node: [] as number[], version: [] as number[], classify: [] as number[] };
    for (let round = 0; round < rounds; round++) {
      times.node.push(commands.node());
      times.version.push(commands.version());
      times.classify.push(commands.classify());
    }
    const nodeMs = median(times.node);
    const versionMs = median(times.version);
    const classifyMs = median(times.classify);
    const round1 = (n: number) => Math.round(n * 10) / 10;
    return { rounds, nodeMs: round1(nodeMs), versionMs: round1(versionMs), classifyMs: round1(classifyMs), versionRatio: round1(versionMs / nodeMs), classifyRatio: round1(classifyMs / nodeMs) };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
