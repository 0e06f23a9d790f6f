import type { HintKey } from './hints.js';
import type { ServerTemplate } from './server.types.js';

/**
 * One well-known mail provider. Compiled by hand from the providers' own help pages (网易/QQ/新浪
 * 帮助中心, Google/Microsoft/Apple/Yahoo support articles, …); not copied from any other table.
 */
export interface ProviderEntry {
  /** Display name. */
  readonly name: string;
  /** Every email domain the provider hands out (lower case). */
  readonly domains: readonly string[];
  /** Other names people call the service by ("Google Mail", "QQ邮箱"), matched case-insensitively. */
  readonly aliases?: readonly string[];
  /**
   * Domain suffixes whose every subdomain is hosted here (`onmicrosoft.com`: each Microsoft 365
   * tenant's `contoso.onmicrosoft.com`). Matched after the exact domains, longest suffix first.
   */
  readonly wildcards?: readonly string[];
  /**
   * MX host suffixes that mean a custom domain is hosted here (Google Workspace, Tencent Exmail…).
   * Matched against the MX host name, longest suffix first.
   */
  readonly mx?: readonly string[];
  readonly imap?: ServerTemplate;
  readonly pop3?: ServerTemplate;
  readonly smtp?: ServerTemplate;
  readonly hints?: readonly HintKey[];
  /** Delivers user+tag@domain to user@domain. */
  readonly plusAddressing?: boolean;
}
