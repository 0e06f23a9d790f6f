import type { MergeAccount, MergeContext, MergeCustomer } from './merge-context.js';
import { systemClock } from '../../platform/clock/index.js';

/** Stand-in recipients for previews without a chosen customer, and for the built-in render test. */
export const SAMPLE_CUSTOMERS: Readonly<Record<'zh-CN' | 'en', MergeCustomer>> = {
  'zh-CN': {
    id: 0,
    displayName: '张伟',
    familyName: '张',
    givenName: '伟',
    title: null,
    gender: 'male',
    company: '遵义茶业有限公司',
    language: 'zh-CN',
    timeZone: 'Asia/Shanghai',
    birthday: { month: 3, day: 8, year: 1985 },
    email: 'zhang.wei@example.test',
    mobile: '+8613800138000',
    custom: {},
  },
  en: {
    id: 0,
    displayName: 'Alex Smith',
    familyName: 'Smith',
    givenName: 'Alex',
    title: null,
    gender: 'female',
    company: 'Smith & Sons',
    language: 'en',
    timeZone: 'Europe/London',
    birthday: { month: 7, day: 14 },
    email: 'alex.smith@example.test',
    mobile: '+447700900123',
    custom: {},
  },
};

/** A stand-in sender for previews when no mail account exists yet. */
export const SAMPLE_ACCOUNT: MergeAccount = {
  displayName: 'Tidings',
  email: 'hello@example.test',
  signatureText: null,
  signatureHtml: null,
  smsSignature: null,
};

/** Where a preview's unsubscribe link points: the send pipeline fills the real one per recipient. */
export const PREVIEW_UNSUBSCRIBE_URL = 'https://unsubscribe.invalid/preview';

/** A full merge context for previews. */
export function sampleContext(language: 'zh-CN' | 'en', overrides: Partial<MergeContext> = {}): MergeContext {
  return {
    customer: SAMPLE_CUSTOMERS[language],
    account: SAMPLE_ACCOUNT,
    campaign: { id: 0, name: language === 'zh-CN' ? '预览' : 'Preview' },
    links: { unsubscribe: PREVIEW_UNSUBSCRIBE_URL },
    now: systemClock.date(),
    ...overrides,
  };
}
