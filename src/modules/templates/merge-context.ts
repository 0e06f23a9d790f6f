import type { SmsProviderKind } from '../../adapters/sms/index.js';
import type { CustomerMergeFields } from '../customers/index.js';

/**
 * What a template can merge. One `MergeContext` is built per recipient by the send pipeline (or
 * by {@link renderPreview}) and handed to a compiled template; every path a template may use is
 * listed in {@link MERGE_FIELDS}, which is what strict mode checks against.
 */

/** A value a custom field can hold (customers' `custom` JSON). */
export type CustomFieldValue = string | number | boolean | null;

/** Birthday as stored on the customer: the year is optional (many people do not give it). */
export interface Birthday {
  /** 1–12. */
  readonly month: number;
  /** 1–31. */
  readonly day: number;
  readonly year?: number | null;
}

/**
 * The recipient: the customers module's merge fields ({@link CustomerMergeFields}, the one set of
 * names every path loads with `loadMergeCustomers`). Only `id`, `displayName` and `custom` are
 * required here, so sample customers and hand-built contexts may leave the rest out.
 */
export type MergeCustomer = Pick<CustomerMergeFields, 'id' | 'displayName'> &
  Partial<Pick<CustomerMergeFields, 'familyName' | 'givenName' | 'title' | 'gender' | 'company' | 'language' | 'timeZone' | 'email' | 'mobile' | 'lunarBirthday'>> & {
    readonly birthday?: Birthday | null;
    readonly custom: Readonly<Record<string, CustomFieldValue>>;
  };

/**
 * The customer paths a template may merge, one per field of {@link CustomerMergeFields}: the
 * `satisfies` makes a field added to (or renamed in) the customers module fail to compile until
 * it is listed here, so the loader and strict mode never disagree on a name.
 */
const CUSTOMER_FIELDS = {
  id: true,
  displayName: true,
  familyName: true,
  givenName: true,
  title: true,
  gender: true,
  company: true,
  language: true,
  timeZone: true,
  birthday: true,
  lunarBirthday: true,
  email: true,
  mobile: true,
  custom: true,
} as const satisfies Record<keyof CustomerMergeFields, true>;

/** The sending account (a mail account for email, an SMS account for SMS). */
export interface MergeAccount {
  /** Sender's display name, appended under the signature so the reader knows who wrote. */
  readonly displayName: string;
  readonly email?: string | null;
  /** Plain-text signature (the text part). */
  readonly signatureText?: string | null;
  /** HTML signature; sanitised (allow-listed tags and attributes) before it is inserted. */
  readonly signatureHtml?: string | null;
  /** SMS account signature, e.g. "【某某公司】"; prepended to SMS texts. */
  readonly smsSignature?: string | null;
  /** The SMS account's provider: decides the opt-out line a marketing SMS carries (see finishSms). */
  readonly smsProvider?: SmsProviderKind | null;
}

/** The sending company, from the company profile (the company module's `readCompanyProfile`). */
export interface MergeCompany {
  readonly name: string;
  readonly address: string;
  /** A `data:image/…;base64,…` URL (never a remote image), or empty for none. */
  readonly logo: string;
  /** The company's SMS signature ("【示例贸易】"): used when the SMS account has none of its own. */
  readonly smsSignature?: string;
}

/** The campaign the message belongs to (a preview uses a stand-in). */
export interface MergeCampaign {
  readonly id: number;
  readonly name: string;
}

/** Links the send pipeline fills per recipient. */
export interface MergeLinks {
  /** One-click unsubscribe URL for this recipient. */
  readonly unsubscribe: string;
}

/**
 * Everything a template may merge for one recipient.
 *
 * Paths usable in templates: `customer.id`, `customer.displayName`, `customer.familyName`,
 * `customer.givenName`, `customer.title`, `customer.gender`, `customer.company`,
 * `customer.language`, `customer.timeZone`, `customer.birthday` (+ `.month`, `.day`, `.year`),
 * `customer.lunarBirthday` (农历八月十五),
 * `customer.email`, `customer.mobile`, `customer.custom.<name>`, `account.displayName`,
 * `account.email`, `account.signatureText`, `account.signatureHtml`, `campaign.id`,
 * `campaign.name`, `links.unsubscribe`, `company.name`, `company.address`, `company.logo`, `now`. Helpers: `{{greeting}}`, `{{signature}}`,
 * `{{default path "fallback"}}`, `{{formatDate customer.birthday "long"}}`,
 * `{{date now "long"}}`, `{{unsubscribeUrl}}`.
 */
export interface MergeContext {
  readonly customer: MergeCustomer;
  readonly account: MergeAccount;
  readonly campaign: MergeCampaign;
  readonly links: MergeLinks;
  /**
   * The sending company. The template renderer fills it from the company profile when the
   * context leaves it out, so every path that renders through it (sends, previews, test sends)
   * signs with the same company.
   */
  readonly company?: MergeCompany;
  /** The send (or preview) time; `{{date now "long"}}` shows it in the recipient's zone. */
  readonly now: Date;
}

/** Every merge path a template may use (besides `customer.custom.<name>`). */
export const MERGE_FIELDS: ReadonlySet<string> = new Set([
  'customer',
  ...Object.keys(CUSTOMER_FIELDS).map((name) => `customer.${name}`),
  'customer.birthday.month',
  'customer.birthday.day',
  'customer.birthday.year',
  'account',
  'account.displayName',
  'account.email',
  'account.signatureText',
  'account.signatureHtml',
  'account.smsSignature',
  'campaign',
  'campaign.id',
  'campaign.name',
  'links',
  'links.unsubscribe',
  'company',
  'company.name',
  'company.address',
  'company.logo',
  'now',
]);

/** Prefix of custom field paths. */
export const CUSTOM_PREFIX = 'customer.custom.';

/** The language a recipient reads: Chinese for any `zh*` tag, else English. */
export function recipientLanguage(language: string | null | undefined): 'zh-CN' | 'en' {
  return language && /^zh\b/i.test(language) ? 'zh-CN' : 'en';
}

/** Reads a dotted path from a context; undefined when any step is missing. */
export function readPath(root: unknown, path: string): unknown {
  let value: unknown = root;
  for (const part of path.split('.')) {
    if (value === null || value === undefined || typeof value !== 'object') return undefined;
    value = (value as Record<string, unknown>)[part];
  }
  return value;
}
