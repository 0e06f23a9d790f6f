import type { Translate } from '../../i18n/index.js';
import type { accountsMessages } from './accounts.messages.js';
import type { Security } from './accounts.api.js';

type T = Translate<keyof (typeof accountsMessages)['en']>;

/** "SSL/TLS", "STARTTLS" or "None (unencrypted)" in the reader's language. */
export function securityLabel(security: Security, t: T): string {
  return t(security === 'tls' ? 'securityTls' : security === 'starttls' ? 'securityStarttls' : 'securityNone');
}

/** The protocol of a verify check, said with what it is for. */
export function protocolLabel(protocol: 'smtp' | 'imap' | 'pop3', t: T): string {
  return t(protocol === 'smtp' ? 'protocolSmtp' : protocol === 'imap' ? 'protocolImap' : 'protocolPop3');
}
