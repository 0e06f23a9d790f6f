import { defineErrors } from '../errors/index.js';

/** Error codes raised by the guarded connector: a host the SSRF guard refuses or cannot resolve. */
export const netErrors = defineErrors({
  ACCOUNT_HOST_FORBIDDEN: {
    retryable: false,
    http: 400,
    description:
      'A mail server, autoconfig URL or SMS provider endpoint resolves to a private, loopback, link-local, unique-local or reserved address (also in IPv4-mapped, NAT64 or 6to4 form), which Tidings refuses to contact (SSRF guard). For an on-premises server add its host name, IP or CIDR to TIDINGS_ALLOW_PRIVATE_HOSTS.',
  },
  ACCOUNT_HOST_UNRESOLVED: {
    retryable: true,
    http: 502,
    description: 'The server host name does not resolve in DNS. Check the spelling of the host, or try again if DNS is down.',
  },
});

type NetErrors = typeof netErrors;
declare module '../errors/error-table.js' {
  // Adds this table's codes to ErrorCode
  interface ErrorCodes extends NetErrors {}
}
