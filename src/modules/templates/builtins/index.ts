import type { TemplateRepository } from '../templates.repository.js';
import type { BuiltinTemplate } from './builtin.js';
import { HOLIDAY_BUILTINS } from './holiday.builtins.js';
import { LETTER_BUILTINS } from './letter.builtins.js';
import { PERSONAL_BUILTINS } from './personal.builtins.js';
import { SMS_BUILTINS } from './sms.builtins.js';

export type { BuiltinLanguage, BuiltinTemplate } from './builtin.js';

/** Every template bundled with Tidings. */
export const BUILTIN_TEMPLATES: readonly BuiltinTemplate[] = [...HOLIDAY_BUILTINS, ...PERSONAL_BUILTINS, ...LETTER_BUILTINS, ...SMS_BUILTINS];

/** What {@link installBuiltins} did with each built-in. */
export interface InstallResult {
  readonly key: string;
  /** `differs`: the current version is not the bundled one (edited, or an older Tidings); left alone. */
  readonly action: 'created' | 'updated' | 'unchanged' | 'differs';
  readonly templateId: number;
  readonly version: number;
}

/**
 * Installs the bundled templates; idempotent. A missing one is created. One whose current version
 * differs from the bundled content (the user edited it, or Tidings was upgraded) is left alone
 * unless `update` is set, which adds the bundled content as a new version — never rewriting one,
 * so campaigns on older versions keep them.
 */
export async function installBuiltins(repository: TemplateRepository, options: { update?: boolean } = {}): Promise<InstallResult[]> {
  const results: InstallResult[] = [];
  for (const builtin of BUILTIN_TEMPLATES) {
    const existing = await repository.findTemplate(builtin.key);
    if (!existing) {
      const { template, version } = await repository.create({ name: builtin.key, channel: builtin.channel, builtin: builtin.key, version: builtin.version });
      results.push({ key: builtin.key, action: 'created', templateId: template.id, version: version.version });
      continue;
    }
    const { version: current } = await repository.getVersionByNumber(existing.id);
    const same =
      current.body === builtin.version.body &&
      (current.subject ?? null) === (builtin.version.subject ?? null) &&
      current.body_format === builtin.version.bodyFormat;
    if (same) {
      results.push({ key: builtin.key, action: 'unchanged', templateId: existing.id, version: current.version });
      continue;
    }
    if (!options.update) {
      results.push({ key: builtin.key, action: 'differs', templateId: existing.id, version: current.version });
      continue;
    }
    const added = await repository.addVersion(existing.id, builtin.version);
    results.push({ key: builtin.key, action: 'updated', templateId: existing.id, version: added.version });
  }
  return results;
}
