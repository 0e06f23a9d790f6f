import type { Store } from '../../src/platform/db/index.js';
import { createLogger } from '../../src/platform/logger/index.js';
import { loadMergeCustomer } from '../../src/modules/customers/index.js';
import { loadMailAccount, TemplateRenderer, type MergeContext } from '../../src/modules/templates/index.js';
import { PUBLIC_URL } from './context.js';

/**
 * Merges per second of one compiled template: `compileVersion` once (MJML runs here, not timed),
 * then `renderEmail` `count` times over 1,000 real customer records (greeting, signature,
 * unsubscribe link, derived text part). Returns ms for the renders and the HTML size.
 */
export async function runMerges(store: Store, versionId: number, accountId: number, count: number): Promise<{ ms: number; htmlBytes: number }> {
  const renderer = new TemplateRenderer({ db: store.db, logger: createLogger({ level: 'silent' }) });
  const compiled = await renderer.compileVersion(versionId);
  const account = (await loadMailAccount(store.db, accountId)) ?? { displayName: '' };
  const ids = await store.db.selectFrom('customers').select('id').orderBy('id').limit(1000).execute();
  const now = new Date();
  const contexts: MergeContext[] = [];
  for (const { id } of ids) {
    contexts.push({ customer: await loadMergeCustomer(store.db, id), account, campaign: { id: 1, name: 'bench' }, links: { unsubscribe: `${PUBLIC_URL}/u/tok${id}` }, now });
  }
  let bytes = 0;
  const started = performance.now();
  for (let i = 0; i < count; i++) {
    const rendered = compiled.renderEmail(contexts[i % contexts.length]!, 'send');
    bytes += rendered.html.length;
  }
  const ms = performance.now() - started;
  return { ms, htmlBytes: Math.round(bytes / count) };
}
