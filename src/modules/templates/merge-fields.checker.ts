import Handlebars from 'handlebars';
import { TidingsError } from '../../platform/errors/index.js';
import { CUSTOM_PREFIX, MERGE_FIELDS } from './merge-context.js';

type Node = hbs.AST.Node;
type Path = hbs.AST.PathExpression;

/** Which part of a template version a line number refers to. */
export type TemplatePart = 'subject' | 'body' | 'text';

/** One merge field a template outputs or tests, with where it stands. */
export interface FieldRef {
  /** Dotted path from the context root, e.g. "customer.givenName". */
  readonly path: string;
  readonly part: TemplatePart;
  /** 1-based line in that part's source (the MJML / HTML / text the user wrote). */
  readonly line: number;
  /** True when an empty value is handled by the template (`default`, an `{{#if}}` around it). */
  readonly guarded: boolean;
}

/** What the checker learned from one part. */
export interface PartFacts {
  readonly refs: FieldRef[];
  /** The template places `{{signature}}` itself (so it is not appended). */
  readonly usesSignature: boolean;
}

/** Helpers templates may call; anything else is an error at save time, not a hole at send time. */
export const TEMPLATE_HELPERS: ReadonlySet<string> = new Set(['greeting', 'signature', 'default', 'formatDate', 'date', 'unsubscribeUrl']);
const BLOCK_HELPERS: ReadonlySet<string> = new Set(['if', 'unless', 'each', 'with']);
const DATA_VARIABLES: ReadonlySet<string> = new Set(['index', 'key', 'first', 'last']);

/** Options for {@link checkMergeFields}. */
export interface CheckOptions {
  readonly part: TemplatePart;
  /** HTML parts escape merges; only `{{{signature}}}` may be unescaped there. */
  readonly html: boolean;
  /** Defined custom field names; when given, `customer.custom.<other>` is an unknown field. */
  readonly customFields?: readonly string[] | undefined;
}

/** Parses a template part, turning Handlebars' parse error into one naming the line. */
export function parseTemplate(source: string, part: TemplatePart): hbs.AST.Program {
  try {
    return Handlebars.parse(source);
  } catch (error) {
    const message = (error as Error).message;
    const line = Number(/on line (\d+)/.exec(message)?.[1] ?? 1);
    const detail = message.split('\n').at(-1) ?? message;
    throw new TidingsError('TEMPLATE_SYNTAX_INVALID', `Malformed merge tag in the ${part}, line ${line}: ${detail}`, {
      context: { part, line },
      cause: error,
    });
  }
}

/**
 * Walks a parsed template and lists every merge field with its line, rejecting unknown fields,
 * unknown helpers, partials and unescaped merges. Paths inside `{{#each}}`/`{{#with}}` are
 * relative to the item and cannot be checked against the schema, except `@root.…` and `../…`
 * paths that climb back to the root.
 */
export function checkMergeFields(program: hbs.AST.Program, options: CheckOptions): PartFacts {
  const refs: FieldRef[] = [];
  const unknown: Array<{ field: string; line: number }> = [];
  let usesSignature = false;
  const custom = options.customFields ? new Set(options.customFields) : undefined;

  const fail = (code: 'TEMPLATE_UNKNOWN_HELPER' | 'TEMPLATE_UNSAFE_MERGE', message: string, line: number): never => {
    throw new TidingsError(code, `${message} (${options.part} line ${line})`, { context: { part: options.part, line } });
  };

  /** Root-relative path of a PathExpression, or undefined when it is scope-relative. */
  const rootPath = (path: Path, scope: number): string | undefined => {
    if (path.data) {
      if (path.parts[0] === 'root') return path.parts.slice(1).join('.');
      if (scope > 0 && DATA_VARIABLES.has(path.parts[0] ?? '')) return undefined;
      return `@${path.parts.join('.')}`;
    }
    if (scope - path.depth > 0) return undefined;
    return path.parts.join('.');
  };

  const reference = (path: Path, scope: number, guarded: boolean): void => {
    const field = rootPath(path, scope);
    if (field === undefined) return;
    const line = path.loc.start.line;
    if (!isKnownField(field, custom)) {
      unknown.push({ field, line });
      return;
    }
    refs.push({ path: field, part: options.part, line, guarded });
  };

  const expression = (node: Node, scope: number, guarded: boolean): void => {
    if (node.type === 'PathExpression') reference(node as Path, scope, guarded);
    else if (node.type === 'SubExpression') call(node as hbs.AST.SubExpression, scope, guarded);
  };

  /** A mustache or sub-expression: a helper call, or a bare field. */
  const call = (node: hbs.AST.MustacheStatement | hbs.AST.SubExpression, scope: number, guarded: boolean): void => {
    const path = node.path as Path;
    const name = path.type === 'PathExpression' ? path.original : '';
    const line = node.loc.start.line;
    const hasArgs = node.params.length > 0 || (node.hash?.pairs.length ?? 0) > 0;
    if (TEMPLATE_HELPERS.has(name)) {
      if (name === 'signature') usesSignature = true;
      // The helper outputs links.unsubscribe: strict mode must see an empty link as a hole too.
      if (name === 'unsubscribeUrl') refs.push({ path: 'links.unsubscribe', part: options.part, line, guarded });
      node.params.forEach((param, i) => expression(param, scope, guarded || (name === 'default' && i === 0)));
      for (const pair of node.hash?.pairs ?? []) expression(pair.value, scope, guarded);
      return;
    }
    if (hasArgs) fail('TEMPLATE_UNKNOWN_HELPER', `Unknown helper "${name}"; available: ${[...TEMPLATE_HELPERS].join(', ')}`, line);
    if (path.type === 'PathExpression') reference(path, scope, guarded);
  };

  const walk = (node: Node, scope: number, guards: ReadonlySet<string>): void => {
    switch (node.type) {
      case 'Program':
        for (const statement of (node as hbs.AST.Program).body) walk(statement, scope, guards);
        return;
      case 'MustacheStatement': {
        const mustache = node as hbs.AST.MustacheStatement;
        const name = (mustache.path as Path).original;
        if (options.html && !mustache.escaped && name !== 'signature') {
          fail('TEMPLATE_UNSAFE_MERGE', `{{{${name}}}} would insert unescaped HTML; use {{${name}}}`, mustache.loc.start.line);
        }
        const field = mustache.path.type === 'PathExpression' ? rootPath(mustache.path as Path, scope) : undefined;
        call(mustache, scope, field !== undefined && guards.has(field));
        return;
      }
      case 'BlockStatement': {
        const block = node as hbs.AST.BlockStatement;
        const name = (block.path as Path).original;
        if (!BLOCK_HELPERS.has(name)) {
          fail('TEMPLATE_UNKNOWN_HELPER', `Unknown block helper "#${name}"; available: ${[...BLOCK_HELPERS].join(', ')}`, block.loc.start.line);
        }
        // The condition itself may be empty: that is what it tests.
        for (const param of block.params) expression(param, scope, true);
        const first = block.params[0];
        const tested = first?.type === 'PathExpression' ? rootPath(first as Path, scope) : undefined;
        const inner = name === 'each' || name === 'with' ? scope + 1 : scope;
        const innerGuards = name === 'if' && tested ? new Set([...guards, tested]) : guards;
        if (block.program) walk(block.program, inner, innerGuards);
        if (block.inverse) walk(block.inverse, scope, name === 'unless' && tested ? new Set([...guards, tested]) : guards);
        return;
      }
      case 'PartialStatement':
      case 'PartialBlockStatement':
      case 'DecoratorBlock':
      case 'Decorator':
        fail('TEMPLATE_UNKNOWN_HELPER', 'Partials and decorators are not supported in templates', node.loc.start.line);
        return;
      default:
        return; // ContentStatement, CommentStatement
    }
  };

  walk(program, 0, new Set());
  if (unknown.length > 0) {
    const list = unknown.map((u) => `${u.field} (${options.part} line ${u.line})`).join(', ');
    throw new TidingsError('TEMPLATE_UNKNOWN_FIELD', `Unknown merge field${unknown.length > 1 ? 's' : ''}: ${list}`, {
      context: { part: options.part, fields: unknown, field: unknown[0]?.field, line: unknown[0]?.line },
    });
  }
  return { refs, usesSignature };
}

function isKnownField(field: string, custom: ReadonlySet<string> | undefined): boolean {
  if (MERGE_FIELDS.has(field)) return true;
  if (!field.startsWith(CUSTOM_PREFIX)) return false;
  const name = field.slice(CUSTOM_PREFIX.length);
  if (name.length === 0 || name.includes('.')) return false;
  return custom ? custom.has(name) : true;
}
