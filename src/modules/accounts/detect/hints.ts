/** Stable keys of the provider quirks Tidings explains. */
export type HintKey =
  | 'authcode'
  | 'enable-access'
  | 'netease-id'
  | 'exmail-client-password'
  | 'sohu-password'
  | 'app-password'
  | 'oauth-only'
  | 'office365-auth'
  | 'proton-bridge'
  | 'tonline-password';

/** The advice for each hint; `{provider}` is replaced by the provider's display name. */
const HINT_TEXT: Readonly<Record<HintKey, string>> = {
  authcode:
    '{provider} requires an authorization code (授权码), not your web login password, for IMAP/POP3/SMTP: ' +
    'open the web mailbox → 设置 → POP3/SMTP/IMAP, turn the services on, generate a 授权码 and use it as the password.',
  'enable-access':
    '{provider}: IMAP/POP3/SMTP access may be off by default; turn it on in the web mailbox settings first.',
  'netease-id':
    '{provider} refuses IMAP clients that do not identify themselves with the IMAP ID command (RFC 2971) ' +
    '("Unsafe Login"); Tidings sends ID before and after logging in.',
  'exmail-client-password':
    '{provider}: when secure login (安全登录) or WeChat binding is on, log in with a client-specific password ' +
    '(客户端专用密码) generated in the web mailbox → 设置 → 账户安全, not your web password.',
  'sohu-password':
    '{provider}: turn on POP3/SMTP/IMAP in 设置 → POP3/SMTP/IMAP and log in with the independent password (独立密码/授权码) set there.',
  'app-password':
    '{provider} refuses your normal password for mail apps when 2-step verification is on: create an app password ' +
    'in the account security settings and use it here.',
  'oauth-only':
    '{provider} accepts only OAuth2 (Modern Auth) sign-in for IMAP/POP3/SMTP; password and app-password logins are ' +
    'refused, so this account cannot be used with a password. Use another mailbox for sending.',
  'office365-auth':
    '{provider}: SMTP AUTH and IMAP basic authentication are often disabled by the tenant administrator; ask them to ' +
    'enable Authenticated SMTP for this mailbox, or use an OAuth2-capable setup.',
  'proton-bridge':
    '{provider} has no public IMAP/SMTP: install and run Proton Mail Bridge, use the user name and password it shows, ' +
    'and ask your Tidings administrator to allow mail servers on this computer’s own address (127.0.0.1).',
  'tonline-password':
    '{provider}: use the separate e-mail password (E-Mail-Passwort) set in the Telekom customer centre, not your login password.',
};

/** True when `key` names a known hint. */
export function isHintKey(key: string): key is HintKey {
  return Object.hasOwn(HINT_TEXT, key);
}

/** Turns hint keys into advice; free-text hints (from autoconfig documents) pass through. */
export function renderHints(hints: readonly string[], providerName: string): string[] {
  return hints.map((hint) => (isHintKey(hint) ? HINT_TEXT[hint].replaceAll('{provider}', providerName) : hint));
}
