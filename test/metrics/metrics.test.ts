import { expect, it } from 'vitest';
import { createMetrics } from '../../src/platform/metrics/index.js';

it('each process gets its own registry: counts in one never show in another', async () => {
  const a = createMetrics();
  const b = createMetrics();
  a.messageOutcome('email', 'mail:1', 'sent');
  a.messageOutcome('email', 'mail:1', 'sent');
  expect(await a.registry.metrics()).toMatch(/^tidings_messages_total\{channel="email",account="mail:1",result="sent"\} 2$/m);
  expect(await b.registry.metrics()).not.toMatch(/^tidings_messages_total\{/m);
});

it('poller lag counts from the last successful read at scrape time, and a forgotten mailbox disappears', async () => {
  let now = 1_000_000;
  const metrics = createMetrics({ now: () => now });
  metrics.mailboxRead('mail:7');
  now += 42_500;
  expect(await metrics.registry.metrics()).toMatch(/^tidings_inbox_poller_lag_seconds\{account="mail:7"\} 42\.5$/m);
  metrics.mailboxRead('mail:7');
  expect(await metrics.registry.metrics()).toMatch(/^tidings_inbox_poller_lag_seconds\{account="mail:7"\} 0$/m);
  metrics.mailboxForgotten('mail:7');
  expect(await metrics.registry.metrics()).not.toMatch(/^tidings_inbox_poller_lag_seconds\{/m);
});

it('a scrape gauge reads its values on every scrape; a label set gone from the answer is gone from the output', async () => {
  const metrics = createMetrics();
  let values = [
    { labels: { channel: 'email' }, value: 3 },
    { labels: { channel: 'sms' }, value: 1 },
  ];
  const gauge = { name: 'tidings_test_depth', help: 'test', labelNames: ['channel'] as const, read: async () => values };
  metrics.addScrapeGauge(gauge);
  // A second API over the same context registers again: ignored, not an error.
  metrics.addScrapeGauge(gauge);
  expect(await metrics.registry.metrics()).toMatch(/^tidings_test_depth\{channel="sms"\} 1$/m);
  values = [{ labels: { channel: 'email' }, value: 0 }];
  const text = await metrics.registry.metrics();
  expect(text).toMatch(/^tidings_test_depth\{channel="email"\} 0$/m);
  expect(text).not.toMatch(/^tidings_test_depth\{channel="sms"\}/m);
});
