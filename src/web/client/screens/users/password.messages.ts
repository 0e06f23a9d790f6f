import { defineMessages } from '../../i18n/index.js';

/** Texts of the change-password screen (also shown, alone, after signing in with a one-time password). */
export const passwordMessages = defineMessages({
  en: {
    title: 'Change password',
    forcedTitle: 'Choose your own password',
    forcedIntro: 'You signed in with a one-time password. Choose your own password to continue; until then nothing else can be used.',
    intro: 'After the change, your other signed-in browsers are signed out.',
    current: 'Current password',
    currentForced: 'One-time password',
    next: 'New password',
    repeat: 'Repeat the new password',
    rule: 'At least {min} characters.',
    mismatch: 'The two new passwords differ: type the same password twice.',
    tooShort: 'The new password is too short: use at least {min} characters.',
    submit: 'Change password',
    done: 'Your password was changed.',
  },
  'zh-CN': {
    title: '修改密码',
    forcedTitle: '设置您自己的密码',
    forcedIntro: '您使用一次性密码登录。请先设置自己的密码才能继续；在此之前无法使用其他功能。',
    intro: '修改后，您在其他浏览器中的登录将被退出。',
    current: '当前密码',
    currentForced: '一次性密码',
    next: '新密码',
    repeat: '再次输入新密码',
    rule: '至少 {min} 个字符。',
    mismatch: '两次输入的新密码不一致，请输入相同的密码。',
    tooShort: '新密码太短：至少需要 {min} 个字符。',
    submit: '修改密码',
    done: '密码已修改。',
  },
});
