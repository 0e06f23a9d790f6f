// Time is read from one injectable clock, and no test depends on how fast the machine is.
//
// (a) src: `Date.now()` and argument-less `new Date()` appear only in the clock modules
//     (src/platform/clock for the server, src/web/client/clock.ts for the browser). Everything
//     else takes a Clock, so a test sets the time instead of waiting for it.
// (b) test: no sleep-based waiting. Forbidden: `new Promise((r) => setTimeout(r, ms))` (or a
//     callback that only resolves), anything from `timers/promises` (its setTimeout/setInterval
//     and scheduler.wait are the same sleep), and Playwright's `waitForTimeout`. A fixed sleep is
//     either too short on a loaded machine (a flake) or longer than needed (a slow suite), and it
//     waits for time instead of for the thing the test needs.
//     Allowed, because they end as soon as what they wait for happens and fail loudly at a hard
//     bound: the one poll interval inside `waitFor` (test/helpers/wait.ts: a condition and a
//     deadline), `expect.poll`, a setTimeout that *fails* or kills on a deadline while an event
//     is awaited, and fake timers (`vi.useFakeTimers`, `vi.advanceTimersByTime`, FakeClock).
// (c) test: no assertion of a wall-clock duration or a rate: an ordering matcher
//     (toBeLessThan…, toBeGreaterThan…, toBeCloseTo) whose value or bound reads the wall clock
//     (`Date.now()`, `performance.now()`, `process.hrtime`), directly or through a local variable
//     computed from such a read. Such limits only ever get loosened after a flake on a busy
//     machine; speed is measured by `npm run bench`, and a time a test needs comes from a FakeClock.
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '..', '..');
const CLOCK_MODULES = ['src/platform/clock/', 'src/web/client/clock.ts'];
const WAIT_HELPER = 'test/helpers/wait.ts';
const ORDERING = new Set(['toBeLessThan', 'toBeLessThanOrEqual', 'toBeGreaterThan', 'toBeGreaterThanOrEqual', 'toBeCloseTo']);

function files(dir: string): string[] {
  return readdirSync(join(ROOT, dir), { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && /\.(ts|tsx|mts)$/.test(e.name) && !e.name.endsWith('.d.ts'))
    .map((e) => relative(ROOT, join(e.parentPath, e.name)));
}

function parse(path: string): ts.SourceFile {
  return ts.createSourceFile(path, readFileSync(join(ROOT, path), 'utf8'), ts.ScriptTarget.Latest, true);
}

function walk(node: ts.Node, visit: (node: ts.Node) => void): void {
  visit(node);
  node.forEachChild((child) => walk(child, visit));
}

const where = (file: ts.SourceFile, node: ts.Node): string =>
  `${file.fileName}:${file.getLineAndCharacterOfPosition(node.getStart(file)).line + 1}: ${node.getText(file).slice(0, 100)}`;

/** `Date.now()` or `new Date()` with no argument. */
function readsWallClock(node: ts.Node): boolean {
  if (ts.isCallExpression(node) && ts.isPropertyAccessExpression(node.expression)) {
    const target = node.expression.expression.getText();
    const name = node.expression.name.text;
    return target === 'Date' && name === 'now';
  }
  return ts.isNewExpression(node) && ts.isIdentifier(node.expression) && node.expression.text === 'Date' && (node.arguments?.length ?? 0) === 0;
}

/** Any read of real time that measures a duration: also `performance.now()` and `process.hrtime`. */
function measuresTime(node: ts.Node): boolean {
  if (readsWallClock(node)) return true;
  if (ts.isCallExpression(node) && ts.isPropertyAccessExpression(node.expression)) {
    const text = node.expression.getText();
    return text === 'performance.now' || text === 'process.hrtime' || text === 'process.hrtime.bigint';
  }
  return false;
}

function contains(node: ts.Node, test: (node: ts.Node) => boolean): boolean {
  let found = false;
  walk(node, (n) => (found ||= test(n)));
  return found;
}

/** (b) `new Promise((resolve) => setTimeout(resolve, ms))` and callbacks that only resolve. */
function sleepPromise(node: ts.Node): boolean {
  if (!ts.isNewExpression(node) || node.expression.getText() !== 'Promise') return false;
  const executor = node.arguments?.[0];
  if (!executor || !(ts.isArrowFunction(executor) || ts.isFunctionExpression(executor))) return false;
  const resolve = executor.parameters[0]?.name.getText();
  if (!resolve) return false;
  return contains(executor.body, (n) => {
    if (!ts.isCallExpression(n) || n.expression.getText() !== 'setTimeout') return false;
    const callback = n.arguments[0];
    if (!callback) return false;
    if (ts.isIdentifier(callback)) return callback.text === resolve;
    if (ts.isArrowFunction(callback) || ts.isFunctionExpression(callback)) {
      const body = ts.isBlock(callback.body) && callback.body.statements.length === 1 ? callback.body.statements[0]! : callback.body;
      const call = ts.isExpressionStatement(body) ? body.expression : body;
      return ts.isCallExpression(call) && call.expression.getText() === resolve;
    }
    return false;
  });
}

function sleepsIn(file: ts.SourceFile): string[] {
  const found: string[] = [];
  walk(file, (node) => {
    if (ts.isImportDeclaration(node) && /^(node:)?timers\/promises$/.test((node.moduleSpecifier as ts.StringLiteral).text)) found.push(where(file, node));
    if (ts.isCallExpression(node) && ts.isIdentifier(node.expression) && node.expression.text === 'import' && /timers\/promises/.test(node.arguments[0]?.getText() ?? '')) found.push(where(file, node));
    if (ts.isCallExpression(node) && ts.isPropertyAccessExpression(node.expression) && node.expression.name.text === 'waitForTimeout') found.push(where(file, node));
    if (file.fileName !== WAIT_HELPER && sleepPromise(node)) found.push(where(file, node));
  });
  return found;
}

/** (c) Ordering matchers over values computed from real time. */
function durationAssertionsIn(file: ts.SourceFile): string[] {
  const timed = new Set<string>();
  // A value read from real time, directly or through a tainted local; nested functions are
  // other computations (a callback that reads the clock does not make its owner a duration).
  const timedValue = (node: ts.Node): boolean => {
    if (measuresTime(node) || (ts.isIdentifier(node) && timed.has(node.text))) return true;
    if (ts.isArrowFunction(node) || ts.isFunctionExpression(node)) return false;
    let found = false;
    node.forEachChild((child) => (found ||= timedValue(child)));
    return found;
  };
  // Locals holding a time read or computed from one (t0, elapsed, a list of timestamps, a rate),
  // by declaration, assignment or `.push(…)`, to a fixpoint. Names are matched file-wide.
  const taint = (name: ts.Node, value: ts.Node | undefined) => {
    if (!ts.isIdentifier(name) || timed.has(name.text) || !value || !timedValue(value)) return false;
    timed.add(name.text);
    return true;
  };
  for (let grew = true; grew; ) {
    grew = false;
    walk(file, (node) => {
      if (ts.isVariableDeclaration(node)) grew = taint(node.name, node.initializer) || grew;
      if (ts.isBinaryExpression(node) && node.operatorToken.kind === ts.SyntaxKind.EqualsToken) grew = taint(node.left, node.right) || grew;
      if (ts.isCallExpression(node) && ts.isPropertyAccessExpression(node.expression) && node.expression.name.text === 'push') {
        grew = taint(node.expression.expression, node.arguments[0]) || grew;
      }
    });
  }
  const timedExpression = timedValue;
  const found: string[] = [];
  walk(file, (node) => {
    if (!ts.isCallExpression(node) || !ts.isPropertyAccessExpression(node.expression) || !ORDERING.has(node.expression.name.text)) return;
    // expect(actual)[.not].toBeLessThan(bound)
    let subject: ts.Expression = node.expression.expression;
    while (ts.isPropertyAccessExpression(subject)) subject = subject.expression;
    const actual = ts.isCallExpression(subject) && subject.expression.getText().startsWith('expect') ? subject.arguments[0] : undefined;
    if ((actual && timedExpression(actual)) || node.arguments.some(timedExpression)) found.push(where(file, node));
  });
  return found;
}

describe('time comes from the clock, and tests never wait for or measure real time', () => {
  it('(a) src reads the wall clock only in the clock modules', () => {
    const offenders = files('src')
      .filter((path) => !CLOCK_MODULES.some((allowed) => path.startsWith(allowed)))
      .flatMap((path) => {
        const file = parse(path);
        const found: string[] = [];
        walk(file, (node) => readsWallClock(node) && found.push(where(file, node)));
        return found;
      });
    expect(offenders, 'take a Clock (context, options or `clock = systemClock`) instead').toEqual([]);
  });

  it('(b) tests await events or poll with a deadline; they never sleep', () => {
    const offenders = files('test').flatMap((path) => sleepsIn(parse(path)));
    expect(offenders, 'await the event, or waitFor(condition, { timeoutMs }) from test/helpers/wait.ts, or a FakeClock').toEqual([]);
  });

  it('(c) tests assert no wall-clock duration or rate (that is `npm run bench`)', () => {
    const offenders = files('test').flatMap((path) => durationAssertionsIn(parse(path)));
    expect(offenders, 'drive a FakeClock and assert exact times, or move the measurement to bench/').toEqual([]);
  });

  it('the rules see what they forbid', () => {
    const sample = (text: string) => ts.createSourceFile('sample.ts', text, ts.ScriptTarget.Latest, true);
    expect(sleepsIn(sample('await new Promise((r) => setTimeout(r, 10));'))).toHaveLength(1);
    expect(sleepsIn(sample('await new Promise((resolve) => { setTimeout(() => resolve(), 10); });'))).toHaveLength(1);
    expect(sleepsIn(sample("import { setTimeout as delay } from 'node:timers/promises';"))).toHaveLength(1);
    expect(sleepsIn(sample('new Promise((resolve, reject) => { setTimeout(() => reject(new Error("late")), 10); emitter.once("x", resolve); });'))).toEqual([]);
    expect(durationAssertionsIn(sample('const t0 = performance.now(); run(); const elapsed = performance.now() - t0; expect(elapsed).toBeLessThan(100);'))).toHaveLength(1);
    expect(durationAssertionsIn(sample('const started = Date.now(); expect(row.at).toBeGreaterThanOrEqual(started + 3000);'))).toHaveLength(1);
    expect(durationAssertionsIn(sample('const at = []; at.push(Date.now()); const rate = at.length / 2; expect(rate).toBeLessThan(3);'))).toHaveLength(1);
    expect(durationAssertionsIn(sample('const n = rows.length; expect(n).toBeLessThan(3);'))).toEqual([]);
    expect(durationAssertionsIn(sample('const d = new D({ due: () => Date.now() }); expect(d.size).toBeLessThan(3);'))).toEqual([]);
    const src = sample('const a = Date.now(); const b = new Date(); const c = new Date(0);');
    const reads: string[] = [];
    walk(src, (node) => readsWallClock(node) && reads.push(node.getText(src)));
    expect(reads).toEqual(['Date.now()', 'new Date()']);
  });
});
