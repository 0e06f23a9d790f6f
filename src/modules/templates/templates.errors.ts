import { defineErrors } from '../../platform/errors/index.js';

/** Error codes raised by src/templates. */
export const templatesErrors = defineErrors({
  TEMPLATE_PROVIDER_UNSUPPORTED: {
    retryable: false,
    http: 422,
    description:
      'The SMS text cannot become a provider template: it has a conditional or repeated part ({{#if}}, {{#each}}). Write it with plain merge fields only (use {{default field "text"}} for a fallback), then submit it for approval again.',
  },
  TEMPLATE_MJML_INVALID: {
    retryable: false,
    http: 422,
    description:
      'The MJML layout does not validate (strict mode). The message lists each problem as "line N: message"; fix those lines and save again.',
  },
  TEMPLATE_SYNTAX_INVALID: {
    retryable: false,
    http: 422,
    description: 'A merge tag is malformed (e.g. an unclosed {{#if}} or a stray "{{"). The message names the line; fix the tag and save again.',
  },
  TEMPLATE_UNKNOWN_FIELD: {
    retryable: false,
    http: 422,
    description:
      'The template uses a merge field that does not exist (a typo, or a custom field nobody defined). The message names the field and the template line; correct it or define the custom field.',
  },
  TEMPLATE_MISSING_VALUE: {
    retryable: false,
    http: 422,
    description:
      'Strict preview: a merge field is empty for this customer and the template gives no fallback, so the message would have a hole. Wrap it as {{default field "text"}} or fill the customer record.',
  },
  TEMPLATE_UNKNOWN_HELPER: {
    retryable: false,
    http: 422,
    description: 'The template calls a helper Tidings does not provide. The message names it and the line; see the template docs for greeting, signature, default, formatDate, date and unsubscribeUrl.',
  },
  TEMPLATE_UNSAFE_MERGE: {
    retryable: false,
    http: 422,
    description:
      'Triple braces {{{…}}} insert raw HTML and are only allowed for {{{signature}}}. Use double braces so customer data is HTML-escaped.',
  },
  TEMPLATE_HEADER_INVALID: {
    retryable: false,
    http: 422,
    description: 'A subject or other header contains a line break or control character, which could inject headers. Keep it on one line.',
  },
  TEMPLATE_LANGUAGE_DUPLICATE: {
    retryable: false,
    http: 422,
    description: 'A template has two variants in the same language, so nobody could tell which one a customer gets. Remove one of them, or change its language, and save again.',
  },
  TEMPLATE_CHANNEL_MISMATCH: {
    retryable: false,
    http: 409,
    description: 'An email template was used for SMS or the other way round; pick a template of the campaign\'s channel.',
  },
});

type TemplatesErrors = typeof templatesErrors;
declare module '../../platform/errors/error-table.js' {
  // Adds this table's codes to ErrorCode
  interface ErrorCodes extends TemplatesErrors {}
}
