import type { DigestContent } from './digest.content.js';
import type { DigestLanguage } from './reminder-settings.js';

/** The digest as an email: subject, text and HTML parts. */
export interface DigestMail {
  readonly subject: string;
  readonly text: string;
  readonly html: string;
}

const WORDS = {
  en: {
    subject: (b: number, h: number) => `Reminders: ${b} birthday${b === 1 ? '' : 's'}, ${h} holiday${h === 1 ? '' : 's'} ahead`,
    hello: (name: string) => `Good morning, ${name}.`,
    birthdays: (days: number) => `Birthdays in the next ${days} days`,
    noBirthdays: 'No birthdays of your customers coming up.',
    holidays: 'Holidays ahead',
    noHolidays: 'No holidays in the next 30 days.',
    when: (inDays: number) => (inDays === 0 ? 'today' : inDays === 1 ? 'tomorrow' : `in ${inDays} days`),
    turns: (age: number) => `turns ${age}`,
    send: 'Send the greeting',
    overview: 'Open the overview',
    why: 'You receive this because your morning digest is on; turn it off under My settings.',
    holidayName: (h: { name: string; nameEn: string }) => `${h.nameEn} (${h.name})`,
  },
  'zh-CN': {
    subject: (b: number, h: number) => `服务提醒：${b} 位客户生日，${h} 个节日将至`,
    hello: (name: string) => `${name}，早上好。`,
    birthdays: (days: number) => `未来 ${days} 天的客户生日`,
    noBirthdays: '近期没有客户过生日。',
    holidays: '即将到来的节日',
    noHolidays: '未来 30 天没有节日。',
    when: (inDays: number) => (inDays === 0 ? '今天' : inDays === 1 ? '明天' : `还有 ${inDays} 天`),
    turns: (age: number) => `${age} 岁`,
    send: '发送祝福',
    overview: '打开概览',
    why: '您开启了每日提醒邮件，因此收到此邮件；可在“我的设置”中关闭。',
    holidayName: (h: { name: string; nameEn: string }) => h.name,
  },
} as const;

const ENTITIES: Readonly<Record<string, string>> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
const escape = (s: string) => s.replace(/[&<>"']/g, (c) => ENTITIES[c] ?? c);

/**
 * Writes the digest in the person's language. Links point into the web UI at `publicUrl`
 * (TIDINGS_PUBLIC_URL); without it the paths are printed for the reader to open themselves.
 */
export function renderDigestMail(content: DigestContent, options: { readonly name: string; readonly language: DigestLanguage; readonly publicUrl: string | undefined }): DigestMail {
  const w = WORDS[options.language];
  const link = (path: string) => (options.publicUrl ? new URL(path, options.publicUrl).toString() : path);
  const birthdayLines = content.birthdays.map((b) => ({
    text: [b.displayName, b.calendar === 'lunar' ? b.label[options.language === 'zh-CN' ? 'zh' : 'en'] : b.date, w.when(b.inDays), ...(b.turns === null ? [] : [w.turns(b.turns)])].join(' · '),
    href: b.greeting ? link(b.greeting.path) : undefined,
  }));
  const holidayLines = content.holidays.map((h) => ({
    text: [w.holidayName(h), h.date, w.when(h.inDays)].join(' · '),
    href: h.greeting ? link(h.greeting.path) : undefined,
  }));
  const textSection = (title: string, lines: typeof birthdayLines, none: string) =>
    [title, ...(lines.length === 0 ? [`  ${none}`] : lines.map((l) => `  - ${l.text}${l.href ? `\n    ${w.send}: ${l.href}` : ''}`))].join('\n');
  const text = [
    w.hello(options.name),
    '',
    textSection(w.birthdays(content.daysAhead), birthdayLines, w.noBirthdays),
    '',
    textSection(w.holidays, holidayLines, w.noHolidays),
    '',
    `${w.overview}: ${link('/')}`,
    '',
    w.why,
  ].join('\n');
  const htmlSection = (title: string, lines: typeof birthdayLines, none: string) =>
    `<h2 style="font-size:16px">${escape(title)}</h2>` +
    (lines.length === 0
      ? `<p>${escape(none)}</p>`
      : `<ul>${lines.map((l) => `<li>${escape(l.text)}${l.href ? ` — <a href="${escape(l.href)}">${escape(w.send)}</a>` : ''}</li>`).join('')}</ul>`);
  const html = [
    `<!doctype html><html lang="${options.language}"><body style="font-family:sans-serif">`,
    `<p>${escape(w.hello(options.name))}</p>`,
    htmlSection(w.birthdays(content.daysAhead), birthdayLines, w.noBirthdays),
    htmlSection(w.holidays, holidayLines, w.noHolidays),
    `<p><a href="${escape(link('/'))}">${escape(w.overview)}</a></p>`,
    `<p style="color:#666;font-size:12px">${escape(w.why)}</p>`,
    '</body></html>',
  ].join('');
  return { subject: w.subject(content.birthdays.length, content.holidays.length), text, html };
}
