import { mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Writable, PassThrough } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { runCli } from '../../src/cli/index.js';

const FIXTURES = fileURLToPath(new URL('../../test/fixtures/', import.meta.url));

/** Every .eml under test/fixtures/bounces and test/fixtures/inbox: bounces of ~50 families, complaints, auto-replies, replies. */
function corpus(): Buffer[] {
  const out: Buffer[] = [];
  const walk = (dir: string) => {
    for (const name of readdirSync(dir).sort()) {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) walk(path);
      else if (name.endsWith('.eml')) out.push(readFileSync(path));
    }
  };
  walk(join(FIXTURES, 'bounces'));
  walk(join(FIXTURES, 'inbox'));
  return out;
}

/**
 * `tidings inbox classify <folder> --json` run in this process (runCli, as bin/tidings runs it,
 * module loading included) over `count` messages written as .eml files, against a reference
 * from the same run: mailparser's simpleParser alone on the same messages, the floor any
 * classifier built on it pays.
 */
export async function runClassify(dir: string, count: number): Promise<{ ms: number; lines: number; parseMs: number; kinds: Record<string, number> }> {
  const samples = corpus();
  const folder = join(dir, 'classify');
  mkdirSync(folder, { recursive: true });
  const messages = Array.from({ length: count }, (_, i) => samples[i % samples.length] as Buffer);
  messages.forEach((raw, i) => writeFileSync(join(folder, `${String(i).padStart(6, '0')}.eml`), raw));

  const { simpleParser } = await import('mailparser');
  const parseStart = performance.now();
  for (const raw of messages) await simpleParser(raw, { skipImageLinks: true, skipTextToHtml: true });
  const parseMs = performance.now() - parseStart;

  let text = '';
  const stdout = new Writable({
    write(chunk: Buffer, _encoding, done) {
      text += chunk.toString('utf8');
      done();
    },
  });
  const input = new PassThrough();
  input.end();
  const started = performance.now();
  const code = await runCli(['inbox', 'classify', folder, '--json'], { stdout, stderr: new PassThrough().resume(), stdin: input, env: { ...process.env, LOG_LEVEL: 'silent' } });
  const ms = performance.now() - started;
  process.exitCode = undefined;
  if (code !== 0) throw new Error(`inbox classify exited with ${code}`);
  const lines = text.trim().split('\n');
  const kinds: Record<string, number> = {};
  for (const line of lines) {
    const kind = (JSON.parse(line) as { kind: string }).kind;
    kinds[kind] = (kinds[kind] ?? 0) + 1;
  }
  return { ms, lines: lines.length, parseMs, kinds };
}
