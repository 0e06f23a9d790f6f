import { DateTime } from 'luxon';
import { tryNormalisePhone } from './phone.js';
import type { DeliveryReceipt, InboundSms } from './sms-provider.js';

/*
 * Tencent Cloud SMS pushes, as documented ("SMS Sending Status Notification", "SMS Reply"):
 * status reports come as a JSON array of {user_receive_time "YYYY-MM-DD HH:mm:ss" (Beijing time),
 * nationcode, mobile, report_status SUCCESS|FAIL, errmsg (DELIVRD or the carrier's code),
 * description, sid (the SerialNo SendSms answered)}; a reply as one object {extend, mobile,
 * nationcode, sign, text, time (Unix seconds)}. Both are accepted as one object or an array.
 * Neither carries a signature: the caller checks the URL token first.
 */

type Item = Record<string, unknown>;

const items = (body: unknown): Item[] =>
  (Array.isArray(body) ? body : body && typeof body === 'object' ? [body] : []).filter((i): i is Item => Boolean(i) && typeof i === 'object');

const str = (value: unknown): string => (typeof value === 'string' ? value : typeof value === 'number' ? String(value) : '');

/** The sender as E.164 from Tencent's split form: nationcode "86" + mobile "13800138000". */
function phoneOf(item: Item): string | undefined {
  const mobile = str(item.mobile).trim();
  if (!mobile) return undefined;
  const nation = str(item.nationcode).replace(/^\+/, '').trim();
  return tryNormalisePhone(nation ? `+${nation}${mobile}` : mobile);
}

/** Parses a status report push into receipts (items without a sid are skipped). */
export function parseTencentReports(body: unknown): DeliveryReceipt[] {
  return items(body).flatMap((item) => {
    const sid = str(item.sid);
    if (!sid) return [];
    const delivered = str(item.report_status).toUpperCase() === 'SUCCESS';
    const code = str(item.errmsg) || (delivered ? 'DELIVRD' : 'UNKNOWN');
    const to = phoneOf(item);
    const received = DateTime.fromFormat(str(item.user_receive_time), 'yyyy-MM-dd HH:mm:ss', { zone: 'Asia/Shanghai' });
    const receipt: DeliveryReceipt = {
      providerMessageId: sid,
      status: delivered ? 'delivered' : 'failed',
      providerStatus: code,
      ...(delivered ? {} : { errorCode: code }),
      ...(to ? { to } : {}),
      ...(delivered && received.isValid ? { deliveredAt: received.toMillis() } : {}),
    };
    return [receipt];
  });
}

/** Parses a reply push into inbound messages; `to` is the extension code, else the sign name replied to. */
export function parseTencentReplies(body: unknown): InboundSms[] {
  return items(body).flatMap((item) => {
    const from = phoneOf(item);
    return from ? [{ from, to: str(item.extend) || str(item.sign), text: str(item.text) }] : [];
  });
}
