import { timingSafeEqual } from 'node:crypto';
import { TidingsError } from '../../platform/errors/index.js';

/**
 * The check for providers whose HTTP pushes carry no signature of their own (Aliyun, Tencent
 * Cloud): the push URL must carry `?token=` equal to the account's webhook token, compared in
 * constant time. Without a configured token nothing tells the provider from anyone else, so every
 * push is refused. Throws SMS_WEBHOOK_SIGNATURE_INVALID.
 */
export function checkCallbackToken(provider: string, url: string, expected: string | undefined): void {
  if (!expected) throw new TidingsError('SMS_WEBHOOK_SIGNATURE_INVALID', `${provider} callback refused: this account has no webhook token.`);
  const got = Buffer.from(new URL(url, 'http://local').searchParams.get('token') ?? '');
  const want = Buffer.from(expected);
  if (got.length !== want.length || !timingSafeEqual(got, want)) {
    throw new TidingsError('SMS_WEBHOOK_SIGNATURE_INVALID', `${provider} callback refused: the token in the URL does not match.`);
  }
}
