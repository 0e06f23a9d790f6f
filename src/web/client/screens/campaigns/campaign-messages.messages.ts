/**
 * Texts of the per-message results: why a message was refused or bounced (one per
 * `BOUNCE_REASONS` entry, the server's own wording stays in the error column), the spam-report
 * mark and the language column. A plain table (no i18n import) so unit tests can read it; the
 * Chinese table must have every English key.
 */
const en = {
  colLanguage: 'Language',
  reportedSpam: 'reported as spam',
  smtpWithReason: '{smtp} — {reason}',
  'reason_user-unknown': 'user unknown',
  'reason_mailbox-full': 'mailbox full',
  'reason_host-unknown': 'domain not found',
  reason_policy: 'refused by the receiving server’s rules',
  reason_spam: 'blocked as spam',
  'reason_too-large': 'message too large',
  reason_expired: 'gave up after retrying',
  'reason_rate-limited': 'sending too fast for the receiving server',
  'reason_auth-failure': 'sender not authenticated (SPF/DKIM)',
  reason_other: 'other reason',
};

export const campaignMessageResults = {
  en,
  'zh-CN': {
    colLanguage: '语言',
    reportedSpam: '被举报为垃圾邮件',
    smtpWithReason: '{smtp} — {reason}',
    'reason_user-unknown': '收件人不存在',
    'reason_mailbox-full': '邮箱已满',
    'reason_host-unknown': '域名不存在',
    reason_policy: '被收件服务器的规则拒收',
    reason_spam: '被当作垃圾邮件拦截',
    'reason_too-large': '邮件过大',
    reason_expired: '多次重试后放弃投递',
    'reason_rate-limited': '发送过快，被收件服务器限流',
    'reason_auth-failure': '发件人未通过认证（SPF/DKIM）',
    reason_other: '其他原因',
  } satisfies Record<keyof typeof en, string>,
};
