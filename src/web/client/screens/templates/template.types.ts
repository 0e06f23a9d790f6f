/** A template as GET /api/templates lists it (src/api/schemas/template.schemas.ts). */
export interface TemplateSummary {
  readonly id: number;
  readonly name: string;
  readonly channel: 'email' | 'sms';
  /** Key of a bundled template, e.g. `spring-festival-zh-cn`. */
  readonly builtin: string | null;
  readonly currentVersion: number;
  readonly createdAt: number;
  readonly updatedAt: number;
}

/** One immutable version. */
export interface TemplateVersion {
  /** What campaigns store. */
  readonly id: number;
  readonly version: number;
  readonly subject: string | null;
  readonly bodyFormat: BodyFormat;
  readonly body: string;
  readonly textBody: string | null;
  readonly attachments: readonly { readonly filename: string; readonly contentType: string }[];
  readonly isMarketing: boolean;
  readonly createdAt: number;
}

export type BodyFormat = 'mjml' | 'html' | 'text';

/** GET /api/templates/{id}: the template with every version, oldest first. */
export interface TemplateDetail extends TemplateSummary {
  readonly versions: readonly TemplateVersion[];
}

/** What the editor sends to POST /api/templates/preview-draft and saves as a version. */
export interface DraftContent {
  readonly subject: string;
  readonly bodyFormat: BodyFormat;
  readonly body: string;
  readonly textBody: string;
  readonly isMarketing: boolean;
}

/** A rendered preview (draft or saved version). */
export type RenderedPreview =
  | { readonly channel: 'email'; readonly subject: string; readonly html: string; readonly text: string }
  | {
      readonly channel: 'sms';
      readonly text: string;
      readonly characters: number;
      readonly provider: 'twilio' | 'aliyun' | 'smpp' | null;
      readonly encoding: 'GSM-7' | 'UCS-2' | null;
      readonly parts: number | null;
    };

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
