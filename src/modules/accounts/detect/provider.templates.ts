import type { ServerTemplate } from './server.types.js';

/** User name templates in the ISPDB's notation. */
export const ADDRESS = '%EMAILADDRESS%';
export const LOCAL = '%EMAILLOCALPART%';

/** A server with implicit TLS (SMTPS 465, IMAPS 993, POP3S 995). */
export const tls = (host: string, port: number, username = ADDRESS): ServerTemplate => ({ host, port, security: 'tls', username });

/** A server upgraded with STARTTLS (submission 587, IMAP 143). */
export const starttls = (host: string, port: number, username = ADDRESS): ServerTemplate => ({ host, port, security: 'starttls', username });

/** The common layout imap.X:993, pop.X:995, smtp.X:465, all implicit TLS, full address as user. */
export const standard = (base: string, pop = `pop.${base}`) => ({
  imap: tls(`imap.${base}`, 993),
  pop3: tls(pop, 995),
  smtp: tls(`smtp.${base}`, 465),
});

/** `name.tld` for each tld: the country domains of one brand (`hotmail` × `de, fr` → hotmail.de, hotmail.fr). */
export const countries = (name: string, tlds: readonly string[]): string[] => tlds.map((tld) => `${name}.${tld}`);
