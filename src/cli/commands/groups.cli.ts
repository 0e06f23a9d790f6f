import type { Command } from 'commander';
import { withContext } from '../cli-context.js';
import { formatTable, printResult, type CliIo } from '../io.js';
import { customerRow } from './customers.cli-helpers.js';
import { createGroup, deleteGroup, listCustomers, listGroups, resolveGroupRef, updateGroup } from '../../modules/customers/index.js';

/** `tidings groups add|list|remove|move|members`. */
export function registerGroupsCommands(program: Command, io: CliIo): void {
  const groups = program.command('groups').description('customer groups (a tree) and saved filters');

  groups
    .command('add <name>')
    .description('add a static group, or a saved filter with --filter')
    .option('--parent <group>', 'parent group (id or path)')
    .option('--filter <json>', 'make it a saved filter, e.g. {"field":"birthday","op":"this-month"}')
    .option('--json', 'print JSON')
    .action(async (name: string, o: { parent?: string; filter?: string; json?: boolean }) => {
      await withContext(io, async (ctx) => {
        const { db } = ctx.store;
        const parentId = o.parent ? (await resolveGroupRef(db, o.parent)).id : null;
        const group = await createGroup(db, { name, parentId, ...(o.filter ? { filter: o.filter } : {}) });
        printResult(io, o.json, group, (g) => `added ${g.kind === 'filter' ? 'saved filter' : 'group'} ${g.id} ${g.path}`);
      });
    });

  groups
    .command('list')
    .description('list groups and saved filters as a tree')
    .option('--json', 'print JSON')
    .action(async (o: { json?: boolean }) => {
      await withContext(io, async (ctx) => {
        const list = await listGroups(ctx.store.db);
        if (list.length === 0) process.exitCode = 3;
        printResult(io, o.json, list, (l) =>
          formatTable(l.map((g) => ({ id: g.id, path: g.path, kind: g.kind, filter: g.filter ? JSON.stringify(g.filter) : '' }))),
        );
      });
    });

  groups
    .command('move <group> [parent]')
    .description('move a group under another (no parent: to the top) or rename it')
    .option('--name <name>', 'new name')
    .option('--json', 'print JSON')
    .action(async (ref: string, parent: string | undefined, o: { name?: string; json?: boolean }) => {
      await withContext(io, async (ctx) => {
        const { db } = ctx.store;
        const group = await resolveGroupRef(db, ref);
        const parentId = parent ? (await resolveGroupRef(db, parent)).id : null;
        const moved = await updateGroup(db, group.id, { parentId, ...(o.name ? { name: o.name } : {}) });
        printResult(io, o.json, moved, (g) => `group ${g.id} is now ${g.path}`);
      });
    });

  groups
    .command('remove <group>')
    .description('delete a group and its subgroups (the customers stay)')
    .option('--json', 'print JSON')
    .action(async (ref: string, o: { json?: boolean }) => {
      await withContext(io, async (ctx) => {
        const { db } = ctx.store;
        const group = await resolveGroupRef(db, ref);
        await deleteGroup(db, group.id);
        printResult(io, o.json, { removed: group.id, path: group.path }, (r) => `removed ${r.path}`);
      });
    });

  groups
    .command('members <group>')
    .description('list the customers in a group (with subgroups) or matching a saved filter')
    .option('--limit <n>', 'page size (1-1000)', '50')
    .option('--cursor <cursor>', 'nextCursor of the previous page')
    .option('--json', 'print JSON')
    .action(async (ref: string, o: { limit: string; cursor?: string; json?: boolean }) => {
      await withContext(io, async (ctx) => {
        const { db } = ctx.store;
        const group = await resolveGroupRef(db, ref);
        const page = await listCustomers(db, {
          groupId: group.id,
          limit: Number(o.limit) || 50,
          cursor: o.cursor ?? null,
          timeZone: ctx.config.TIDINGS_DEFAULT_TIMEZONE,
          region: ctx.config.TIDINGS_DEFAULT_REGION,
        });
        if (page.items.length === 0) process.exitCode = 3;
        printResult(io, o.json, page, (p) => formatTable(p.items.map(customerRow)) + (p.nextCursor ? `\n(more: --cursor ${p.nextCursor})` : ''));
      });
    });
}
