import { createPrivateKey, createPublicKey, generateKeyPairSync, type KeyObject } from 'node:crypto';
import { TidingsError } from '../../../platform/errors/index.js';

/** Smallest RSA key accepted: receivers (Gmail, Yahoo) treat shorter DKIM keys as unsigned. */
export const MIN_DKIM_BITS = 1024;

/** A DKIM key pair: the private key as PKCS#8 PEM (to seal) and the public key as DNS wants it. */
export interface DkimKeyMaterial {
  readonly privateKeyPem: string;
  /** Base64 of the SubjectPublicKeyInfo DER: the `p=` value of the TXT record. */
  readonly publicKey: string;
  readonly bits: number;
}

const material = (privateKey: KeyObject): DkimKeyMaterial => ({
  privateKeyPem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
  publicKey: createPublicKey(privateKey).export({ type: 'spki', format: 'der' }).toString('base64'),
  bits: privateKey.asymmetricKeyDetails?.modulusLength ?? 0,
});

/** A new RSA-2048 key pair (the size every receiver accepts and DNS TXT records still hold). */
export function generateDkimKey(): DkimKeyMaterial {
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048, publicExponent: 0x10001 });
  return material(privateKey);
}

/**
 * Reads an existing RSA private key (PEM, PKCS#1 or PKCS#8, unencrypted) and derives its public
 * key. Throws ACCOUNT_DKIM_KEY_INVALID for anything else; the message never quotes the key.
 */
export function importDkimKey(pem: string): DkimKeyMaterial {
  let key: KeyObject;
  try {
    key = createPrivateKey({ key: pem, format: 'pem' });
  } catch {
    throw new TidingsError('ACCOUNT_DKIM_KEY_INVALID', 'The key file is not an unencrypted PEM private key (expected "-----BEGIN PRIVATE KEY-----" or "-----BEGIN RSA PRIVATE KEY-----").');
  }
  if (key.asymmetricKeyType !== 'rsa') {
    throw new TidingsError('ACCOUNT_DKIM_KEY_INVALID', `The key is ${key.asymmetricKeyType ?? 'not'} an RSA key; DKIM signing here needs an RSA key (k=rsa).`);
  }
  const result = material(key);
  if (result.bits < MIN_DKIM_BITS) throw new TidingsError('ACCOUNT_DKIM_KEY_INVALID', `The RSA key has ${result.bits} bits; receivers ignore DKIM keys under ${MIN_DKIM_BITS} bits, use 2048.`);
  return result;
}

/** The DNS record that publishes a DKIM public key. */
export interface DkimDnsRecord {
  /** Owner name with a trailing dot, e.g. `s1._domainkey.example.com.` */
  readonly name: string;
  readonly type: 'TXT';
  /** The record's text as one string, for DNS control panels. */
  readonly value: string;
  /** A zone-file line; the text split into ≤255-character strings, as a TXT record requires. */
  readonly zoneLine: string;
}

/** The TXT record to publish for `selector._domainkey.domain`. */
export function dkimDnsRecord(domain: string, selector: string, publicKey: string): DkimDnsRecord {
  const name = `${selector}._domainkey.${domain}.`;
  const value = `v=DKIM1; k=rsa; p=${publicKey}`;
  const chunks = value.match(/.{1,255}/g) ?? [value];
  const quoted = chunks.map((c) => `"${c}"`);
  const zoneLine = quoted.length === 1 ? `${name} IN TXT ${quoted[0]}` : `${name} IN TXT ( ${quoted.join(' ')} )`;
  return { name, type: 'TXT', value, zoneLine };
}
