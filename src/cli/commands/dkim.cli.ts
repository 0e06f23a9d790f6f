import { readFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { withContext } from '../cli-context.js';
import { formatTable, printResult, type CliIo } from '../io.js';
import { TidingsError } from '../../platform/errors/index.js';
import { type DkimKeyView, generateDkimKeyFor, getDkimKey, importDkimKeyFor, listDkimKeys, removeDkimKey } from '../../modules/accounts/index.js';

/** The human form of a key: where to publish what. The private key is never printed. */
export function describeDkimKey(key: DkimKeyView): string {
  return [
    `DKIM key for ${key.domain}, selector ${key.selector}. Publish this TXT record in the DNS of ${key.domain}:`,
    '',
    `  ${key.dns.zoneLine}`,
    '',
    `Name:  ${key.dns.name}`,
    `Value: ${key.dns.value}`,
    '',
    `Mail from @${key.domain} is signed from now on; receivers can verify it once the record is published.`,
  ].join('\n');
}

interface KeyFlags {
  domain: string;
  selector: string;
  replace?: boolean;
  json?: boolean;
}

/** Adds `dkim generate|import|list|show|remove` under `tidings account` (alias `accounts`). */
export function registerDkimCommands(account: Command, io: CliIo): void {
  const dkim = account.command('dkim').description('DKIM signing keys per sender domain (mail from that domain is signed)');

  dkim
    .command('generate')
    .description('create an RSA-2048 key for a domain and print the DNS TXT record to publish')
    .requiredOption('--domain <domain>', 'the sender domain, e.g. example.com')
    .requiredOption('--selector <selector>', 'the DNS selector, e.g. tidings2027')
    .option('--replace', "replace the domain's existing key (rotation)")
    .option('--json', 'print JSON')
    .action(async (flags: KeyFlags) => {
      await withContext(io, async (context) => {
        const key = await generateDkimKeyFor(context.store.db, context.secrets, flags, { replace: flags.replace === true });
        printResult(io, flags.json, key, describeDkimKey);
      });
    });

  dkim
    .command('import')
    .description('store an existing RSA private key (PEM) for a domain')
    .requiredOption('--domain <domain>', 'the sender domain')
    .requiredOption('--selector <selector>', 'the selector its public key is published under')
    .requiredOption('--key-file <path>', 'PEM file with the private key (PKCS#1 or PKCS#8, unencrypted)')
    .option('--replace', "replace the domain's existing key")
    .option('--json', 'print JSON')
    .action(async (flags: KeyFlags & { keyFile: string }) => {
      let privateKeyPem: string;
      try {
        privateKeyPem = await readFile(flags.keyFile, 'utf8');
      } catch (cause) {
        throw new TidingsError('VALIDATION_FAILED', `--key-file: cannot read ${flags.keyFile} (${(cause as NodeJS.ErrnoException).code ?? 'error'}).`, { cause });
      }
      await withContext(io, async (context) => {
        const key = await importDkimKeyFor(context.store.db, context.secrets, { domain: flags.domain, selector: flags.selector, privateKeyPem }, { replace: flags.replace === true });
        printResult(io, flags.json, key, describeDkimKey);
      });
    });

  dkim
    .command('list')
    .description('list the domains with a DKIM key (public parts only)')
    .option('--json', 'print JSON')
    .action(async (flags: { json?: boolean }) => {
      await withContext(io, async (context) => {
        const keys = await listDkimKeys(context.store.db);
        printResult(io, flags.json, keys, (list) =>
          formatTable(list.map((k) => ({ domain: k.domain, selector: k.selector, record: k.dns.name, created: new Date(k.createdAt).toISOString().slice(0, 16) }))),
        );
      });
    });

  dkim
    .command('show')
    .description("print a domain's DNS TXT record again")
    .requiredOption('--domain <domain>', 'the sender domain')
    .option('--json', 'print JSON')
    .action(async (flags: { domain: string; json?: boolean }) => {
      await withContext(io, async (context) => {
        printResult(io, flags.json, await getDkimKey(context.store.db, flags.domain), describeDkimKey);
      });
    });

  dkim
    .command('remove')
    .description("delete a domain's key; its mail goes out unsigned")
    .requiredOption('--domain <domain>', 'the sender domain')
    .option('--json', 'print JSON')
    .action(async (flags: { domain: string; json?: boolean }) => {
      await withContext(io, async (context) => {
        await removeDkimKey(context.store.db, flags.domain);
        printResult(io, flags.json, { removed: flags.domain.trim().toLowerCase() }, (r) => `removed the DKIM key of ${r.removed}`);
      });
    });
}
