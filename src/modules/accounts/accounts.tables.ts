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

/** The address a mailbox claims for its owner (migration 0130): one mailbox per address per owner. */
export interface MailAccountAddressesTable {
  mail_account_id: number;
  /** The owner's user id; 0 for a shared mailbox. */
  owner_key: number;
  /** Lower-case address. */
  email: string;
}

/** The last login test of a mailbox (migration 0130). */
export interface MailAccountChecksTable {
  mail_account_id: number;
  /** Epoch ms. */
  checked_at: number;
  /** 1 when every server accepted the login. */
  ok: number;
  /** JSON array of each server's outcome (VerifyCheck). */
  checks: string;
}

export interface AccountsTables {
  mail_account_tls: MailAccountTlsTable;
  mail_account_addresses: MailAccountAddressesTable;
  mail_account_checks: MailAccountChecksTable;
  dkim_keys: DkimKeysTable;
  sms_account_webhook_tokens: SmsAccountWebhookTokensTable;
}

declare module '../../platform/db/schema.js' {
  // Registers this module's tables in the store's schema (see DatabaseSchema).
  interface DatabaseSchema extends AccountsTables {}
}
