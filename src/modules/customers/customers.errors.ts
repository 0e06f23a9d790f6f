import { defineErrors } from '../../platform/errors/index.js';

/** Error codes raised by src/customers. */
export const customersErrors = defineErrors({
  CUSTOMER_NOT_FOUND: {
    retryable: false,
    http: 404,
    description: 'No customer has that id (or email / phone). Check it with `tidings customers search`.',
  },
  CUSTOMER_LOCKED: {
    retryable: false,
    http: 409,
    description: 'The customer is locked and cannot be deleted. Unlock it first (`tidings customers edit <id> --unlock`).',
  },
  CUSTOMER_INVALID: {
    retryable: false,
    http: 400,
    description: 'A customer field is malformed (email, phone, birthday, time zone, custom field); the message names the field and the expected form.',
  },
  CUSTOMER_ADDRESS_TAKEN: {
    retryable: false,
    http: 409,
    description: 'The email address or phone number already belongs to another customer; edit that customer or merge the two.',
  },
  CUSTOMER_FIELD_UNKNOWN: {
    retryable: false,
    http: 400,
    description: 'A custom field is not defined. Define it first with `tidings customers field add <name> <text|number|date|boolean>`.',
  },
  CUSTOMER_GROUP_NOT_FOUND: {
    retryable: false,
    http: 404,
    description: 'No group or saved filter has that id or path; list them with `tidings groups list`.',
  },
  CUSTOMER_GROUP_CYCLE: {
    retryable: false,
    http: 409,
    description: 'A group cannot be moved under itself or one of its own subgroups.',
  },
  CUSTOMER_FILTER_INVALID: {
    retryable: false,
    http: 400,
    description: 'A customer filter does not match the filter language (field, op, value); the message says which condition is wrong.',
  },
  CUSTOMER_SELECTION_TOO_LARGE: {
    retryable: false,
    http: 400,
    description: 'Too many explicit customer ids in one audience selection; put them in a static group (or a list file) and select that instead.',
  },
  CUSTOMER_FILE_UNREADABLE: {
    retryable: false,
    http: 400,
    description: 'The CSV file cannot be read or decoded (missing, not CSV, or in an unexpected encoding); try --encoding gbk or utf8.',
  },
});

type CustomersErrors = typeof customersErrors;
declare module '../../platform/errors/error-table.js' {
  // Adds this table's codes to ErrorCode
  interface ErrorCodes extends CustomersErrors {}
}
