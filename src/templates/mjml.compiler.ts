import type mjml2htmlFn from 'mjml';
import { TidingsError } from '../errors/index.js';

interface MjmlValidationError extends Error {
  errors?: Array<{ line: number; message: string; tagName?: string }>;
}

/**
 * Compiles an MJML layout to HTML with strict validation. Merge tags pass through MJML untouched
 * (we never minify, which would mangle `{{…}}` inside CSS), so Handlebars runs on the result.
 * `mj-include` is ignored: templates come from users and must not read files on the server.
 *
 * Throws `TEMPLATE_MJML_INVALID` listing each problem as "line N: message" (lines of the MJML
 * source the user wrote).
 */
export async function compileMjml(source: string): Promise<string> {
  const mjml2html = await loadMjml();
  try {
    const result = await mjml2html(source, {
      validationLevel: 'strict',
      keepComments: false,
      ignoreIncludes: true,
      // No default Google fonts: only the ones a layout declares with <mj-font> are linked.
      fonts: {},
    });
    return result.html;
  } catch (error) {
    const errors = (error as MjmlValidationError).errors;
    const lines = Array.isArray(errors) && errors.length > 0
      ? errors.map((e) => ({ line: e.line, message: e.message.trim(), tag: e.tagName }))
      : [{ line: lineOf(error), message: (error as Error).message, tag: undefined }];
    throw new TidingsError('TEMPLATE_MJML_INVALID', `The MJML layout is invalid:\n${lines.map((l) => `line ${l.line}: ${l.message}`).join('\n')}`, {
      context: { errors: lines },
      cause: error,
    });
  }
}

/**
 * MJML is loaded on first use: it costs ~50 MB of RSS and is needed only to compile a template
 * version, never by a send worker merging already-compiled HTML.
 */
let mjml: Promise<typeof mjml2htmlFn> | undefined;
function loadMjml(): Promise<typeof mjml2htmlFn> {
  mjml ??= import('mjml').then((module) => module.default);
  return mjml;
}

/** Parser errors (malformed XML) carry the line only in their text. */
function lineOf(error: unknown): number {
  return Number(/line[: ]+(\d+)/i.exec((error as Error).message ?? '')?.[1] ?? 1);
}
