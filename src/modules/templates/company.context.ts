import type { Kysely } from 'kysely';
import { readCompanyProfile, type CompanyProfile } from '../company/index.js';
import type { DatabaseSchema } from '../../platform/db/index.js';
import type { CompiledTemplate } from './compiled-template.js';
import type { MergeCompany } from './merge-context.js';

/** The merge view of the company profile (`{{company.name}}`, `{{company.address}}`, `{{company.logo}}`). */
export const companyFromProfile = (profile: CompanyProfile): MergeCompany => ({
  name: profile.name,
  address: profile.address,
  logo: profile.logo ?? '',
  smsSignature: profile.smsSignature,
});

/** The company as templates merge it, read from the company module's profile. */
export async function loadMergeCompany(db: Kysely<DatabaseSchema>): Promise<MergeCompany> {
  return companyFromProfile(await readCompanyProfile(db));
}

/**
 * A compiled version that merges `company` from the profile whenever the caller's context has
 * none: the send pipeline, previews and test sends build their contexts without knowing the
 * company, and all of them get the same one.
 */
export function withCompany(compiled: CompiledTemplate, company: MergeCompany): CompiledTemplate {
  return {
    channel: compiled.channel,
    versionId: compiled.versionId,
    fields: compiled.fields,
    languages: compiled.languages,
    defaultLanguage: compiled.defaultLanguage,
    renderEmail: (ctx, mode) => compiled.renderEmail(ctx.company ? ctx : { ...ctx, company }, mode),
    renderSms: (ctx, mode) => compiled.renderSms(ctx.company ? ctx : { ...ctx, company }, mode),
  };
}
