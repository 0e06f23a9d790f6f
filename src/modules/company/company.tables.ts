/**
 * The company that sends: one row (id = 1). Built-in templates sign with it, the letter's footer
 * shows its address, new campaigns default to its time zone, and SMS accounts without a signature
 * of their own use its SMS signature.
 */
export interface CompanyProfileTable {
  /** Always 1: there is one company per installation. */
  id: number;
  name: string;
  address: string;
  /** A small image as a `data:image/png;base64,…` (or jpeg/gif/webp) URL, or null for none. */
  logo: string | null;
  /** IANA zone, e.g. `Asia/Shanghai`. */
  time_zone: string;
  /** BCP 47 tag of the built-in templates' and the UI's default language, e.g. `zh-CN`. */
  language: string;
  /** e.g. `【示例贸易】`; empty for none. */
  sms_signature: string;
  updated_at: number;
}

/** Row types of the company module's tables, merged into the store's DatabaseSchema. */
export interface CompanyTables {
  company_profile: CompanyProfileTable;
}

declare module '../../platform/db/schema.js' {
  // Registers this module's tables in the store's schema (see DatabaseSchema).
  interface DatabaseSchema extends CompanyTables {}
}
