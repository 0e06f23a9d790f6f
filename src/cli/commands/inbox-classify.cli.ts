import type { Command } from 'commander';
import { readdir, readFile, stat } from 'node:fs/promises';
import { extname, join } from 'node:path';
import { isMbox, splitMbox } from '../../adapters/mail/mbox/mbox.js';
import { TidingsError } from '../../platform/errors/index.js';
import type { CliIo } from '../io.js';

/** Files a folder walk picks up: .eml and mbox archives, and extension-less maildir files. */
const MAIL_EXTENSIONS = new Set(['.eml', '.mbox', '.mbx', '.mail', '.msg', '']);
/** Classified messages between two writes to stdout (one write per line is slow on a pipe). */
const FLUSH_EVERY = 200;

/** One message to classify and where it came from (`file`, or `file#n` inside an mbox). */
interface Source {
  readonly name: string;
  readonly raw: Buffer;
}

/**
 * Adds `tidings inbox classify <paths…>`: files, folders (recursive) and `-` for standard input,
 * each an .eml or an mbox archive, classified in this process — only the parser and the
 * classifier are loaded, and the database only with `--customers`.
 */
export function registerInboxClassify(inbox: Command, io: CliIo): void {
  inbox
    .command('classify <paths...>')
    .description('classify .eml files, mbox archives, folders of them (recursive) or - (standard input): reply, bounce, complaint, auto-reply, unsubscribe or other')
    .option('--json', 'print one JSON object per message, one per line')
    .option('--customers', 'also say which customer and sent message each belongs to (reads the database)')
    .action(async (paths: string[], opts: { json?: boolean; customers?: boolean }) => {
      // The inbox module is loaded here, not at start-up, and without the app around it.
      const inboxModule = await import('../../modules/inbox/index.js');
      const filing = opts.customers ? await openFiling(io) : undefined;
      const counts = new Map<string, number>();
      let buffer: string[] = [];
      const flush = () => {
        if (buffer.length) io.stdout.write(`${buffer.join('\n')}\n`);
        buffer = [];
      };
      try {
        for await (const source of sources(paths, io)) {
          const message = await inboxModule.parseMessage(source.raw);
          const classification = inboxModule.classifyMessage(message);
          const out: Record<string, unknown> = { source: source.name, kind: classification.kind };
          if (classification.bounce) out.bounce = classification.bounce;
          if (classification.complaint) out.complaint = classification.complaint;
          if (classification.challenge) out.challenge = classification.challenge;
          if (filing) {
            const filed = await filing.file(message, classification);
            if (filed.customerId) out.customerId = filed.customerId;
            if (filed.outboxId) out.messageId = filed.outboxId;
          }
          counts.set(classification.kind, (counts.get(classification.kind) ?? 0) + 1);
          buffer.push(opts.json ? JSON.stringify(out) : humanLine(out));
          if (buffer.length >= FLUSH_EVERY) flush();
        }
        flush();
      } finally {
        await filing?.close();
      }
      const total = [...counts.values()].reduce((a, b) => a + b, 0);
      if (total === 0) {
        io.stderr.write('no messages found\n');
        process.exitCode = 3;
      } else if (total > 1) {
        io.stderr.write(`${total} messages: ${[...counts].map(([kind, n]) => `${n} ${kind}`).join(', ')}\n`);
      }
    });
}

function humanLine(out: Record<string, unknown>): string {
  const bounce = out.bounce as { type: string; recipient: string | null; status: string | null; reason: string } | undefined;
  const complaint = out.complaint as { recipient: string | null; feedbackType: string } | undefined;
  const detail = bounce
    ? `${bounce.type} ${bounce.recipient ?? '?'} ${bounce.status ?? ''} ${bounce.reason}`
    : complaint
      ? `${complaint.feedbackType} ${complaint.recipient ?? '?'}`
      : out.challenge
        ? `challenge ${String(out.challenge)}`
        : '';
  const customer = out.customerId ? ` customer ${String(out.customerId)}` : '';
  return `${String(out.source)}\t${String(out.kind)}${detail ? `\t${detail}` : ''}${customer}`;
}

/** Every message the paths name, in order: folders sorted and walked depth-first, mbox archives split. */
async function* sources(paths: readonly string[], io: CliIo): AsyncGenerator<Source> {
  for (const path of paths) {
    if (path === '-') {
      yield* messagesOf('-', await readStdin(io));
      continue;
    }
    const info = await stat(path).catch(() => null);
    if (!info) throw new TidingsError('VALIDATION_FAILED', `no such file or folder: ${path}`);
    if (info.isDirectory()) {
      for await (const file of walk(path)) yield* messagesOf(file, await readFile(file));
    } else {
      yield* messagesOf(path, await readFile(path));
    }
  }
}

function* messagesOf(name: string, data: Buffer): Generator<Source> {
  if (data.toString('latin1', 0, 4096).trim() === '') return;
  if (!isMbox(data)) {
    yield { name, raw: data };
    return;
  }
  let index = 0;
  const parts = [...splitMbox(data)];
  // A single message saved with its mbox "From " line is still one file, named as such.
  if (parts.length === 1 && parts[0]) {
    yield { name, raw: parts[0] };
    return;
  }
  for (const raw of parts) yield { name: `${name}#${++index}`, raw };
}

async function* walk(dir: string): AsyncGenerator<string> {
  const entries = (await readdir(dir, { withFileTypes: true })).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const entry of entries) {
    if (entry.name.startsWith('.')) continue;
    const path = join(dir, entry.name);
    if (entry.isDirectory()) yield* walk(path);
    else if (entry.isFile() && MAIL_EXTENSIONS.has(maildirAware(entry.name))) yield path;
  }
}

/** Maildir names ("1700000000.M1P2.host:2,S") have no real extension: treat them as one. */
function maildirAware(name: string): string {
  const ext = extname(name).toLowerCase();
  return /[:,]/.test(ext) || /^\.[a-z0-9-]*\d[a-z0-9-]*$/i.test(ext) ? '' : ext;
}

async function readStdin(io: CliIo): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of io.stdin) chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk)));
  return Buffer.concat(chunks);
}

/** The database side of `--customers`: opened once for the whole run. */
async function openFiling(io: CliIo) {
  const [{ createContext }, { loadConfig }, { createLogger }, inbox] = await Promise.all([
    import('../../app/context.js'),
    import('../../app/config.js'),
    import('../../platform/logger/index.js'),
    import('../../modules/inbox/index.js'),
  ]);
  const config = loadConfig({ LOG_LEVEL: 'warn', ...io.env });
  const context = await createContext({ config, logger: createLogger({ level: config.LOG_LEVEL, destination: io.stderr }) });
  return {
    file: (message: Parameters<typeof inbox.fileMessage>[1], classification: Parameters<typeof inbox.fileMessage>[2]) => inbox.fileMessage(context.store.db, message, classification),
    close: () => context.close(),
  };
}
