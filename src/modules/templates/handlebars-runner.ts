import type { RuntimeOptions } from 'handlebars';
import { createProtoAccessControl } from 'handlebars/dist/cjs/handlebars/internal/proto-access.js';
import type { MergeEnvironment } from './merge.helpers.js';

/** A compiled Handlebars template as `env.compile` returns it. */
type HandlebarsTemplate<T> = (context: T, options?: RuntimeOptions) => string;

/** What Handlebars' runtime sets up on each top-level call, built once per environment. */
interface PreparedRuntime {
  readonly helpers: Record<string, unknown>;
  readonly hooks: Record<string, unknown>;
  readonly protoAccessControl: unknown;
}

const prepared = new WeakMap<MergeEnvironment, PreparedRuntime>();

/** The helpers, hooks and prototype-access policy of `env`, as the runtime's setup builds them for a call without options. */
function prepare(env: MergeEnvironment): PreparedRuntime {
  let runtime = prepared.get(env);
  if (!runtime) {
    const { helperMissing, blockHelperMissing, ...helpers } = env.helpers as Record<string, unknown>;
    runtime = { helpers, hooks: { helperMissing, blockHelperMissing }, protoAccessControl: createProtoAccessControl({}) };
    prepared.set(env, runtime);
  }
  return runtime;
}

/**
 * Calls a compiled template without Handlebars' per-call setup. On every top-level call the
 * runtime merges every registered helper of the environment into a fresh object (a closure per
 * helper), builds its prototype-access policy and moves the two "missing" helpers into hooks:
 * ~40 % of rendering a message and ~4 KB of garbage per part, three parts per message. With the
 * runtime option `partial: true` (how Handlebars calls a partial) it takes all of these as given
 * instead; they are built once per environment here, the way the setup builds them.
 *
 * The one difference: the setup's helper wrappers add `options.lookupProperty`, which only the
 * built-in `lookup` helper reads, so a source naming `lookup` keeps the ordinary call. Partials
 * and decorators, which the setup would also merge, are refused by the merge-field checker.
 * Each template is checked once against the ordinary call on `sample`, and keeps the ordinary
 * call on any difference (a Handlebars upgrade that changes this internal path).
 */
export function fastRunner<T>(env: MergeEnvironment, source: string, template: HandlebarsTemplate<T>, sample: T): (context: T) => string {
  const ordinary = (context: T) => template(context);
  if (/lookup/.test(source)) return ordinary;
  const runtime = prepare(env);
  const fast = (context: T) => template(context, { partial: true, ...runtime, data: { root: context } } as RuntimeOptions);
  try {
    if (fast(sample) !== template(sample)) return ordinary;
  } catch {
    return ordinary;
  }
  return fast;
}
