import { readFileSync } from 'node:fs';
import { extname } from 'node:path';
import type { Command } from 'commander';
import { withContext } from '../cli-context.js';
import { printResult, type CliIo } from '../io.js';
import { TidingsError } from '../../platform/errors/index.js';
import { readCompanyProfile, updateCompanyProfile, type CompanyProfile } from '../../modules/company/index.js';

const IMAGE_TYPES: Readonly<Record<string, string>> = { '.png': 'image/png', '.jpg': 'image/jpeg', '.jpeg': 'image/jpeg', '.gif': 'image/gif', '.webp': 'image/webp' };

/** A small image file as the data URL the profile stores. */
function logoDataUrl(path: string): string {
  const type = IMAGE_TYPES[extname(path).toLowerCase()];
  if (!type) throw new TidingsError('VALIDATION_FAILED', `--logo: use a .png, .jpg, .gif or .webp file, not ${path}`);
  return `data:${type};base64,${readFileSync(path).toString('base64')}`;
}

const human = (p: CompanyProfile) =>
  [
    `name          ${p.name}`,
    `address       ${p.address.replace(/\n/g, ' / ')}`,
    `logo          ${p.logo ? `${p.logo.slice(0, p.logo.indexOf(';'))} (${p.logo.length} characters)` : '(none)'}`,
    `time zone     ${p.timeZone}`,
    `language      ${p.language}`,
    `sms signature ${p.smsSignature}`,
  ].join('\n');

interface SetOptions {
  name?: string;
  address?: string;
  logo?: string;
  removeLogo?: boolean;
  timeZone?: string;
  language?: string;
  smsSignature?: string;
  json?: boolean;
}

/** `tidings company show|set`: the same profile as the company screen and GET/PUT /api/company. */
export function registerCompanyCommands(program: Command, io: CliIo): void {
  const company = program.command('company').description('the company profile: name, address, logo, default time zone and language, SMS signature');

  company
    .command('show')
    .description('print the company profile')
    .option('--json', 'print JSON')
    .action(async (options: { json?: boolean }) => {
      const profile = await withContext(io, (ctx) => readCompanyProfile(ctx.store.db, ctx.config.TIDINGS_DEFAULT_TIMEZONE));
      printResult(io, options.json, profile, human);
    });

  company
    .command('set')
    .description('change the fields given, keep the others')
    .option('--name <name>', 'company name')
    .option('--address <address>', 'postal address shown in letters')
    .option('--logo <file>', 'a small .png, .jpg, .gif or .webp image (under 150 KB)')
    .option('--remove-logo', 'remove the logo')
    .option('--time-zone <zone>', 'default time zone, e.g. Asia/Shanghai')
    .option('--language <tag>', 'default language: zh-CN or en')
    .option('--sms-signature <text>', 'SMS signature, e.g. 【示例贸易】')
    .option('--json', 'print JSON')
    .action(async (options: SetOptions) => {
      const raw = {
        ...(options.name !== undefined && { name: options.name }),
        ...(options.address !== undefined && { address: options.address }),
        ...(options.logo !== undefined && { logo: logoDataUrl(options.logo) }),
        ...(options.removeLogo && { logo: null }),
        ...(options.timeZone !== undefined && { timeZone: options.timeZone }),
        ...(options.language !== undefined && { language: options.language }),
        ...(options.smsSignature !== undefined && { smsSignature: options.smsSignature }),
      };
      const profile = await withContext(io, (ctx) => updateCompanyProfile(ctx.store.db, raw, ctx.clock.now(), ctx.config.TIDINGS_DEFAULT_TIMEZONE));
      printResult(io, options.json, profile, human);
    });
}
