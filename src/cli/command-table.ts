import type { Command } from 'commander';
import type { CliIo } from './io.js';

/** Adds one group of commands (a file's `register…` function) to the program. */
export type Registrar = (program: Command, io: CliIo) => void;

/**
 * One top-level command as `tidings --help` lists it, and where its implementation lives. The
 * table is all the program loads up front: a command's module graph (the database, the mail and
 * SMS adapters, Fastify…) is imported only when argv names that command.
 */
export interface CommandEntry {
  readonly name: string;
  readonly aliases?: readonly string[];
  /** Positional arguments as shown in the overview (`[year]`, `<spec>`). */
  readonly args?: string;
  readonly summary: string;
  /** Imports the file that registers this command (it may register its siblings too). */
  readonly load: () => Promise<Registrar>;
}

const accounts = () => import('./commands/accounts.cli.js').then((m) => m.registerAccountsCommands);
const customers = () => import('./commands/customers.cli.js').then((m) => m.registerCustomersCommands);
const send = () => import('./commands/send.cli.js').then((m) => m.registerSendCommands);
const billing = () => import('./commands/billing.cli.js').then((m) => m.registerBillingCommands);
const schedule = () => import('./commands/schedule.cli.js').then((m) => m.registerScheduleCommands);
const api = () => import('./commands/api.cli.js').then((m) => m.registerApiCommands);

/** Every top-level command, in the order `tidings --help` lists them. */
export const COMMANDS: readonly CommandEntry[] = [
  { name: 'serve', summary: 'start the HTTP API with every background role: send, schedule, inbox (store migrated on start)', load: () => import('./commands/serve.command.js').then((m) => m.registerServe) },
  { name: 'db', summary: 'database maintenance', load: () => import('./commands/db.command.js').then((m) => m.registerDb) },
  { name: 'config', summary: 'check the environment and print the effective configuration (secrets masked)', load: () => import('./commands/config.command.js').then((m) => m.registerConfig) },
  { name: 'account', aliases: ['accounts'], summary: 'mail accounts (mailboxes to send from and read replies in)', load: accounts },
  { name: 'sms-account', summary: 'SMS sending accounts (Twilio, Aliyun, Tencent Cloud, SMPP)', load: accounts },
  { name: 'sms-template', summary: 'SMS templates at providers that review them (Aliyun, Tencent Cloud): submit, sync, bind a code', load: accounts },
  { name: 'customers', summary: 'customers: list, search, add, edit, import, export', load: customers },
  { name: 'groups', summary: 'customer groups (a tree) and saved filters', load: customers },
  { name: 'suppress', summary: 'addresses, numbers and domains never to message', load: customers },
  { name: 'templates', summary: 'email and SMS templates: MJML layouts, merge fields, greetings, previews', load: () => import('./commands/templates.cli.js').then((m) => m.registerTemplatesCommands) },
  { name: 'worker', summary: 'run background roles without the API (send, schedule, inbox; default: all). Sending uses BullMQ when REDIS_URL is set (any number of workers, on any machines), else the in-process queue', load: send },
  { name: 'campaign', summary: 'create, start and control email campaigns', load: send },
  { name: 'send', summary: "email these customers now, from a sales rep's account: a one-off campaign (no unsubscribe headers)", load: send },
  { name: 'sms', summary: 'SMS: segment counting and usage statistics', load: billing },
  { name: 'wallet', summary: 'Prepaid SMS balance per SMS account', load: billing },
  { name: 'inbox', summary: 'read replies, bounces and auto-replies and file them per customer', load: () => import('./commands/inbox.cli.js').then((m) => m.registerInboxCommands) },
  { name: 'holidays', args: '[year]', summary: 'list the built-in holidays of a year (fixed, lunar and solar-term dates, China time)', load: schedule },
  { name: 'birthdays', summary: "customers' birthdays coming up (reminders for sales reps)", load: schedule },
  { name: 'schedule-preview', args: '<spec>', summary: 'show when a schedule (campaign schedule JSON) fires next', load: schedule },
  { name: 'user', summary: 'manage the people and systems that use the API', load: api },
  { name: 'company', summary: 'the company profile: name, address, logo, default time zone and language, SMS signature', load: () => import('./commands/company.cli.js').then((m) => m.registerCompanyCommands) },
  { name: 'token', summary: 'manage API tokens for systems (Authorization: Bearer tid_…)', load: api },
];

/**
 * The command argv names: its first word (the program's own options, -V and -h, come before it
 * and take no value), or for `help <command>` the second.
 */
export function requestedCommand(argv: readonly string[]): CommandEntry | undefined {
  const words = argv.filter((arg) => !arg.startsWith('-'));
  const name = words[0] === 'help' ? words[1] : words[0];
  return name === undefined ? undefined : COMMANDS.find((entry) => entry.name === name || entry.aliases?.includes(name));
}
