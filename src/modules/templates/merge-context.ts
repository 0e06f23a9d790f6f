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

/** The recipient, as the customers module stores them. Every field may be empty. */
export interface MergeCustomer {
  readonly id: number;
  /** The name shown in lists, e.g. "张伟" or "Alex Smith"; always present. */
  readonly displayName: string;
  /** 姓 / last name, e.g. "张", "欧阳", "Smith". */
  readonly familyName?: string | null;
  /** 名 / first name, e.g. "伟", "Alex". */
  readonly givenName?: string | null;
  /** 先生 / 女士 / 总 / 经理 / Mr / Ms / Dr …; wins over gender in the greeting. */
  readonly title?: string | null;
  readonly gender?: 'female' | 'male' | 'other' | null;
  readonly company?: string | null;
  /** BCP 47 tag, e.g. "zh-CN" or "en"; chooses the greeting and date language. */
  readonly language?: string | null;
  /** IANA zone, e.g. "Asia/Shanghai"; dates are shown in it. */
  readonly timeZone?: string | null;
  readonly birthday?: Birthday | null;
  /** Primary email address. */
  readonly email?: string | null;
  /** Primary mobile number, E.164. */
  readonly mobile?: string | null;
  /** Custom fields by name, e.g. `{ city: "遵义", vip: true }`; merged as `customer.custom.city`. */
  readonly custom: Readonly<Record<string, CustomFieldValue>>;
}

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
 * `customer.email`, `customer.mobile`, `customer.custom.<name>`, `account.displayName`,
 * `account.email`, `account.signatureText`, `account.signatureHtml`, `campaign.id`,
 * `campaign.name`, `links.unsubscribe`, `now`. Helpers: `{{greeting}}`, `{{signature}}`,
 * `{{default path "fallback"}}`, `{{formatDate customer.birthday "long"}}`,
 * `{{date now "long"}}`, `{{unsubscribeUrl}}`.
 */
export interface MergeContext {
  readonly customer: MergeCustomer;
  readonly account: MergeAccount;
  readonly campaign: MergeCampaign;
  readonly links: MergeLinks;
  /** The send (or preview) time; `{{date now "long"}}` shows it in the recipient's zone. */
  readonly now: Date;
}

/** Every merge path a template may use (besides `customer.custom.<name>`). */
export const MERGE_FIELDS: ReadonlySet<string> = new Set([
  'customer',
  'customer.id',
  'customer.displayName',
  'customer.familyName',
  'customer.givenName',
  'customer.title',
  'customer.gender',
  'customer.company',
  'customer.language',
  'customer.timeZone',
  'customer.birthday',
  'customer.birthday.month',
  'customer.birthday.day',
  'customer.birthday.year',
  'customer.email',
  'customer.mobile',
  'customer.custom',
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
