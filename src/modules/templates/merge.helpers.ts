import Handlebars from 'handlebars';
import { formatCalendarDate, formatInstant, safeTimeZone } from './date.format.js';
import { greeting, greetingLanguage } from './greeting.js';
import type { MergeContext } from './merge-context.js';
import { signatureHtml, signatureText } from './signature.js';
import { UNDETERMINED } from './template-variants.js';

/** The isolated Handlebars environment a body format is compiled in. */
export type MergeEnvironment = typeof Handlebars;

type HelperOptions = Handlebars.HelperOptions;

const rootOf = (options: HelperOptions): Partial<MergeContext> => (options.data?.root ?? {}) as Partial<MergeContext>;

/** The language of the variant being rendered (passed as Handlebars data), if any. */
const variantLanguage = (options: HelperOptions): string | undefined => {
  const language: unknown = options.data?.language;
  return typeof language === 'string' && language !== '' && language !== UNDETERMINED ? language : undefined;
};

const isEmpty = (value: unknown): boolean => value === undefined || value === null || (typeof value === 'string' && value.trim() === '');

/** The language for dates: the variant's, else the recipient's language tag, else guessed from their name. */
function dateLanguage(root: Partial<MergeContext>, options: HelperOptions): string {
  const variant = variantLanguage(options);
  const customer = root.customer;
  if (variant) {
    // The customer's own form of the variant's language keeps their conventions (en-GB: 8 March).
    const own = customer?.language;
    return own && own.toLowerCase().split('-')[0] === variant.toLowerCase().split('-')[0] ? own : variant;
  }
  if (customer?.language) return customer.language;
  return customer ? greetingLanguage(customer) : 'en';
}

/**
 * Creates a fresh Handlebars environment with Tidings' helpers. `format` decides what
 * `{{signature}}` produces: sanitised HTML (a SafeString) or plain text. Each environment is
 * isolated (`Handlebars.create()`), so nothing registered globally by another library leaks in.
 *
 * Every helper tolerates a missing or malformed context: in send mode a hole must never crash a
 * campaign (strict mode catches holes before, at preview).
 */
export function createMergeEnvironment(format: 'html' | 'text'): MergeEnvironment {
  const env = Handlebars.create();
  env.registerHelper('greeting', (options: HelperOptions) => {
    // The greeting speaks the language the message is written in, not the customer's: an
    // English customer who gets the Chinese variant is greeted in Chinese, like the rest of it.
    const customer = rootOf(options).customer ?? {};
    const language = variantLanguage(options);
    return greeting(language ? { ...customer, language } : customer);
  });
  env.registerHelper('signature', (options: HelperOptions) => {
    const account = rootOf(options).account;
    if (!account) return '';
    return format === 'html' ? new env.SafeString(signatureHtml(account)) : signatureText(account);
  });
  env.registerHelper('default', (value: unknown, fallback: unknown) => (isEmpty(value) ? (typeof fallback === 'object' ? '' : fallback) : value));
  env.registerHelper('unsubscribeUrl', (options: HelperOptions) => rootOf(options).links?.unsubscribe ?? '');
  env.registerHelper('formatDate', (value: unknown, ...rest: unknown[]) => {
    const options = rest.at(-1) as HelperOptions;
    return formatCalendarDate(value, dateLanguage(rootOf(options), options), rest.length > 1 ? rest[0] : 'long');
  });
  env.registerHelper('date', (value: unknown, ...rest: unknown[]) => {
    const options = rest.at(-1) as HelperOptions;
    const root = rootOf(options);
    const zone = safeTimeZone(root.customer?.timeZone, 'UTC');
    return formatInstant(value, dateLanguage(root, options), zone, rest.length > 1 ? rest[0] : 'long');
  });
  return env;
}
