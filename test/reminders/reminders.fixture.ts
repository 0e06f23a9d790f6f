import type { Kysely } from 'kysely';
import type { DatabaseSchema, Store } from '../../src/platform/db/index.js';
import { UserRepository, type Role, type User } from '../../src/modules/users/index.js';
import { FakeClock } from '../helpers/clock.js';

/** 2027-03-01 08:00 in Asia/Shanghai (00:00 UTC): 妇女节 (03-08) is 7 days ahead, 清明 (04-05) 35. */
export const MORNING = Date.UTC(2027, 2, 1, 0, 0);

/** A person of the company with a role and, optionally, their own email. */
export async function seedUser(store: Store, username: string, role: Role, email: string | null = null, clock = new FakeClock(MORNING)): Promise<User> {
  const users = new UserRepository(store, clock);
  const user = await users.create({ username, role, displayName: username });
  return email === null ? user : users.update(user.id, { email });
}

/** A customer with a Gregorian birthday (and birth year), owned by `owner` (null: nobody), with an email address. */
export async function seedBirthdayCustomer(
  db: Kysely<DatabaseSchema>,
  input: { name: string; owner: string | null; month: number; day: number; year?: number; email?: string; language?: string },
): Promise<number> {
  const row = await db
    .insertInto('customers')
    .values({
      display_name: input.name,
      owner: input.owner,
      birthday_month: input.month,
      birthday_day: input.day,
      birth_year: input.year ?? null,
      time_zone: 'Asia/Shanghai',
      language: input.language ?? null,
      custom: '{}',
      locked: 0,
      created_at: 0,
      updated_at: 0,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  if (input.email) await db.insertInto('customer_emails').values({ customer_id: row.id, email: input.email, is_primary: 1 }).execute();
  return Number(row.id);
}
