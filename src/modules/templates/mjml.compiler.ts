import { TidingsError } from '../../platform/errors/index.js';
import { MjmlCompileError, MjmlProcess } from './mjml.process.js';

/**
 * Compiles an MJML layout to HTML with strict validation. Merge tags pass through MJML untouched
 * (we never minify, which would mangle `{{…}}` inside CSS), so Handlebars runs on the result.
 * `mj-include` is ignored: templates come from users and must not read files on the server.
 *
 * MJML runs in a child process ({@link MjmlProcess}), never in this process's heap.
 *
 * Throws `TEMPLATE_MJML_INVALID` listing each problem as "line N: message" (lines of the MJML
 * source the user wrote).
 */
export async function compileMjml(source: string): Promise<string> {
  try {
    return await compiler.compile(source, {
      validationLevel: 'strict',
      keepComments: false,
      ignoreIncludes: true,
      // No default Google fonts: only the ones a layout declares with <mj-font> are linked.
      fonts: {},
    });
  } catch (error) {
    // A compile process that failed to start or died is not the layout's fault: that error goes up as is.
    if (!(error instanceof MjmlCompileError)) throw error;
    const errors = error.errors;
    const lines = Array.isArray(errors) && errors.length > 0
      ? errors.map((e) => ({ line: e.line, message: e.message.trim(), tag: e.tagName }))
      : [{ line: lineOf(error), message: error.message, tag: undefined }];
    throw new TidingsError('TEMPLATE_MJML_INVALID', `The MJML layout is invalid:\n${lines.map((l) => `line ${l.line}: ${l.message}`).join('\n')}`, {
      context: { errors: lines },
      cause: error,
    });
  }
}

/**
 * One compile process, started on first use and ended when idle: MJML is needed only to compile a
 * template version, never by a send worker merging already-compiled HTML.
 */
const compiler = new MjmlProcess();

/** MJML runs asked for so far by this process (the compile-once tests count them). */
export function mjmlCompiles(): number {
  return compiler.stats.compiles;
}

/** Parser errors (malformed XML) carry the line only in their text. */
function lineOf(error: unknown): number {
  return Number(/line[: ]+(\d+)/i.exec((error as Error).message ?? '')?.[1] ?? 1);
}
