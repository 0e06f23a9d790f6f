import type { Kysely } from 'kysely';
import { TidingsError } from '../../platform/errors/index.js';
import type { DatabaseSchema } from '../../platform/db/index.js';
import { parseFilter } from './filter.compiler.js';
import type { CustomerFilter } from './filter.schema.js';
import { systemClock, type Clock } from '../../platform/clock/index.js';

type Db = Kysely<DatabaseSchema>;

/** A group (category) or saved filter, with its place in the tree. */
export interface Group {
  readonly id: number;
  readonly name: string;
  readonly parentId: number | null;
  /** Names from the root down, joined with "/": 客户/贵州/遵义. */
  readonly path: string;
  readonly kind: 'static' | 'filter';
  /** The saved filter, for kind `filter`. */
  readonly filter: CustomerFilter | null;
  readonly createdAt: number;
}

/** Input of {@link createGroup}. */
export interface GroupInput {
  readonly name: string;
  readonly parentId?: number | null;
  /** A saved filter instead of a static member list. */
  readonly filter?: CustomerFilter | string;
}

const SEPARATOR = '/';

function checkName(name: string): string {
  const trimmed = name.trim();
  // "/" separates path levels and ";" separates paths in an import cell.
  if (trimmed === '' || /[/;；]/.test(trimmed) || trimmed.length > 100) {
    throw new TidingsError('CUSTOMER_INVALID', `Group name "${name}" must be 1-100 characters without "/" or ";"`, { context: { name } });
  }
  return trimmed;
}

/** Every group with its path, parents before children. */
export async function listGroups(db: Db): Promise<Group[]> {
  const rows = await db.selectFrom('groups').selectAll().orderBy('id').execute();
  const byId = new Map(rows.map((r) => [Number(r.id), r]));
  const pathOf = (id: number, guard = 0): string => {
    const row = byId.get(id);
    if (!row || guard > 64) return '';
    return row.parent_id === null ? row.name : `${pathOf(Number(row.parent_id), guard + 1)}${SEPARATOR}${row.name}`;
  };
  return rows
    .map((r) => ({
      id: Number(r.id),
      name: r.name,
      parentId: r.parent_id === null ? null : Number(r.parent_id),
      path: pathOf(Number(r.id)),
      kind: r.kind,
      filter: r.kind === 'filter' && r.filter ? parseFilter(r.filter) : null,
      createdAt: Number(r.created_at),
    }))
    .sort((a, b) => a.path.localeCompare(b.path));
}

/** The group with this id; throws CUSTOMER_GROUP_NOT_FOUND. */
export async function getGroup(db: Db, id: number): Promise<Group> {
  const group = (await listGroups(db)).find((g) => g.id === id);
  if (!group) throw new TidingsError('CUSTOMER_GROUP_NOT_FOUND', `No group with id ${id}`, { context: { id } });
  return group;
}

/** A group by id ("12") or path ("客户/遵义"); throws CUSTOMER_GROUP_NOT_FOUND. */
export async function resolveGroupRef(db: Db, ref: string | number): Promise<Group> {
  const groups = await listGroups(db);
  const text = String(ref).trim();
  const found = (/^\d+$/.test(text) ? groups.find((g) => g.id === Number(text)) : undefined) ?? groups.find((g) => g.path === text);
  if (!found) throw new TidingsError('CUSTOMER_GROUP_NOT_FOUND', `No group "${text}" (give an id or a path like A/B)`, { context: { ref: text } });
  return found;
}

async function assertNoSibling(db: Db, name: string, parentId: number | null, except?: number): Promise<void> {
  let q = db.selectFrom('groups').select('id').where('name', '=', name);
  q = parentId === null ? q.where('parent_id', 'is', null) : q.where('parent_id', '=', parentId);
  if (except !== undefined) q = q.where('id', '!=', except);
  if (await q.executeTakeFirst()) {
    throw new TidingsError('CONFLICT', `A group named "${name}" already exists there`, { context: { name, parentId } });
  }
}

/** Creates a static group, or a saved filter when `filter` is given. Sibling names are unique. */
export async function createGroup(db: Db, input: GroupInput, clock: Clock = systemClock): Promise<Group> {
  const name = checkName(input.name);
  const parentId = input.parentId ?? null;
  if (parentId !== null) await getGroup(db, parentId);
  const filter = input.filter === undefined ? null : JSON.stringify(parseFilter(input.filter));
  await assertNoSibling(db, name, parentId);
  const row = await db
    .insertInto('groups')
    .values({ name, parent_id: parentId, kind: filter ? 'filter' : 'static', filter, created_at: clock.now() })
    .returning('id')
    .executeTakeFirstOrThrow();
  return getGroup(db, Number(row.id));
}

/** Renames, moves (refusing a move under itself with CUSTOMER_GROUP_CYCLE) or changes a saved filter. */
export async function updateGroup(
  db: Db,
  id: number,
  patch: { name?: string; parentId?: number | null; filter?: CustomerFilter | string },
): Promise<Group> {
  const group = await getGroup(db, id);
  const name = patch.name === undefined ? group.name : checkName(patch.name);
  const parentId = patch.parentId === undefined ? group.parentId : patch.parentId;
  if (parentId !== null) {
    const all = await listGroups(db);
    const parents = new Map(all.map((g) => [g.id, g.parentId]));
    if (!parents.has(parentId)) throw new TidingsError('CUSTOMER_GROUP_NOT_FOUND', `No group with id ${parentId}`, { context: { id: parentId } });
    for (let at: number | null | undefined = parentId, hops = 0; at !== null && at !== undefined && hops < 1000; at = parents.get(at), hops++) {
      if (at === id) throw new TidingsError('CUSTOMER_GROUP_CYCLE', `Group ${id} cannot move under its own subgroup ${parentId}`, { context: { id, parentId } });
    }
  }
  if (patch.filter !== undefined && group.kind !== 'filter') {
    throw new TidingsError('CUSTOMER_INVALID', `Group ${id} is a static group, not a saved filter`, { context: { id } });
  }
  await assertNoSibling(db, name, parentId, id);
  await db
    .updateTable('groups')
    .set({ name, parent_id: parentId, ...(patch.filter === undefined ? {} : { filter: JSON.stringify(parseFilter(patch.filter)) }) })
    .where('id', '=', id)
    .execute();
  return getGroup(db, id);
}

/** Deletes a group and its subgroups (memberships go with them; customers stay). */
export async function deleteGroup(db: Db, id: number): Promise<void> {
  await getGroup(db, id);
  await db.deleteFrom('groups').where('id', '=', id).execute();
}

/**
 * Finds or creates the static group at `path` ("客户/贵州/遵义"), creating missing parents. The
 * importer's 分组 column goes through here.
 */
export async function ensureGroupPath(db: Db, path: string, clock: Clock = systemClock): Promise<number> {
  const names = path.split(SEPARATOR).map((n) => n.trim()).filter((n) => n !== '');
  if (names.length === 0) throw new TidingsError('CUSTOMER_INVALID', 'An empty group path', { context: { path } });
  let parentId: number | null = null;
  for (const raw of names) {
    const name = checkName(raw);
    let q = db.selectFrom('groups').select(['id', 'kind']).where('name', '=', name);
    q = parentId === null ? q.where('parent_id', 'is', null) : q.where('parent_id', '=', parentId);
    const existing = await q.executeTakeFirst();
    if (existing) {
      parentId = Number(existing.id);
      continue;
    }
    const row: { id: number } = await db
      .insertInto('groups')
      .values({ name, parent_id: parentId, kind: 'static', filter: null, created_at: clock.now() })
      .returning('id')
      .executeTakeFirstOrThrow();
    parentId = Number(row.id);
  }
  const last = await db.selectFrom('groups').select('kind').where('id', '=', parentId as number).executeTakeFirstOrThrow();
  if (last.kind !== 'static') throw new TidingsError('CUSTOMER_INVALID', `"${path}" is a saved filter; customers cannot be added to it`, { context: { path } });
  return parentId as number;
}

async function assertStatic(db: Db, groupId: number): Promise<void> {
  const group = await db.selectFrom('groups').select('kind').where('id', '=', groupId).executeTakeFirst();
  if (!group) throw new TidingsError('CUSTOMER_GROUP_NOT_FOUND', `No group with id ${groupId}`, { context: { id: groupId } });
  if (group.kind !== 'static') {
    throw new TidingsError('CUSTOMER_INVALID', `Group ${groupId} is a saved filter; its members follow the filter`, { context: { id: groupId } });
  }
}

/** Puts customers in a static group (idempotent). */
export async function addToGroup(db: Db, groupId: number, customerIds: readonly number[]): Promise<number> {
  await assertStatic(db, groupId);
  if (customerIds.length === 0) return 0;
  const known = await db.selectFrom('customers').select('id').where('id', 'in', customerIds).execute();
  const missing = customerIds.filter((id) => !known.some((k) => Number(k.id) === id));
  if (missing.length > 0) throw new TidingsError('CUSTOMER_NOT_FOUND', `No customer with id ${missing.join(', ')}`, { context: { ids: missing } });
  const result = await db
    .insertInto('customer_groups')
    .values(customerIds.map((customer_id) => ({ customer_id, group_id: groupId })))
    .onConflict((oc) => oc.columns(['customer_id', 'group_id']).doNothing())
    .executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0);
}

/** Takes customers out of a static group; returns how many were in it. */
export async function removeFromGroup(db: Db, groupId: number, customerIds: readonly number[]): Promise<number> {
  await assertStatic(db, groupId);
  if (customerIds.length === 0) return 0;
  const result = await db.deleteFrom('customer_groups').where('group_id', '=', groupId).where('customer_id', 'in', customerIds).executeTakeFirst();
  return Number(result.numDeletedRows);
}
