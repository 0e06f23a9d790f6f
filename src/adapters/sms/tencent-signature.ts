import { createHash, createHmac } from 'node:crypto';

/*
 * Tencent Cloud API 3.0 request signing, TC3-HMAC-SHA256 ("signature v3"), as the vendor documents it:
 *   CanonicalRequest = Method \n "/" \n Query \n CanonicalHeaders \n SignedHeaders \n hex(SHA256(body))
 *   StringToSign     = "TC3-HMAC-SHA256" \n Timestamp \n Date/service/tc3_request \n hex(SHA256(CanonicalRequest))
 *   key              = HMAC(HMAC(HMAC("TC3" + SecretKey, Date), service), "tc3_request")
 *   Signature        = hex(HMAC(key, StringToSign))
 * Date is the UTC day of the timestamp (a Beijing-time date breaks every call between 00:00 and 08:00).
 */

export const TC3_ALGORITHM = 'TC3-HMAC-SHA256';

const sha256Hex = (data: string): string => createHash('sha256').update(data, 'utf8').digest('hex');
const hmac = (key: string | Buffer, data: string): Buffer => createHmac('sha256', key).update(data, 'utf8').digest();

/** The UTC date (YYYY-MM-DD) of a Unix timestamp in seconds: the Date of the credential scope. */
export function tc3Date(timestampSeconds: number): string {
  return new Date(timestampSeconds * 1000).toISOString().slice(0, 10);
}

/** What one request signs. */
export interface Tc3Request {
  readonly method: 'POST' | 'GET';
  /** The query string after "?" (empty for POST). */
  readonly query?: string;
  /** The headers that take part, any case; names are lower-cased, values trimmed and lower-cased as the doc says. */
  readonly headers: Readonly<Record<string, string>>;
  /** The exact body bytes sent (empty for GET). */
  readonly payload: string;
}

/** The canonical form of the signed headers: "name:value\n" each, names sorted, plus their list "a;b;c". */
export function canonicalHeaders(headers: Readonly<Record<string, string>>): { readonly canonical: string; readonly signed: string } {
  const entries = Object.entries(headers)
    .map(([name, value]) => [name.trim().toLowerCase(), value.trim().toLowerCase()] as const)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return { canonical: entries.map(([n, v]) => `${n}:${v}\n`).join(''), signed: entries.map(([n]) => n).join(';') };
}

/** Step 1: the canonical request. */
export function canonicalRequest(request: Tc3Request): string {
  const { canonical, signed } = canonicalHeaders(request.headers);
  return [request.method, '/', request.query ?? '', canonical, signed, sha256Hex(request.payload)].join('\n');
}

/** Step 2: the string to sign. */
export function stringToSign(canonical: string, timestampSeconds: number, service: string): string {
  return [TC3_ALGORITHM, String(timestampSeconds), `${tc3Date(timestampSeconds)}/${service}/tc3_request`, sha256Hex(canonical)].join('\n');
}

/** Step 3: the derived key and the signature (lower-case hex). */
export function tc3Signature(secretKey: string, timestampSeconds: number, service: string, toSign: string): string {
  const secretDate = hmac(`TC3${secretKey}`, tc3Date(timestampSeconds));
  const secretService = hmac(secretDate, service);
  const secretSigning = hmac(secretService, 'tc3_request');
  return createHmac('sha256', secretSigning).update(toSign, 'utf8').digest('hex');
}

/** Everything {@link signTc3} needs. */
export interface Tc3SignInput extends Tc3Request {
  readonly secretId: string;
  readonly secretKey: string;
  /** The product, as in its host name: "sms" for sms.tencentcloudapi.com. */
  readonly service: string;
  /** Unix seconds; the same value goes into X-TC-Timestamp. */
  readonly timestamp: number;
}

/** The signature and the Authorization header value of one request. */
export interface Tc3Signed {
  readonly canonicalRequest: string;
  readonly stringToSign: string;
  readonly signature: string;
  readonly authorization: string;
}

/** Step 4: signs a request and builds its Authorization header. */
export function signTc3(input: Tc3SignInput): Tc3Signed {
  const canonical = canonicalRequest(input);
  const toSign = stringToSign(canonical, input.timestamp, input.service);
  const signature = tc3Signature(input.secretKey, input.timestamp, input.service, toSign);
  const scope = `${tc3Date(input.timestamp)}/${input.service}/tc3_request`;
  const { signed } = canonicalHeaders(input.headers);
  return {
    canonicalRequest: canonical,
    stringToSign: toSign,
    signature,
    authorization: `${TC3_ALGORITHM} Credential=${input.secretId}/${scope}, SignedHeaders=${signed}, Signature=${signature}`,
  };
}
