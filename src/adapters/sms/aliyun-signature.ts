import { createHmac } from 'node:crypto';

/**
 * Alibaba Cloud RPC-style request signing (SignatureMethod HMAC-SHA1, SignatureVersion 1.0), as
 * documented for Dysmsapi: percent-encode names and values per RFC 3986 (only A-Z a-z 0-9 - _ . ~
 * stay as they are; space is %20, never +), sort by name, join as the canonical query, then
 * StringToSign = "GET&%2F&" + percentEncode(canonical) and
 * Signature = base64(HMAC-SHA1(AccessKeySecret + "&", StringToSign)).
 */
export function percentEncode(value: string): string {
  return encodeURIComponent(value).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

/** The canonical query string of parameters (without Signature). */
export function canonicalQuery(params: Readonly<Record<string, string>>): string {
  return Object.keys(params)
    .filter((k) => k !== 'Signature')
    .sort()
    .map((k) => `${percentEncode(k)}=${percentEncode(params[k] ?? '')}`)
    .join('&');
}

/** Computes the Signature parameter for an RPC request. */
export function signRpc(method: 'GET' | 'POST', params: Readonly<Record<string, string>>, accessKeySecret: string): string {
  const stringToSign = `${method}&${percentEncode('/')}&${percentEncode(canonicalQuery(params))}`;
  return createHmac('sha1', `${accessKeySecret}&`).update(stringToSign).digest('base64');
}
