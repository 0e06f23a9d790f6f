import type { BuiltinLanguage, BuiltinPart } from './builtin.js';
import { COMPANY_LINE, COMPANY_LOGO } from './card.layout.js';

interface LetterStyle {
  /**
   * Handwriting faces installed on the reader's own system: no web font, because a font host
   * abroad (fonts.googleapis.com) cannot be reached from mainland China and would stall the
   * letter. KaiTi/STKaiti are brush-style fonts every Windows and macOS install has, so a Chinese
   * letter reads as hand-written; Latin uses the platform's script/cursive face, then serif.
   */
  readonly family: string;
  readonly fontSize: string;
}

const STYLES: Record<BuiltinLanguage, LetterStyle> = {
  'zh-CN': {
    family: "'KaiTi', '楷体', 'STKaiti', 'Kaiti SC', 'BiauKai', cursive, serif",
    fontSize: '22px',
  },
  en: {
    family: "'Segoe Script', 'Bradley Hand', 'Brush Script MT', 'Dancing Script', cursive, Georgia, serif",
    fontSize: '24px',
  },
};

const TEXT: Record<BuiltinLanguage, { title: string; subject: string; preview: string; paragraphs: string[]; closing: string; footer: string }> = {
  'zh-CN': {
    title: '一封写给您的信',
    subject: '{{default customer.displayName "您好"}}，给您写了一封信',
    preview: '好久不见，近来可好？',
    paragraphs: [
      '见字如面。好久没有问候您了，近来一切可好？',
      '这些年承蒙您的信任与照顾，{{#if customer.company}}能与{{customer.company}}一路同行，{{/if}}我们心里一直很感激。提笔写下这几行字，只想真诚地说一声：谢谢您。',
      '若有任何需要，随时回信给我，我会亲自为您安排。',
      '祝您身体健康，诸事顺遂。',
    ],
    closing: '此致<br>敬礼',
    footer: '不想再收到此类信件？<a href="{{unsubscribeUrl}}" style="color:#8a7f6a">退订</a>',
  },
  en: {
    title: 'A letter for you',
    subject: 'A personal note for you, {{default customer.givenName customer.displayName}}',
    preview: 'It has been a while — I hope you are well.',
    paragraphs: [
      'It has been a while since I last wrote, and I hope this note finds you well.',
      'I wanted to take a moment to thank you personally for your trust{{#if customer.company}} and for the time we have spent working with {{customer.company}}{{/if}}. It truly means a lot to us.',
      'If there is anything at all I can do for you, just reply to this letter and I will take care of it myself.',
    ],
    closing: 'With warm regards,',
    footer: 'Prefer not to receive these letters? <a href="{{unsubscribeUrl}}" style="color:#8a7f6a">Unsubscribe</a>',
  },
};

/**
 * The "handwritten letter": a personal note on paper. Paper colour and ruled lines are CSS
 * (background colours and a repeating gradient, never remote images), so a client that blocks
 * images or strips <style> still shows cream paper and a brush/cursive system font; nothing is
 * loaded from another host.
 */
function letter(language: BuiltinLanguage): string {
  const style = STYLES[language];
  const text = TEXT[language];
  const family = style.family;
  const paragraphs = text.paragraphs.map((p) => `        <mj-text>${p}</mj-text>`).join('\n');
  return `<mjml lang="${language}">
  <mj-head>
    <mj-title>${text.title}</mj-title>
    <mj-preview>${text.preview}</mj-preview>
    <mj-attributes>
      <mj-text font-family="${family}" font-size="${style.fontSize}" line-height="36px" color="#27364f" padding="0 8px" />
    </mj-attributes>
    <mj-style>
      .letter-paper > table, .letter-paper {
        background-color: #fbf6e7;
        background-image: repeating-linear-gradient(to bottom, #fbf6e7 0, #fbf6e7 35px, #e4d9bf 35px, #e4d9bf 36px);
      }
      .letter-paper { border-left: 4px double #e6a9a0; }
    </mj-style>
  </mj-head>
  <mj-body background-color="#efe6d2" width="640px">
    <mj-section padding="24px 0 0"><mj-column><mj-spacer height="8px" /></mj-column></mj-section>
    <mj-section css-class="letter-paper" background-color="#fbf6e7" padding="40px 36px 36px" border="1px solid #e2d6bb">
      <mj-column>
        <mj-text align="right" padding="0 8px 12px">${COMPANY_LOGO}</mj-text>
        <mj-text>{{greeting}}</mj-text>
${paragraphs}
        <mj-text>${text.closing}</mj-text>
        <mj-text align="right">{{signature}}</mj-text>
        <mj-text align="right" font-size="18px">{{date now "long"}}</mj-text>
      </mj-column>
    </mj-section>
    <mj-section padding="16px 24px">
      <mj-column>
        <mj-text align="center" font-family="Arial, sans-serif" font-size="12px" line-height="18px" color="#8a7f6a">${COMPANY_LINE}${text.footer}</mj-text>
      </mj-column>
    </mj-section>
  </mj-body>
</mjml>
`;
}

/** The handwritten-letter style in Chinese and English. */
export const LETTER_BUILTINS: readonly BuiltinPart[] = (['zh-CN', 'en'] as const).map((language) => ({
  kind: 'handwritten-letter',
  channel: 'email',
  language,
  description: language === 'zh-CN' ? '手写信风格（信纸、手写字体）' : 'Handwritten letter style (paper, handwriting font)',
  version: { subject: TEXT[language].subject, bodyFormat: 'mjml', body: letter(language), isMarketing: true },
}));
