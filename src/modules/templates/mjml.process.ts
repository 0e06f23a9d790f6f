import { spawn, type ChildProcess } from 'node:child_process';
import { createRequire } from 'node:module';

/** What mjml2html reported for an invalid layout, as it crosses the process boundary. */
export interface MjmlReported {
  readonly message: string;
  readonly errors?: ReadonlyArray<{ line: number; message: string; tagName?: string }>;
}

/** mjml2html rejected the layout (as opposed to the compile process failing, which rejects with a plain Error). */
export class MjmlCompileError extends Error {
  readonly errors: MjmlReported['errors'];

  constructor(reported: MjmlReported) {
    super(reported.message);
    this.name = 'MjmlCompileError';
    this.errors = reported.errors;
  }
}

type Reply = { id: number; html: string } | { id: number; error: MjmlReported };

/**
 * The compile process's code: plain CommonJS JavaScript given to `node -e`, so the same string
 * works from the bundle (dist/), under tsx and under vitest, none of which could hand node
 * a .ts entry. It requires only the `mjml` package (by the path the parent resolved), answers each
 * request over the IPC channel, and exits with its parent.
 */
const CHILD_SOURCE = `
const mjml2html = require(process.argv[1]);
process.on('disconnect', () => process.exit(0));
process.on('message', async ({ id, source, options }) => {
  try {
    const result = await mjml2html(source, options);
    process.send({ id, html: result.html });
  } catch (error) {
    const errors = Array.isArray(error && error.errors)
      ? error.errors.map((e) => ({ line: Number(e.line), message: String(e.message), tagName: e.tagName === undefined ? undefined : String(e.tagName) }))
      : undefined;
    process.send({ id, error: { message: String((error && error.message) || error), errors } });
  }
});
`;

/** How long an idle compile process waits for the next compile: an editor previews in bursts, a send worker compiles once. */
const IDLE_MS = 2_000;

/**
 * Runs MJML in a child process that ends when idle. MJML's module graph (juice, cheerio, undici,
 * postcss, lodash, js-beautify, …) holds ~13 MB of live heap and ~20 MB of RSS once loaded, and a
 * compile leaves more garbage; a process compiles a template version once and then merges the
 * HTML for every recipient, so none of it belongs in a long-running send worker. A process rather
 * than a worker thread: a thread's heap and malloc arenas count in this process's RSS (and were not
 * all returned when it ended), and creating its isolate resets V8's `--semi-space-growth-factor`
 * for the whole process.
 */
export class MjmlProcess {
  #child: ChildProcess | undefined;
  #nextId = 1;
  readonly #pending = new Map<number, { child: ChildProcess; resolve: (html: string) => void; reject: (error: unknown) => void }>();
  #idle: NodeJS.Timeout | undefined;
  #compiles = 0;
  #started = 0;

  constructor(private readonly idleMs = IDLE_MS) {}

  /** The HTML of `source`; rejects with {@link MjmlCompileError} when mjml2html throws. */
  compile(source: string, options: Record<string, unknown>): Promise<string> {
    const child = this.#start();
    clearTimeout(this.#idle);
    const id = this.#nextId++;
    this.#compiles += 1;
    return new Promise<string>((resolve, reject) => {
      this.#pending.set(id, { child, resolve, reject });
      // Held open while a compile is pending: a CLI awaiting it must not exit first.
      hold(child, true);
      child.send({ id, source, options }, (error) => error && this.#fail(child, error));
    });
  }

  /** Compiles asked for, and processes started, since this object was made. */
  get stats(): { compiles: number; started: number; running: boolean } {
    return { compiles: this.#compiles, started: this.#started, running: this.#child !== undefined };
  }

  /** Ends the process now (pending compiles are rejected). */
  async close(): Promise<void> {
    clearTimeout(this.#idle);
    const child = this.#child;
    this.#child = undefined;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill();
    await exited;
  }

  #start(): ChildProcess {
    if (this.#child) return this.#child;
    const mjml = createRequire(import.meta.url).resolve('mjml');
    // Only node and mjml: no loader (tsx), no inspector, none of this process's flags.
    const child = spawn(process.execPath, ['-e', CHILD_SOURCE, mjml], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    child.on('message', (reply: Reply) => {
      const pending = this.#pending.get(reply.id);
      if (!pending) return;
      this.#pending.delete(reply.id);
      if ('html' in reply) pending.resolve(reply.html);
      else pending.reject(new MjmlCompileError(reply.error));
      if (!this.#busy(child)) this.#idleSoon(child);
    });
    child.on('error', (error) => this.#fail(child, error));
    child.on('exit', (code, signal) => this.#fail(child, new Error(`The MJML compile process ended (${signal ?? `exit code ${code}`}) before it answered; compile again.`)));
    this.#child = child;
    this.#started += 1;
    return child;
  }

  #fail(child: ChildProcess, error: unknown): void {
    if (this.#child === child) this.#child = undefined;
    for (const [id, pending] of this.#pending) {
      if (pending.child !== child) continue;
      this.#pending.delete(id);
      pending.reject(error);
    }
  }

  #busy(child: ChildProcess): boolean {
    for (const pending of this.#pending.values()) if (pending.child === child) return true;
    return false;
  }

  #idleSoon(child: ChildProcess): void {
    hold(child, false);
    clearTimeout(this.#idle);
    this.#idle = setTimeout(() => {
      if (this.#child !== child || this.#busy(child)) return;
      this.#child = undefined;
      child.kill();
    }, this.idleMs);
    this.#idle.unref();
  }
}

/** Whether the child (and its IPC channel) keeps this process's event loop alive. */
function hold(child: ChildProcess, keep: boolean): void {
  const channel = child.channel as { ref(): void; unref(): void } | null | undefined;
  if (keep) {
    child.ref();
    channel?.ref();
  } else {
    child.unref();
    channel?.unref();
  }
}
