import { defineErrors } from '../../platform/errors/index.js';

/** Error codes raised by src/api: the HTTP framework (API_…) and sign-in and permissions (AUTH_…). */
export const apiErrors = defineErrors({
  AUTH_REQUIRED: {
    retryable: false,
    http: 401,
    description: 'This route needs a signed-in user: sign in (POST /api/auth/login) or send `Authorization: Bearer tid_…`.',
  },
  AUTH_TOKEN_INVALID: {
    retryable: false,
    http: 401,
    description: 'The bearer token is unknown, revoked, expired, or its user is disabled. Create a new one with `tidings token create`.',
  },
  AUTH_FORBIDDEN: {
    retryable: false,
    http: 403,
    description: "Your role does not grant the permission this route needs; the message names it. Ask an admin to change your role.",
  },
  AUTH_INVALID_CREDENTIALS: {
    retryable: false,
    http: 401,
    description: 'Wrong user name or password (or the user is disabled). Check both and try again.',
  },
  AUTH_RATE_LIMITED: {
    retryable: true,
    http: 429,
    description: 'Too many failed sign-ins for this user name or address; wait the number of seconds in Retry-After.',
  },
  AUTH_CSRF_FAILED: {
    retryable: false,
    http: 403,
    description: 'A browser request changing data must send the header x-csrf-token with the token from GET /api/auth/me.',
  },
  AUTH_WEAK_PASSWORD: {
    retryable: false,
    http: 400,
    description: 'The password is too short or too long: use 12 to 1024 characters.',
  },
  AUTH_PASSWORD_CHANGE_REQUIRED: {
    retryable: false,
    http: 403,
    description: 'You signed in with a one-time password: choose your own password first (PUT /api/auth/password); until then nothing else is allowed.',
  },
  AUTH_CURRENT_PASSWORD_WRONG: {
    retryable: false,
    http: 400,
    description: 'The current password you typed is not right. Type the password you signed in with.',
  },
  USERS_LAST_ADMIN: {
    retryable: false,
    http: 409,
    description: 'This is the last enabled administrator: make another user an administrator first, then change or disable this one.',
  },
  API_MALFORMED_BODY: {
    retryable: false,
    http: 400,
    description: 'The request body is not valid JSON (or is empty where a body is required); send a JSON document.',
  },
  API_BAD_REQUEST: {
    retryable: false,
    http: 400,
    description: 'The HTTP request itself is malformed (headers, URL, method); the message says how.',
  },
  API_BODY_TOO_LARGE: {
    retryable: false,
    http: 413,
    description: 'The request body is larger than the server accepts; send less data per request.',
  },
  API_UNSUPPORTED_MEDIA_TYPE: {
    retryable: false,
    http: 415,
    description: 'The Content-Type is not accepted by this route; send application/json.',
  },
  API_ROUTE_UNDECLARED: {
    retryable: false,
    http: 500,
    description: 'A route was registered without `config.permission` or `config.public`; a programming error caught at start-up.',
  },
  API_INTERNAL: {
    retryable: true,
    http: 500,
    description: 'An unexpected server error; the server log has the details under the request id returned in x-request-id.',
  },
});

type ApiErrors = typeof apiErrors;
declare module '../../platform/errors/error-table.js' {
  // Adds this table's codes to ErrorCode
  interface ErrorCodes extends ApiErrors {}
}
