import { createRequire } from 'node:module';
import { afterEach, describe, expect, it } from 'vitest';
import { MjmlCompileError, MjmlProcess } from '../../src/modules/templates/mjml.process.js';

const require = createRequire(import.meta.url);
const LAYOUT = (text: string) => `<mjml><mj-body><mj-section><mj-column><mj-text>${text}</mj-text></mj-column></mj-section></mj-body></mjml>`;
const OPTIONS = { validationLevel: 'strict', keepComments: false, ignoreIncludes: true, fonts: {} };

describe('MjmlProcess', () => {
  const processes: MjmlProcess[] = [];
  const compiler = (idleMs?: number) => {
    const created = new MjmlProcess(idleMs);
    processes.push(created);
    return created;
  };
  afterEach(async () => {
    await Promise.all(processes.splice(0).map((p) => p.close()));
  });

  it('compiles in one process shared by concurrent calls, without loading MJML in this one', async () => {
    const c = compiler();
    const html = await Promise.all(Array.from({ length: 5 }, (_, i) => c.compile(LAYOUT(`{{customer.company}} ${i}`), OPTIONS)));
    expect(html[3]).toContain('{{customer.company}} 3');
    expect(html[3]).toMatch(/<!doctype html>/i);
    expect(c.stats).toEqual({ compiles: 5, started: 1, running: true });
    expect(require.cache[require.resolve('mjml')]).toBeUndefined();
  });

  it('rejects an invalid layout with what mjml2html reported, line by line', async () => {
    const error = await compiler()
      .compile('<mjml><mj-body><mj-section><mj-column><mj-text colour="red">x</mj-text></mj-column></mj-section></mj-body></mjml>', OPTIONS)
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MjmlCompileError);
    expect((error as MjmlCompileError).errors?.[0]).toMatchObject({ line: 1, tagName: 'mj-text' });
    expect((error as MjmlCompileError).errors?.[0]?.message).toContain('colour');
  });

  it('ends the process once idle and starts a new one for the next compile', async () => {
    const c = compiler(50);
    await c.compile(LAYOUT('a'), OPTIONS);
    // The idle timer is 50 ms; the poll gives up after 10 s.
    await expect.poll(() => c.stats.running, { timeout: 10_000 }).toBe(false);
    expect(await c.compile(LAYOUT('b'), OPTIONS)).toContain('b');
    expect(c.stats).toMatchObject({ compiles: 2, started: 2 });
  });

  it('rejects pending compiles when the process is closed under them', async () => {
    const c = compiler();
    const pending = c.compile(LAYOUT('late'), OPTIONS);
    await c.close();
    await expect(pending).rejects.toThrow(/ended/);
  });
});
