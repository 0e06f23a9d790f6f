/**
 * Row types of the tables src/accounts adds in its own migrations (see accounts.migrations.ts).
 */

/** TLS options of a mail account that the core table has no column for. */
export interface MailAccountTlsTable {
  mail_account_id: number;
  /** 1: verify server certificates (the default); 0: accept self-signed ones (on-premises servers). */
  verify_certificates: number;
}

export interface AccountsTables {
  mail_account_tls: MailAccountTlsTable;
}
