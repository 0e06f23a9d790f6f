import { defineMessages } from '../i18n/index.js';

export const uiMessages = defineMessages({
  en: { dismiss: 'Dismiss', required: 'required', working: 'Working…' },
  'zh-CN': { dismiss: '关闭', required: '必填', working: '处理中…' },
});
