import { createWriteStream } from 'node:fs';
import { Writable } from 'node:stream';
import type { Command } from 'commander';
import { stringify } from 'csv-stringify';
import type { CliIo } from '../io.js';
import { formatTable, printResult } from '../io.js';
import { withContext } from '../cli-context.js';
import { TidingsError } from '../../platform/errors/index.js';
import { addToGroup, type AudienceSelection, createCustomer, CUSTOM_FIELD_TYPES, defineCustomField, deleteCustomer, ensureGroupPath, exportCustomers, getCustomer, importCustomers, type ImportError, listCustomers, listCustomFields, listGroups, parseFilter, parseMapOptions, previewAudience, removeFromGroup, resolveCustomerRef, resolveGroupRef, updateCustomer } from '../../modules/customers/index.js';
import { collect, customerRow, describeCustomer, flagsToInput, type CustomerFlags } from './customers.cli-helpers.js';
import { registerGroupsCommands } from './groups.cli.js';
import { registerSuppressCommands } from './suppress.cli.js';

const CHANNELS = ['email', 'sms'] as const;

function addCustomerOptions(command: Command): Command {
  return command
    .option('--name <name>', 'full name (张伟, Alex Smith); split into family and given name')
    .option('--family-name <name>', 'family name')
    .option('--given-name <name>', 'given name')
    .option('--title <title>', '先生 / 女士 / Mr / Ms / Dr …')
    .option('--gender <gender>', 'male, female or other')
    .option('--company <company>', 'company')
    .option('--email <address>', 'email address (repeat; the first is the primary)', collect)
    .option('--phone <number>', 'mobile number (repeat; the first is the primary)', collect)
    .option('--birthday <date>', 'YYYY-MM-DD, MM-DD, 3月15日')
    .option('--lunar-birthday <date>', 'lunar birthday: 八月十五, 闰四月初八, 1990年腊月廿三, L08-15, L04-08L (leap month)')
    .option('--birthday-calendar <calendar>', 'which birthday is celebrated: gregorian or lunar (a lunar birthday given makes it lunar)')
    .option('--time-zone <zone>', 'IANA time zone, e.g. Asia/Shanghai')
    .option('--language <tag>', 'zh-CN, en, …')
    .option('--owner <user>', 'the sales rep who owns the customer')
    .option('--custom <name=value>', 'custom field value (repeat)', collect)
    .option('--notes <text>', 'notes')
    .option('--json', 'print JSON');
}

/** Adds `customers`, `groups` and `suppress` to the `tidings` program. */
export function registerCustomersCommands(program: Command, io: CliIo): void {
  const customers = program.command('customers').description('customers: list, search, add, edit, import, export');

  customers
    .command('list')
    .description('list customers, newest id last, a page at a time')
    .option('--query <text>', 'name, pinyin or initials, email, phone or company contains this')
    .option('--group <group>', 'only members of this group (id or path)')
    .option('--filter <json>', 'only customers matching this filter (JSON)')
    .option('--limit <n>', 'page size (1-1000)', '50')
    .option('--cursor <cursor>', 'nextCursor of the previous page')
    .option('--json', 'print JSON')
    .action(async (o: { query?: string; group?: string; filter?: string; limit: string; cursor?: string; json?: boolean }) => {
      await listAction(io, o);
    });

  customers
    .command('search <query>')
    .description('find customers by name (or pinyin / initials), email, phone or company')
    .option('--limit <n>', 'page size (1-1000)', '50')
    .option('--cursor <cursor>', 'nextCursor of the previous page')
    .option('--json', 'print JSON')
    .action(async (query: string, o: { limit: string; cursor?: string; json?: boolean }) => {
      await listAction(io, { ...o, query });
    });

  customers
    .command('show <customer>')
    .description('show one customer (id, email or phone)')
    .option('--json', 'print JSON')
    .action(async (ref: string, o: { json?: boolean }) => {
      await withContext(io, async (ctx) => {
        const { db } = ctx.store;
        const customer = await getCustomer(db, await resolveCustomerRef(db, ref, ctx.config.TIDINGS_DEFAULT_REGION));
        const paths = new Map((await listGroups(db)).map((g) => [g.id, g.path]));
        printResult(io, o.json, customer, (c) => describeCustomer(c, paths));
      });
    });

  addCustomerOptions(customers.command('add').description('add a customer'))
    .option('--locked', 'lock the customer (it cannot be deleted)')
    .option('--group <group>', 'put the customer in this static group (repeat)', collect)
    .action(async (o: CustomerFlags & { locked?: boolean; group?: string[] }) => {
      await withContext(io, async (ctx) => {
        const { db } = ctx.store;
        const groups = await Promise.all((o.group ?? []).map((g) => resolveGroupRef(db, g)));
        let customer = await createCustomer(db, { ...flagsToInput(o), ...(o.locked ? { locked: true } : {}) }, { region: ctx.config.TIDINGS_DEFAULT_REGION });
        for (const g of groups) await addToGroup(db, g.id, [customer.id]);
        if (groups.length > 0) customer = await getCustomer(db, customer.id);
        printResult(io, o.json, customer, (c) => `added customer ${c.id} (${c.displayName})`);
      });
    });

  addCustomerOptions(customers.command('edit <customer>').description('change a customer; only the options given change'))
    .option('--lock', 'lock the customer (it cannot be deleted)')
    .option('--unlock', 'unlock the customer')
    .action(async (ref: string, o: CustomerFlags) => {
      await withContext(io, async (ctx) => {
        const { db } = ctx.store;
        const region = ctx.config.TIDINGS_DEFAULT_REGION;
        const id = await resolveCustomerRef(db, ref, region);
        const customer = await updateCustomer(db, id, flagsToInput(o), { region });
        printResult(io, o.json, customer, (c) => `updated customer ${c.id} (${c.displayName})`);
      });
    });

  customers
    .command('delete <customer>')
    .description('delete a customer (refused for a locked one)')
    .option('--json', 'print JSON')
    .action(async (ref: string, o: { json?: boolean }) => {
      await withContext(io, async (ctx) => {
        const { db } = ctx.store;
        const id = await resolveCustomerRef(db, ref, ctx.config.TIDINGS_DEFAULT_REGION);
        await deleteCustomer(db, id);
        printResult(io, o.json, { deleted: id }, (r) => `deleted customer ${r.deleted}`);
      });
    });

  customers
    .command('import <file>')
    .description('import customers from CSV (UTF-8 or GBK; headers like 姓名,手机,邮箱,生日,公司,分组 or name,mobile,email …)')
    .option('--dry-run', 'check and count, write nothing')
    .option('--encoding <encoding>', 'auto, utf8, gbk, gb18030 or utf16le', 'auto')
    .option('--on-duplicate <mode>', 'a row whose email/phone exists: update or skip', 'skip')
    .option('--map <column=field>', 'map a column: "城市=custom.city", "联络方式=phone", "备用=ignore" (repeat)', collect)
    .option('--group <group>', 'put every imported customer in this static group (path; created if missing)')
    .option('--errors-file <path>', 'write every error (row, column, reason) to this CSV')
    .option('--max-errors <n>', 'errors to print (counts stay exact)', '100')
    .option('--json', 'print JSON')
    .action(async (path: string, o: { dryRun?: boolean; encoding: string; onDuplicate: string; map?: string[]; group?: string; errorsFile?: string; maxErrors: string; json?: boolean }) => {
      if (o.onDuplicate !== 'update' && o.onDuplicate !== 'skip') throw new TidingsError('VALIDATION_FAILED', '--on-duplicate must be update or skip');
      if (!['auto', 'utf8', 'gbk', 'gb18030', 'utf16le'].includes(o.encoding)) throw new TidingsError('VALIDATION_FAILED', '--encoding must be auto, utf8, gbk, gb18030 or utf16le');
      await withContext(io, async (ctx) => {
        const { db } = ctx.store;
        const groupIds = o.group && !o.dryRun ? [await ensureGroupPath(db, o.group)] : [];
        const report = o.errorsFile ? stringify({ header: true, columns: ['row', 'column', 'reason'], bom: true }) : undefined;
        const reportDone = o.errorsFile && report ? finished(report.pipe(createWriteStream(o.errorsFile))) : undefined;
        const result = await importCustomers(db, path, {
          region: ctx.config.TIDINGS_DEFAULT_REGION,
          encoding: o.encoding as 'auto',
          onDuplicate: o.onDuplicate as 'update' | 'skip',
          dryRun: o.dryRun ?? false,
          map: parseMapOptions(o.map ?? []),
          groupIds,
          maxErrors: Math.max(0, Number(o.maxErrors) || 0),
          onError: report ? (e: ImportError) => void report.write(e) : undefined,
        });
        report?.end();
        await reportDone;
        printResult(io, o.json, result, (r) =>
          [
            `${r.dryRun ? '(dry run) ' : ''}imported ${r.imported}, updated ${r.updated}, skipped ${r.skipped}, failed ${r.failed} (file read as ${r.encoding})`,
            ...(r.ignoredColumns.length ? [`ignored columns: ${r.ignoredColumns.join(', ')} (use --map to import them)`] : []),
            ...r.errors.map((e) => `  row ${e.row}${e.column ? ` [${e.column}]` : ''}: ${e.reason}`),
            ...(r.errorsTruncated ? [`  … more errors${o.errorsFile ? ` in ${o.errorsFile}` : ' (use --errors-file)'}`] : []),
          ].join('\n'),
        );
      });
    });

  customers
    .command('export [file]')
    .description('export customers as CSV (to stdout without a file); formula cells are neutralised')
    .option('--bom', 'start with a UTF-8 BOM so Excel shows Chinese correctly')
    .option('--query <text>', 'only customers matching this search')
    .option('--group <group>', 'only members of this group')
    .option('--filter <json>', 'only customers matching this filter')
    .option('--json', 'print a JSON summary (needs a file)')
    .action(async (file: string | undefined, o: { bom?: boolean; query?: string; group?: string; filter?: string; json?: boolean }) => {
      await withContext(io, async (ctx) => {
        const { db } = ctx.store;
        const groupId = o.group ? (await resolveGroupRef(db, o.group)).id : undefined;
        const out = file ? createWriteStream(file) : passThroughTo(io.stdout);
        const count = await exportCustomers(db, out, {
          bom: o.bom ?? false,
          query: o.query,
          groupId,
          filter: o.filter ? parseFilter(o.filter) : undefined,
          timeZone: ctx.config.TIDINGS_DEFAULT_TIMEZONE,
          region: ctx.config.TIDINGS_DEFAULT_REGION,
        });
        if (file) printResult(io, o.json, { exported: count, file }, (r) => `exported ${r.exported} customers to ${r.file}`);
      });
    });

  const group = customers.command('group').description('static group membership');
  for (const verb of ['add', 'remove'] as const) {
    group
      .command(`${verb} <customer> <group>`)
      .description(verb === 'add' ? 'put a customer in a static group' : 'take a customer out of a static group')
      .option('--json', 'print JSON')
      .action(async (ref: string, groupRef: string, o: { json?: boolean }) => {
        await withContext(io, async (ctx) => {
          const { db } = ctx.store;
          const id = await resolveCustomerRef(db, ref, ctx.config.TIDINGS_DEFAULT_REGION);
          const g = await resolveGroupRef(db, groupRef);
          const changed = verb === 'add' ? await addToGroup(db, g.id, [id]) : await removeFromGroup(db, g.id, [id]);
          printResult(io, o.json, { customerId: id, groupId: g.id, changed: changed > 0 }, (r) =>
            `${r.changed ? (verb === 'add' ? 'added to' : 'removed from') : verb === 'add' ? 'already in' : 'was not in'} ${g.path}`,
          );
        });
      });
  }

  const field = customers.command('field').description('custom fields (typed: text, number, date, boolean)');
  field
    .command('add <name> <type>')
    .description(`define a custom field; type is one of ${CUSTOM_FIELD_TYPES.join(', ')}`)
    .option('--label <label>', 'label shown to people, e.g. 城市')
    .option('--json', 'print JSON')
    .action(async (name: string, type: string, o: { label?: string; json?: boolean }) => {
      await withContext(io, async (ctx) => {
        const def = await defineCustomField(ctx.store.db, { name, type: type as 'text', label: o.label });
        printResult(io, o.json, def, (d) => `custom field ${d.name} (${d.type})`);
      });
    });
  field
    .command('list')
    .description('list custom fields')
    .option('--json', 'print JSON')
    .action(async (o: { json?: boolean }) => {
      await withContext(io, async (ctx) => {
        const defs = [...(await listCustomFields(ctx.store.db)).values()];
        printResult(io, o.json, defs, (d) => formatTable(d.map((x) => ({ ...x }))));
      });
    });

  customers
    .command('preview')
    .description('count an audience before sending: selected, reachable, suppressed, without address (nothing selected = everybody)')
    .option('--channel <channel>', 'email or sms', 'email')
    .option('--id <id>', 'a customer id (repeat)', collect)
    .option('--group <group>', 'a group or saved filter (repeat)', collect)
    .option('--filter <json>', 'an ad-hoc filter')
    .option('--list-file <path>', 'a recipient list CSV')
    .option('--json', 'print JSON')
    .action(async (o: { channel: string; id?: string[]; group?: string[]; filter?: string; listFile?: string; json?: boolean }) => {
      if (!(CHANNELS as readonly string[]).includes(o.channel)) throw new TidingsError('VALIDATION_FAILED', '--channel must be email or sms');
      await withContext(io, async (ctx) => {
        const { db } = ctx.store;
        const groups = await Promise.all((o.group ?? []).map((g) => resolveGroupRef(db, g)));
        const selection: AudienceSelection = {
          ...(o.id?.length ? { customerIds: o.id.map(Number) } : {}),
          ...(groups.length ? { groupIds: groups.map((g) => g.id) } : {}),
          ...(o.filter ? { filter: parseFilter(o.filter) } : {}),
          ...(o.listFile ? { listFile: o.listFile } : {}),
        };
        const preview = await previewAudience(db, {
          channel: o.channel as 'email',
          selection,
          timeZone: ctx.config.TIDINGS_DEFAULT_TIMEZONE,
          region: ctx.config.TIDINGS_DEFAULT_REGION,
        });
        printResult(io, o.json, preview, (p) => `${p.reachable} of ${p.total} selected customers reachable by ${o.channel} (${p.suppressed} suppressed, ${p.noAddress} without an address)`);
      });
    });

  registerGroupsCommands(program, io);
  registerSuppressCommands(program, io);
}

async function listAction(io: CliIo, o: { query?: string; group?: string; filter?: string; limit: string; cursor?: string; json?: boolean }): Promise<void> {
  await withContext(io, async (ctx) => {
    const { db } = ctx.store;
    const groupId = o.group ? (await resolveGroupRef(db, o.group)).id : undefined;
    const page = await listCustomers(db, {
      query: o.query,
      groupId,
      filter: o.filter ? parseFilter(o.filter) : undefined,
      limit: Number(o.limit) || 50,
      cursor: o.cursor ?? null,
      timeZone: ctx.config.TIDINGS_DEFAULT_TIMEZONE,
      region: ctx.config.TIDINGS_DEFAULT_REGION,
    });
    if (page.items.length === 0) process.exitCode = 3;
    printResult(io, o.json, page, (p) => formatTable(p.items.map(customerRow)) + (p.nextCursor ? `\n(more: --cursor ${p.nextCursor})` : ''));
  });
}

/** Export to stdout without closing it. */
function passThroughTo(stdout: NodeJS.WritableStream): Writable {
  return new Writable({
    write(chunk: Buffer, _encoding, done) {
      if (stdout.write(chunk)) done();
      else stdout.once('drain', () => done());
    },
  });
}

function finished(stream: NodeJS.WritableStream): Promise<void> {
  return new Promise((resolve, reject) => {
    stream.on('finish', () => resolve());
    stream.on('error', reject);
  });
}
