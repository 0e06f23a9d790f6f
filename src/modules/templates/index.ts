export {
  compileTemplate,
  type AttachmentSpec,
  type CompiledTemplate,
  type CompileOptions,
  type RenderedEmail,
  type RenderedLanguage,
  type RenderedSms,
  type RenderMode,
  type TemplateSource,
} from './compiled-template.js';
export { TemplateRenderer, type RendererStats, type TemplateRendererOptions } from './template.renderer.js';
export {
  compileVersionInput,
  TemplateRepository,
  TemplateInputSchema,
  VersionInputSchema,
  versionSource,
  versionVariants,
  type TemplateInput,
  type TemplateVariantRow,
  type TemplateRepositoryOptions,
  type TemplateRow,
  type TemplateVersionRow,
  type VersionContent,
  type VersionInput,
} from './templates.repository.js';
export {
  canonicalLanguageTag,
  chooseVariant,
  describeChain,
  inferLanguage,
  LanguageTagSchema,
  UNDETERMINED,
  VariantInputSchema,
  type ChainStep,
  type VariantChoice,
  type VariantContent,
  type VariantCustomer,
  type VariantInput,
} from './template-variants.js';
export { companyFromProfile, loadMergeCompany } from './company.context.js';
export { chooseTemplateVersion, type ChosenTemplateVersion, type TemplateChoice } from './template-version.choice.js';
export { renderPreview, type PreviewDeps, type PreviewRequest, type PreviewResult } from './template.preview.js';
export {
  MERGE_FIELDS,
  readPath,
  type Birthday,
  type CustomFieldValue,
  type MergeAccount,
  type MergeCampaign,
  type MergeCompany,
  type MergeContext,
  type MergeCustomer,
  type MergeLinks,
} from './merge-context.js';
export { accountFromMailRow, accountFromSmsRow, loadMailAccount, loadSmsAccount } from './merge-context.loader.js';
export { greeting, greetingLanguage, type GreetingInput } from './greeting.js';
export { COMPOUND_SURNAMES, romanise, splitChineseName } from './chinese-name.js';
export { signatureHtml, signatureText } from './signature.js';
export { sanitizeSignatureHtml } from './signature.sanitizer.js';
export { assertSingleLineHeader, foldHeader } from './header.safety.js';
export { bracketSignature, finishSms } from './sms.text.js';
export { sampleContext, SAMPLE_CUSTOMERS, PREVIEW_UNSUBSCRIBE_URL } from './sample.customers.js';
export { BUILTIN_TEMPLATES, installBuiltins, type BuiltinTemplate, type InstallResult } from './builtins/index.js';
export type { FieldRef, TemplatePart } from './merge-fields.checker.js';
// What the app's registries collect from this module (error codes, migrations, tables, settings).
export { templatesErrors } from './templates.errors.js';
export { templatesMigrations } from './templates.migrations.js';
export type { TemplatesTables } from './templates.tables.js';
export { templatesEnv, type TemplatesConfig } from './templates.config.js';
export { providerTemplateText, renderProviderParams, smsVersionForReview, type ProviderParam, type ProviderText, type ProviderTextOptions, type SmsVersionForReview } from './sms.provider-text.js';
