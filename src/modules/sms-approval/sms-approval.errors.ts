import { defineErrors } from '../../platform/errors/index.js';

/** Error codes raised by src/modules/sms-approval. */
export const smsApprovalErrors = defineErrors({
  SMS_APPROVAL_REQUIRED: {
    retryable: false,
    http: 409,
    description:
      "The SMS account's provider delivers only templates it approved, and this template has no approved binding for that account. Submit the template for approval on the template's Provider approval panel (or bind a template code approved in the provider's console), wait for the approval, then schedule or start the campaign.",
  },
  SMS_APPROVAL_MARKETING_VARIABLES: {
    retryable: false,
    http: 422,
    description:
      'The provider refuses marketing templates that hold variables (merge fields). Remove the merge fields from the marketing SMS text, or mark the template as a notification if it is one, then submit it again.',
  },
  SMS_APPROVAL_PARAMS_MISMATCH: {
    retryable: false,
    http: 422,
    description:
      "The template approved in the provider's console has other variables than this template's text fills in, so every message would be refused on the day. Make the two texts use the same variables, or submit this template for approval instead of binding the code.",
  },
  SMS_APPROVAL_NOT_REVIEWED: {
    retryable: false,
    http: 400,
    description: "This SMS account's provider (Twilio, SMPP) sends any text without reviewing templates or signatures: there is nothing to submit. Send directly.",
  },
});

type SmsApprovalErrors = typeof smsApprovalErrors;
declare module '../../platform/errors/error-table.js' {
  // Adds this table's codes to ErrorCode
  interface ErrorCodes extends SmsApprovalErrors {}
}
