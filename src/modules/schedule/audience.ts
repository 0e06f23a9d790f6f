import type { Kysely } from 'kysely';
import { TidingsError } from '../../platform/errors/index.js';
import type { DatabaseSchema } from '../../platform/db/index.js';
import { celebratedBirthday, type CelebratedBirthday } from './birthdays.js';

/** One recipient of a campaign as the scheduler needs it: where they are and their birthday. */
export interface AudienceMember {
  readonly customerId: number;
  /** IANA zone, or null to use TIDINGS_DEFAULT_TIMEZONE. */
  readonly timeZone: string | null;
  /** The Gregorian birthday (stored even when the lunar one is celebrated). */
  readonly birthdayMonth: number | null;
  readonly birthdayDay: number | null;
  /**
   * The birthday the customer celebrates, in its calendar (birthday_calendar); null when it is not
   * filled in. A source that leaves it out is read by the Gregorian month and day above.
   */
  readonly birthday?: CelebratedBirthday | null;
}

/**
 * The scheduler's port to audience selection (owned by src/customers / src/send): who a
 * campaign reaches. Per-zone waves and birthdays need each member's zone and birthday.
 */
export interface AudienceSource {
  members(campaign: { readonly id: number; readonly audience: string }): Promise<AudienceMember[]>;
}

/**
 * A store-backed audience for the simple selections: `{}` (everybody — "selecting nobody means
 * everybody"), `{ "customerIds": [..] }` and `{ "groupIds": [..] }` (static groups), combined as a
 * union. Replace it with the customers module's resolver once that exists; other forms are refused.
 */
export function storeAudienceSource(db: Kysely<DatabaseSchema>): AudienceSource {
  return {
    async members(campaign) {
      let selection: { customerIds?: unknown; groupIds?: unknown; [key: string]: unknown };
      try {
        selection = JSON.parse(campaign.audience || '{}') as typeof selection;
      } catch (cause) {
        throw new TidingsError('VALIDATION_FAILED', `Campaign ${campaign.id} has an audience that is not JSON`, { cause });
      }
      const unknownKeys = Object.keys(selection).filter((k) => k !== 'customerIds' && k !== 'groupIds');
      if (unknownKeys.length > 0) {
        throw new TidingsError('VALIDATION_FAILED', `Campaign ${campaign.id}: audience keys ${unknownKeys.join(', ')} need the customers module's resolver`);
      }
      const ids = Array.isArray(selection.customerIds) ? selection.customerIds.map(Number) : [];
      const groups = Array.isArray(selection.groupIds) ? selection.groupIds.map(Number) : [];
      let query = db
        .selectFrom('customers')
        .select([
          'customers.id',
          'customers.time_zone',
          'customers.birthday_month',
          'customers.birthday_day',
          'customers.birthday_calendar',
          'customers.lunar_birthday_month',
          'customers.lunar_birthday_day',
          'customers.lunar_birthday_leap',
        ]);
      if (ids.length > 0 || groups.length > 0) {
        query = query.where((eb) =>
          eb.or([
            ...(ids.length > 0 ? [eb('customers.id', 'in', ids)] : []),
            ...(groups.length > 0
              ? [eb('customers.id', 'in', eb.selectFrom('customer_groups').select('customer_id').where('group_id', 'in', groups))]
              : []),
          ]),
        );
      }
      const rows = await query.orderBy('customers.id').execute();
      return rows.map((r) => ({
        customerId: Number(r.id),
        timeZone: r.time_zone,
        birthdayMonth: r.birthday_month,
        birthdayDay: r.birthday_day,
        birthday: celebratedBirthday(r) ?? null,
      }));
    },
  };
}
