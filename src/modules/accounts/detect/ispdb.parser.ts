import type { Security, ServerSet, ServerTemplate } from './server.types.js';
import { childrenNamed, childText, parseXml, type XmlElement } from './xml.reader.js';

const SOCKET: Readonly<Record<string, Security>> = { ssl: 'tls', tls: 'tls', starttls: 'starttls', plain: 'none' };
/** Authentication kinds Tidings can do with a stored password. OAuth2-only servers are skipped. */
const PASSWORD_AUTH = new Set(['password-cleartext', 'plain', 'password-encrypted', 'secure', 'client-ip-address']);

function serverFrom(element: XmlElement): ServerTemplate | undefined {
  const host = childText(element, 'hostname');
  const portText = childText(element, 'port');
  const port = portText && /^\d{1,5}$/.test(portText) ? Number(portText) : Number.NaN;
  const security = SOCKET[(childText(element, 'socketType') ?? '').toLowerCase()];
  if (!host || !/^[\w.%-]+$/.test(host) || !(port > 0 && port < 65536) || !security) return undefined;
  const auths = childrenNamed(element, 'authentication').map((a) => a.text.trim().toLowerCase());
  // No <authentication> at all means "password" in practice; OAuth2-only means we cannot log in.
  if (auths.length > 0 && !auths.some((a) => PASSWORD_AUTH.has(a))) return undefined;
  return { host, port, security, username: childText(element, 'username') || '%EMAILADDRESS%' };
}

/** Servers ranked like Thunderbird: listed order, but implicit TLS before STARTTLS before plain. */
function pick(elements: XmlElement[], type: string): ServerTemplate | undefined {
  const rank: Record<Security, number> = { tls: 0, starttls: 1, none: 2 };
  const servers = elements
    .filter((e) => (e.attributes.type ?? '').toLowerCase() === type)
    .map(serverFrom)
    .filter((s): s is ServerTemplate => s !== undefined);
  return servers.sort((a, b) => rank[a.security] - rank[b.security])[0];
}

/**
 * Parses an autoconfig document in the ISPDB format (`clientConfig/emailProvider` with
 * `incomingServer type="imap|pop3"` and `outgoingServer type="smtp"`) into server templates.
 * Returns undefined for anything that is not such a document or names no usable server.
 */
export function parseIspdbXml(xml: string): ServerSet | undefined {
  const root = parseXml(xml);
  if (!root || root.name !== 'clientConfig') return undefined;
  const provider = childrenNamed(root, 'emailProvider')[0];
  if (!provider) return undefined;
  const incoming = childrenNamed(provider, 'incomingServer');
  const set: ServerSet = {
    provider: provider.attributes.id?.toLowerCase(),
    imap: pick(incoming, 'imap'),
    pop3: pick(incoming, 'pop3'),
    smtp: pick(childrenNamed(provider, 'outgoingServer'), 'smtp'),
    hints: childrenNamed(provider, 'documentation')
      // Only web links: a document could otherwise smuggle javascript: or file: URLs into the CLI output.
      .map((d) => (/^https?:\/\/[^\s]+$/.test(d.attributes.url ?? '') ? `Provider instructions: ${d.attributes.url}` : undefined))
      .filter((h): h is string => h !== undefined)
      .slice(0, 3),
  };
  return set.imap || set.pop3 || set.smtp ? set : undefined;
}
