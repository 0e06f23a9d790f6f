import type { Kysely } from 'kysely';
import { isReplyToken, latestOutboxTo, outboxByReplyTokens, sendingDb, tokenFromPlusAddress, tokensInMessageIds, TRACE_HEADER } from '../../sending/index.js';
import type { DatabaseSchema } from '../../../platform/db/index.js';
import type { Classification } from '../parse/classify.js';
import type { InboundMessage } from '../parse/message.parser.js';

/** How a message was tied to a customer. */
export type FiledBy = 'token' | 'trace' | 'plus' | 'from' | 'manual';

/** Where a message belongs. Unfiled: no customer; `candidates` lists the customers it could be. */
export interface Filing {
  readonly customerId: number | null;
  readonly outboxId: number | null;
  readonly campaignId: number | null;
  readonly filedBy: FiledBy | null;
  readonly candidates: readonly number[];
}

const UNFILED: Filing = { customerId: null, outboxId: null, campaignId: null, filedBy: null, candidates: [] };
const TRACE_LINE = new RegExp(`^${TRACE_HEADER}:\\s*([a-z2-7]{20})\\b`, 'gim');

/** The reply tokens each filing rule can see, in rule order. Pure. */
export function traceTokens(message: InboundMessage, classification: Classification): Record<'token' | 'trace' | 'plus', string[]> {
  const token = tokensInMessageIds([message.inReplyTo ?? '', ...message.references].join(' '));
  // Only a bounce quotes our headers on purpose; the same text in a forward from someone else
  // says nothing about who wrote it, so ordinary mail is not filed by quoted trace headers.
  const trace: string[] = [];
  if (classification.kind === 'bounce' || classification.kind === 'complaint' || classification.kind === 'auto-reply') {
    const quoted = `${message.returned}\n${message.text}`;
    for (const match of quoted.matchAll(TRACE_LINE)) trace.push((match[1] ?? '').toLowerCase());
    trace.push(...tokensInMessageIds(quoted));
  }
  const plus = [...message.to, ...message.deliveredTo]
    .map((address) => tokenFromPlusAddress(address))
    .filter((t): t is string => t !== undefined);
  const valid = (list: string[]) => [...new Set(list.filter(isReplyToken))];
  return { token: valid(token), trace: valid(trace), plus: valid(plus) };
}

/**
 * Files a message: our token in In-Reply-To/References, then a trace quoted back in a bounce,
 * then the plus-address token, then the sender's address (for a bounce: the failed recipient)
 * against customers' addresses — exactly one customer files it, several leave it unfiled with
 * the candidates listed for a person to choose.
 */
export async function fileMessage(
  db: Kysely<DatabaseSchema>,
  message: InboundMessage,
  classification: Classification,
): Promise<Filing> {
  const tokens = traceTokens(message, classification);
  for (const rule of ['token', 'trace', 'plus'] as const) {
    const found = await outboxByReplyTokens(sendingDb(db), tokens[rule]);
    if (found) return { customerId: found.customerId, outboxId: found.id, campaignId: found.campaignId, filedBy: rule, candidates: [] };
  }
  const address =
    classification.kind === 'bounce'
      ? classification.bounce?.recipient
      : classification.kind === 'complaint'
        ? classification.complaint?.recipient
        : message.from?.address;
  if (!address) return UNFILED;
  const rows = await db
    .selectFrom('customer_emails')
    .select('customer_id')
    .distinct()
    .where('email', '=', address.toLowerCase())
    .limit(20)
    .execute();
  const ids = rows.map((r) => Number(r.customer_id));
  if (ids.length === 1) {
    const customerId = ids[0] as number;
    // A bounce without a trace still belongs to the newest message we sent that address.
    const outbox =
      classification.kind === 'bounce' || classification.kind === 'complaint'
        ? await latestOutboxTo(sendingDb(db), customerId, address.toLowerCase())
        : undefined;
    return { customerId, outboxId: outbox?.id ?? null, campaignId: outbox?.campaignId ?? null, filedBy: 'from', candidates: [] };
  }
  return { ...UNFILED, candidates: ids };
}
