import type { BuiltinLanguage } from './builtin.js';

/** Font stacks that exist on the systems people read mail on; no web font needed. */
export const SANS: Record<BuiltinLanguage, string> = {
  'zh-CN': "'PingFang SC', 'Hiragino Sans GB', 'Microsoft YaHei', 'Noto Sans CJK SC', 'Source Han Sans SC', sans-serif",
  en: "'Helvetica Neue', Helvetica, Arial, sans-serif",
};

const FOOTER: Record<BuiltinLanguage, string> = {
  'zh-CN': '不想再收到此类邮件？<a href="{{unsubscribeUrl}}" style="color:#888888">退订</a>',
  en: 'Prefer not to receive these emails? <a href="{{unsubscribeUrl}}" style="color:#888888">Unsubscribe</a>',
};

/**
 * The company's logo, as an inline `data:` image from the company profile (never a remote one),
 * shown only when the profile has one.
 */
export const COMPANY_LOGO = `{{#if company.logo}}<img src="{{company.logo}}" alt="{{default company.name 'logo'}}" height="40" style="height:40px;width:auto;border:0">{{/if}}`;

/** The company's name and address from the profile, one line above the unsubscribe link. */
export const COMPANY_LINE = '{{#if company.name}}{{company.name}}{{#if company.address}} · {{company.address}}{{/if}}<br>{{/if}}';

/** What a greeting card differs in. Text is trusted HTML written by us, merge tags allowed. */
export interface CardOptions {
  readonly language: BuiltinLanguage;
  /** <title> and inbox preview line (static: head content is not merged into the text part). */
  readonly title: string;
  readonly preview: string;
  /** Banner colours and text. */
  readonly bannerColor: string;
  readonly bannerTextColor: string;
  readonly bannerText: string;
  readonly bannerSubtext: string;
  readonly paragraphs: readonly string[];
  /** Closing line before the signature: "此致 敬礼" / "Warm wishes,". */
  readonly closing: string;
}

/**
 * The MJML layout shared by the greeting cards: a coloured banner, the personal greeting, the
 * message, the sender's signature, and a footer with the company (profile) and the unsubscribe
 * link. Colours only, no remote images or fonts, so it looks finished with images blocked and
 * where foreign font hosts cannot be reached.
 */
export function cardLayout(o: CardOptions): string {
  const paragraphs = o.paragraphs.map((p) => `        <mj-text>${p}</mj-text>`).join('\n');
  return `<mjml lang="${o.language}">
  <mj-head>
    <mj-title>${o.title}</mj-title>
    <mj-preview>${o.preview}</mj-preview>
    <mj-attributes>
      <mj-all font-family="${SANS[o.language]}" />
      <mj-text font-size="16px" line-height="1.8" color="#333333" />
    </mj-attributes>
  </mj-head>
  <mj-body background-color="#f4f4f4" width="600px">
    <mj-section background-color="${o.bannerColor}" padding="36px 24px">
      <mj-column>
        <mj-text align="center" font-size="30px" line-height="1.4" color="${o.bannerTextColor}" font-weight="bold">${o.bannerText}</mj-text>
        <mj-text align="center" font-size="15px" color="${o.bannerTextColor}">${o.bannerSubtext}</mj-text>
      </mj-column>
    </mj-section>
    <mj-section background-color="#ffffff" padding="28px 24px 8px">
      <mj-column>
        <mj-text align="center" padding="0 25px">${COMPANY_LOGO}</mj-text>
        <mj-text font-size="17px">{{greeting}}</mj-text>
${paragraphs}
        <mj-text>${o.closing}</mj-text>
        <mj-text>{{signature}}</mj-text>
      </mj-column>
    </mj-section>
    <mj-section padding="16px 24px">
      <mj-column>
        <mj-text align="center" font-size="12px" color="#888888">${COMPANY_LINE}${FOOTER[o.language]}</mj-text>
      </mj-column>
    </mj-section>
  </mj-body>
</mjml>
`;
}
