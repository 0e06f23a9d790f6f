import type { TemplateRepository } from '../templates.repository.js';
import { combineParts, withDefaultLanguage, type BuiltinTemplate } from './builtin.js';
import { HOLIDAY_BUILTINS } from './holiday.builtins.js';
import { LETTER_BUILTINS } from './letter.builtins.js';
import { PERSONAL_BUILTINS } from './personal.builtins.js';
import { SMS_BUILTINS } from './sms.builtins.js';

export type { BuiltinLanguage, BuiltinTemplate } from './builtin.js';

/** Every template bundled with Tidings: one per kind, with a Chinese (default) and an English variant. */
export const BUILTIN_TEMPLATES: readonly BuiltinTemplate[] = combineParts([...HOLIDAY_BUILTINS, ...PERSONAL_BUILTINS, ...LETTER_BUILTINS, ...SMS_BUILTINS]);

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
 * so campaigns on older versions keep them. `defaultLanguage` (the company profile's language)
 * picks the default variant.
 */
export async function installBuiltins(repository: TemplateRepository, options: { update?: boolean; defaultLanguage?: string } = {}): Promise<InstallResult[]> {
  const results: InstallResult[] = [];
  for (const bundled of BUILTIN_TEMPLATES) {
    // The company's language (its profile) is the default variant: what a customer whose
    // language has no variant reads.
    const builtin = options.defaultLanguage ? withDefaultLanguage(bundled, options.defaultLanguage) : bundled;
    const existing = await repository.findTemplate(builtin.key);
    if (!existing) {
      const { template, version } = await repository.create({ name: builtin.key, channel: builtin.channel, builtin: builtin.key, version: builtin.version });
      results.push({ key: builtin.key, action: 'created', templateId: template.id, version: version.version });
      continue;
    }
    const { version: current } = await repository.getVersionByNumber(existing.id);
    const stored = (await repository.listVariants([current.id])).get(Number(current.id)) ?? [];
    const contents = [{ language: builtin.version.language, subject: builtin.version.subject, body: builtin.version.body }, ...(builtin.version.variants ?? [])];
    const same =
      current.body_format === builtin.version.bodyFormat &&
      stored.length === contents.length &&
      contents.every((b, i) => stored[i]?.language === b.language && stored[i]?.body === b.body && (stored[i]?.subject ?? null) === (b.subject ?? null));
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
