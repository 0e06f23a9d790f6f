import type { DeliveryReceipt } from './sms-provider.js';

/**
 * Parses the SMPP 3.4 Appendix B delivery receipt text carried in deliver_sm:
 * `id:IIIIIIIIII sub:SSS dlvrd:DDD submit date:YYMMDDhhmm done date:YYMMDDhhmm stat:DDDDDDD err:E text:…`.
 * Field names are matched case-insensitively; the receipted_message_id TLV, when present, wins
 * over the text's id (some SMSCs print the id in decimal but submit_sm_resp gave it in hex).
 */
export function parseSmppReceipt(text: string, receiptedMessageId?: string): DeliveryReceipt | undefined {
  const field = (name: string) => new RegExp(`(?:^|\\s)${name}:(\\S*)`, 'i').exec(text)?.[1];
  const id = receiptedMessageId || field('id');
  const stat = field('stat')?.toUpperCase();
  if (!id || !stat) return undefined;
  const err = field('err');
  const status: DeliveryReceipt['status'] =
    stat === 'DELIVRD' ? 'delivered' : stat === 'ENROUTE' || stat === 'ACCEPTD' ? 'accepted' : 'failed';
  const done = /done date:(\d{10,12})/i.exec(text)?.[1];
  return {
    providerMessageId: id,
    status,
    providerStatus: stat,
    ...(status === 'failed' && err ? { errorCode: err } : {}),
    ...(status === 'delivered' && done ? { deliveredAt: parseSmppDate(done) } : {}),
  };
}

/** YYMMDDhhmm[ss] in UTC (SMSCs differ; UTC is the common setting) → epoch ms. */
function parseSmppDate(value: string): number {
  const n = (i: number) => Number(value.slice(i, i + 2));
  return Date.UTC(2000 + n(0), n(2) - 1, n(4), n(6), n(8), value.length >= 12 ? n(10) : 0);
}
