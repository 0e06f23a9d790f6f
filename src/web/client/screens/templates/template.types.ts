// Shapes of the template API as the screens read them, generated from src/api/schemas/template.schemas.ts.
import type { ApiResponse, Item } from '../../api/shapes.js';

/** A template as GET /api/templates lists it; `builtin` is the key of a bundled one, e.g. `spring-festival-zh-cn`. */
export type TemplateSummary = Item<ApiResponse<'/api/templates'>>;
/** GET /api/templates/{id}: the template with every version, oldest first. */
export type TemplateDetail = ApiResponse<'/api/templates/{id}'>;
/** One immutable version; its `id` is what campaigns store. */
export type TemplateVersion = Item<TemplateDetail['versions']>;
export type BodyFormat = TemplateVersion['bodyFormat'];

/** One language of the content being edited: its tab in the editor. */
export interface LanguageDraft {
  /** BCP 47 tag (`zh-CN`, `en`); `und` for content saved without a language and with no words of its own. */
  readonly language: string;
  readonly subject: string;
  readonly body: string;
  readonly textBody: string;
}

/** What the editor sends to POST /api/templates/preview-draft and saves as a version. */
export interface DraftContent {
  readonly bodyFormat: BodyFormat;
  readonly isMarketing: boolean;
  /** One per language; the first is the default (what a customer of no listed language gets). */
  readonly variants: readonly LanguageDraft[];
}

/** A rendered preview (draft or saved version). */
export type RenderedPreview = ApiResponse<'/api/templates/preview-draft', 'post'>;

/** The fallback chain as one line: "en-GB → en ✓". */
export function chainText(chain: readonly { language: string; matched: boolean }[]): string {
  return chain.map((step) => (step.matched ? `${step.language} ✓` : step.language)).join(' → ');
}

/** The body of a version save (POST /api/templates/{id}/versions); the text part only when written. */
export function versionBody(channel: 'email' | 'sms', draft: DraftContent) {
  const [main, ...others] = draft.variants;
  const part = (v: LanguageDraft) => ({
    ...(channel === 'email' ? { subject: v.subject } : {}),
    body: v.body,
    ...(channel === 'email' && v.textBody.trim() ? { textBody: v.textBody } : {}),
  });
  return {
    ...(main && main.language !== 'und' ? { language: main.language } : {}),
    ...(main ? part(main) : { body: '' }),
    variants: others.map((v) => ({ language: v.language, ...part(v) })),
    bodyFormat: channel === 'sms' ? ('text' as const) : draft.bodyFormat,
    isMarketing: draft.isMarketing,
  };
}

/** The editable content of a stored version, its default language first. */
export function draftOf(version: TemplateVersion): DraftContent {
  return {
    bodyFormat: version.bodyFormat,
    isMarketing: version.isMarketing,
    variants: [
      { language: version.language, subject: version.subject ?? '', body: version.body, textBody: version.textBody ?? '' },
      ...version.variants.map((v) => ({ language: v.language, subject: v.subject ?? '', body: v.body, textBody: v.textBody ?? '' })),
    ],
  };
}

/** Whether two drafts would save the same version. */
export function sameDraft(a: DraftContent, b: DraftContent): boolean {
  return (
    a.bodyFormat === b.bodyFormat &&
    a.isMarketing === b.isMarketing &&
    a.variants.length === b.variants.length &&
    a.variants.every((v, i) => {
      const w = b.variants[i];
      return w !== undefined && v.language === w.language && v.subject === w.subject && v.body === w.body && v.textBody === w.textBody;
    })
  );
}
