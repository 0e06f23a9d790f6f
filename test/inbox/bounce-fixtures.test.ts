import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { classifyMessage, parseMessage } from '../../src/modules/inbox/index.js';

/*
 * One table per family directory of test/fixtures/bounces: every NAME.eml is classified and the
 * result must contain NAME.json (fields left out of the JSON, such as long diagnostics, are not
 * compared). A new directory or file is picked up without touching this test.
 */
const ROOT = join(import.meta.dirname, '../fixtures/bounces');
const families = readdirSync(ROOT).filter((name) => statSync(join(ROOT, name)).isDirectory()).sort();

describe.each(families)('fixtures of %s', (family) => {
  const dir = join(ROOT, family);
  const cases = readdirSync(dir)
    .filter((file) => file.endsWith('.eml'))
    .sort()
    .map((file) => ({ file, expected: JSON.parse(readFileSync(join(dir, file.replace(/\.eml$/, '.json')), 'utf8')) as Record<string, unknown> }));

  it('has fixtures', () => expect(cases.length).toBeGreaterThan(0));

  it.each(cases)('$file', async ({ file, expected }) => {
    const result = classifyMessage(await parseMessage(readFileSync(join(dir, file))));
    expect(JSON.parse(JSON.stringify(result))).toMatchObject(expected);
  });
});
