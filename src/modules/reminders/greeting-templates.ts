import type { Kysely } from 'kysely';
import type { DatabaseSchema } from '../../platform/db/index.js';
import { BUILTIN_TEMPLATES, TemplateRepository } from '../templates/index.js';

/** Email template id by greeting key (`birthday`, `spring-festival`, …), for those installed. */
export type GreetingTemplates = ReadonlyMap<string, number>;

/**
 * The email templates "send the greeting" fills in: the built-in of each greeting (a template
 * named after its key, as `tidings templates install` creates it, possibly edited since). The
 * customer's language variant is chosen when the message is rendered, so one id serves both.
 */
export async function greetingTemplates(db: Kysely<DatabaseSchema>): Promise<GreetingTemplates> {
  const repository = new TemplateRepository({ db });
  const found = new Map<string, number>();
  for (const builtin of BUILTIN_TEMPLATES) {
    if (builtin.channel !== 'email') continue;
    const row = await repository.findTemplate(builtin.key);
    if (row && row.channel === 'email') found.set(builtin.key, Number(row.id));
  }
  return found;
}
