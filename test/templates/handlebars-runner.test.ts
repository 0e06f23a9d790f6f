import type { RuntimeOptions } from 'handlebars';
import { describe, expect, it } from 'vitest';
import { fastRunner } from '../../src/modules/templates/handlebars-runner.js';
import { createMergeEnvironment } from '../../src/modules/templates/merge.helpers.js';
import type { MergeContext } from '../../src/modules/templates/merge-context.js';

const OPTIONS = { knownHelpers: { greeting: true, signature: true, default: true, unsubscribeUrl: true, formatDate: true, date: true }, knownHelpersOnly: true, strict: false, preventIndent: true };

const context = (i: number): MergeContext =>
  ({
    customer: {
      id: i,
      displayName: i % 2 ? '张伟' : 'Alex Smith',
      familyName: i % 2 ? '张' : 'Smith',
      givenName: i % 2 ? '伟' : 'Alex',
      title: i % 2 ? '先生' : null,
      language: i % 2 ? 'zh-CN' : 'en',
      company: i % 3 ? null : `Co <${i}>`,
      vip: i % 4 === 0,
      tags: i % 3 ? ['a', '<b>'] : [],
      custom: { city: i % 2 ? 'Beijing' : '' },
    },
    account: { displayName: '李经理', signatureText: 'Li & Co' },
    campaign: { id: 1, name: 'c' },
    links: { unsubscribe: `https://t.example/u/${i}` },
    now: new Date(Date.UTC(2027, 0, 28 + i)),
  }) as unknown as MergeContext;

const SOURCE =
  '{{greeting}} {{#if customer.company}}{{customer.company}}{{else}}-{{/if}} {{#unless customer.title}}no title{{/unless}} ' +
  '{{#each customer.tags}}[{{this}}{{#if @first}}!{{/if}}{{@index}}]{{/each}} {{#with customer}}{{displayName}}{{/with}} ' +
  '{{#customer.vip}}VIP {{displayName}}{{/customer.vip}} {{default customer.custom.city "somewhere"}} {{date now "short"}} ' +
  '{{unsubscribeUrl}} <b>{{customer.displayName}}</b> {{{signature}}} {{missing.field}}';

describe('Handlebars runner without the per-call setup', () => {
  it('renders exactly what the ordinary call renders, helpers, blocks, escaping and data variables included', () => {
    for (const format of ['html', 'text'] as const) {
      const env = createMergeEnvironment(format);
      const template = env.compile<MergeContext>(SOURCE, { ...OPTIONS, noEscape: format === 'text' });
      let partialCalls = 0;
      const counted = (ctx: MergeContext, options?: RuntimeOptions) => {
        if (options?.partial) partialCalls++;
        return template(ctx, options);
      };
      const run = fastRunner(env, SOURCE, counted, context(0));
      for (let i = 0; i < 12; i++) expect(run(context(i))).toBe(template(context(i)));
      expect(partialCalls).toBe(13); // the check on the sample, then every render
    }
  });

  it('passes the prepared helpers as a partial call; a source naming the lookup helper keeps the ordinary call', () => {
    const env = createMergeEnvironment('html');
    const compiled = env.compile<MergeContext>('{{greeting}}', OPTIONS);
    const calls: Array<RuntimeOptions | undefined> = [];
    const spy = (ctx: MergeContext, options?: RuntimeOptions) => {
      calls.push(options);
      return compiled(ctx, options);
    };
    const run = fastRunner(env, '{{greeting}}', spy, context(1));
    calls.length = 0;
    expect(run(context(1))).toBe(compiled(context(1)));
    expect(calls[0]?.partial).toBe(true);
    expect(Object.keys(calls[0]?.helpers ?? {})).toContain('greeting');
    expect(Object.keys(calls[0]?.helpers ?? {})).not.toContain('helperMissing');

    const withLookup = fastRunner(env, '{{greeting}} {{!-- lookup --}}', spy, context(1));
    calls.length = 0;
    withLookup(context(1));
    expect(calls).toEqual([undefined]);
  });

  it('falls back to the ordinary call when the partial call renders differently', () => {
    const env = createMergeEnvironment('text');
    const compiled = env.compile<MergeContext>('{{greeting}}', OPTIONS);
    const broken = (ctx: MergeContext, options?: RuntimeOptions) => (options?.partial ? 'wrong' : compiled(ctx, options));
    const run = fastRunner(env, '{{greeting}}', broken, context(1));
    expect(run(context(1))).toBe(compiled(context(1)));
  });
});
