import type { BuiltinPart } from './builtin.js';

const sms = (kind: string, language: 'zh-CN' | 'en', description: string, body: string): BuiltinPart => ({
  kind,
  channel: 'sms',
  language,
  description,
  // Signature and opt-out are added when rendering (from the SMS account and the language).
  version: { bodyFormat: 'text', body, isMarketing: true },
});

/** Short greetings for SMS: one part where the carrier allows (70 Chinese / 160 GSM characters). */
export const SMS_BUILTINS: readonly BuiltinPart[] = [
  sms('spring-festival-sms', 'zh-CN', '春节祝福短信', '{{greeting}}新春快乐！感谢您一年来的支持，祝您阖家幸福，万事如意。'),
  sms('spring-festival-sms', 'en', 'Spring Festival SMS', '{{greeting}} Happy Chinese New Year! Thank you for your support; wishing you health and prosperity.'),
  sms('birthday-sms', 'zh-CN', '生日祝福短信', '{{greeting}}祝您生日快乐，身体健康，心想事成！'),
  sms('birthday-sms', 'en', 'Birthday SMS', '{{greeting}} Happy birthday! Wishing you a wonderful year ahead.'),
];
