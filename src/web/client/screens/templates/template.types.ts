// Shapes of the template API as the screens read them, generated from src/api/schemas/template.schemas.ts.
import type { ApiResponse, Item } from '../../api/shapes.js';

/** A template as GET /api/templates lists it; `builtin` is the key of a bundled one, e.g. `spring-festival-zh-cn`. */
export type TemplateSummary = Item<ApiResponse<'/api/templates'>>;
/** GET /api/templates/{id}: the template with every version, oldest first. */
export type TemplateDetail = ApiResponse<'/api/templates/{id}'>;
/** One immutable version; its `id` is what campaigns store. */
export type TemplateVersion = Item<TemplateDetail['versions']>;
export type BodyFormat = TemplateVersion['bodyFormat'];

/** What the editor sends to POST /api/templates/preview-draft and saves as a version. */
export interface DraftContent {
  readonly subject: string;
  readonly bodyFormat: BodyFormat;
  readonly body: string;
  readonly textBody: string;
  readonly isMarketing: boolean;
}

/** A rendered preview (draft or saved version). */
export type RenderedPreview = ApiResponse<'/api/templates/preview-draft', 'post'>;

/** The body of a version save (POST /api/templates/{id}/versions); the text part only when written. */
export function versionBody(channel: 'email' | 'sms', draft: DraftContent) {
  return {
    ...(channel === 'email' ? { subject: draft.subject } : {}),
    bodyFormat: channel === 'sms' ? ('text' as const) : draft.bodyFormat,
    body: draft.body,
    ...(channel === 'email' && draft.textBody.trim() ? { textBody: draft.textBody } : {}),
    isMarketing: draft.isMarketing,
  };
}

/** The editable content of a stored version. */
export function draftOf(version: TemplateVersion): DraftContent {
  return {
    subject: version.subject ?? '',
    bodyFormat: version.bodyFormat,
    body: version.body,
    textBody: version.textBody ?? '',
    isMarketing: version.isMarketing,
  };
}

/** Whether two drafts would save the same version. */
export function sameDraft(a: DraftContent, b: DraftContent): boolean {
  return a.subject === b.subject && a.bodyFormat === b.bodyFormat && a.body === b.body && a.textBody === b.textBody && a.isMarketing === b.isMarketing;
}
