import type { ColumnType, Generated } from 'kysely';

/*
 * Row types of the core tables created by migration 0001. Conventions, same on SQLite and
 * PostgreSQL: ids are integers; times are epoch milliseconds (UTC) in `*_at` columns; booleans are
 * 0/1 integers; money is integer minor units; JSON is stored as text; secrets only as `*_enc`
 * (SecretBox-sealed) columns. `campaigns` and `outbox`, also created by 0001, belong to the sending
 * module (src/modules/sending/send.tables.ts).
 */

/** A mailbox people send from (and read replies in). */
export interface MailAccountsTable {
  id: Generated<number>;
  /** Short unique handle, e.g. "163" or "sales-li". */
  name: string;
  display_name: string;
  email: string;
  reply_to: string | null;
  signature_text: string | null;
  signature_html: string | null;
  /** Provider key from the autodetect table, when known. */
  provider: string | null;
  incoming_protocol: 'imap' | 'pop3' | null;
  incoming_host: string | null;
  incoming_port: number | null;
  incoming_security: 'tls' | 'starttls' | 'none' | null;
  incoming_username: string | null;
  incoming_password_enc: string | null;
  /** POP3 "leave a copy on the server". */
  leave_copy: number;
  smtp_host: string;
  smtp_port: number;
  smtp_security: 'tls' | 'starttls' | 'none';
  smtp_auth: number;
  /** Null: use the incoming user name / password. */
  smtp_username: string | null;
  smtp_password_enc: string | null;
  limit_per_second: number | null;
  limit_per_minute: number | null;
  limit_per_hour: number | null;
  limit_per_day: number | null;
  /** The server delivers user+tag@domain to user@domain, so reply tokens can ride in Reply-To. */
  plus_addressing: number;
  is_default: number;
  /**
   * The user whose mailbox this is; null for a shared mailbox (added by accounts migration 0120).
   * Optional on insert: a row written without it is shared.
   */
  owner_user_id: ColumnType<number | null, number | null | undefined, number | null>;
  created_at: number;
  updated_at: number;
}

/** An SMS sending account at a provider. */
export interface SmsAccountsTable {
  id: Generated<number>;
  name: string;
  provider: string;
  /** JSON of the provider's credentials, sealed. */
  credentials_enc: string;
  /** Non-secret provider settings as JSON (endpoint, template code, sender number…). */
  settings: string;
  sender_id: string | null;
  /** e.g. 【某某公司】, prepended by China providers. */
  signature: string | null;
  currency: string;
  /** Time zone for statistics by day/month. */
  time_zone: string;
  is_default: number;
  created_at: number;
  updated_at: number;
}

export interface CustomersTable {
  id: Generated<number>;
  family_name: string | null;
  given_name: string | null;
  display_name: string;
  /** 先生 / 女士 / 总 / Mr / Ms / Dr … */
  title: string | null;
  gender: 'female' | 'male' | 'other' | null;
  company: string | null;
  /** Birthday month (1-12) and day (1-31); the year is optional. */
  birthday_month: number | null;
  birthday_day: number | null;
  birth_year: number | null;
  /**
   * Which birthday the customer celebrates: `gregorian` (birthday_month/day) or `lunar`
   * (lunar_birthday_*). Both may be stored; only this one drives greetings, filters and
   * reminders. Added by the customers module's migration 0220.
   */
  birthday_calendar: Generated<'gregorian' | 'lunar'>;
  /** Lunar birthday (农历生日): month 1-12, day 1-30, 1 when born in a leap month (闰月). */
  lunar_birthday_month: number | null;
  lunar_birthday_day: number | null;
  lunar_birthday_leap: Generated<number>;
  /** The lunar year of birth, when known. */
  lunar_birth_year: number | null;
  time_zone: string | null;
  language: string | null;
  /** The sales rep who owns this customer (a user name). */
  owner: string | null;
  /** Typed custom fields as JSON: { "city": "遵义", "vip": true }. */
  custom: string;
  notes: string | null;
  /** A locked customer cannot be deleted. */
  locked: number;
  created_at: number;
  updated_at: number;
}

export interface CustomerEmailsTable {
  id: Generated<number>;
  customer_id: number;
  /** Lower-cased address. */
  email: string;
  is_primary: number;
}

export interface CustomerPhonesTable {
  id: Generated<number>;
  customer_id: number;
  /** E.164, e.g. +8613800138000. */
  e164: string;
  is_primary: number;
}

export interface GroupsTable {
  id: Generated<number>;
  name: string;
  parent_id: number | null;
  /** `static` groups list members; `filter` groups are saved filters (JSON in `filter`). */
  kind: 'static' | 'filter';
  filter: string | null;
  created_at: number;
}

export interface CustomerGroupsTable {
  customer_id: number;
  group_id: number;
}

export interface SuppressionsTable {
  id: Generated<number>;
  channel: 'email' | 'sms';
  /** `address` (an email or E.164 number) or `domain` (email only). */
  scope: 'address' | 'domain';
  /** Lower-cased address, E.164 number or domain. */
  value: string;
  reason: 'unsubscribed' | 'hard-bounce' | 'soft-bounce' | 'complaint' | 'manual' | 'sms-keyword';
  /** Free text: campaign id, bounce diagnostic, who blocked it. */
  detail: string | null;
  created_at: number;
}

export interface TemplatesTable {
  id: Generated<number>;
  name: string;
  channel: 'email' | 'sms';
  /** Built-in key (e.g. "spring-festival") for the bundled templates, else null. */
  builtin: string | null;
  current_version: number;
  created_at: number;
  updated_at: number;
}

/** A template version never changes once written; a running campaign keeps its version id. */
export interface TemplateVersionsTable {
  id: Generated<number>;
  template_id: number;
  version: number;
  subject: string | null;
  body_format: 'mjml' | 'html' | 'text';
  body: string;
  /** Hand-written text alternative; generated from the HTML when null. */
  text_body: string | null;
  /** JSON list of attachments metadata. */
  attachments: string;
  /** Marketing messages carry opt-out text / headers. */
  is_marketing: number;
  created_at: number;
}
