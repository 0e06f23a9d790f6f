/**
 * Row types of the tables src/accounts adds in its own migrations (see accounts.migrations.ts).
 */

/** TLS options of a mail account that the core table has no column for. */
export interface MailAccountTlsTable {
  mail_account_id: number;
  /** 1: verify server certificates (the default); 0: accept self-signed ones (on-premises servers). */
  verify_certificates: number;
}

/** A DKIM signing key per sender domain (migration 0110). */
export interface DkimKeysTable {
  /** Lower-case domain of the From address, e.g. `example.com`. */
  domain: string;
  /** The record is published at `<selector>._domainkey.<domain>`. */
  selector: string;
  /** PKCS#8 PEM private key, sealed with the SecretBox; never leaves the process except to sign. */
  private_key_enc: string;
  /** Base64 SubjectPublicKeyInfo (the TXT record's `p=`). */
  public_key: string;
  created_at: number;
}

/** The sealed webhook token of an SMS account whose provider does not sign callbacks (migration 0120). */
export interface SmsAccountWebhookTokensTable {
  sms_account_id: number;
  /** base64url of 32 random bytes, sealed with the SecretBox; shown once, when it is made. */
  token_enc: string;
  created_at: number;
}

export interface AccountsTables {
  mail_account_tls: MailAccountTlsTable;
  dkim_keys: DkimKeysTable;
  sms_account_webhook_tokens: SmsAccountWebhookTokensTable;
}

declare module '../../platform/db/schema.js' {
  // Registers this module's tables in the store's schema (see DatabaseSchema).
  interface DatabaseSchema extends AccountsTables {}
}
