export { createSmsChannel, processSmsRow, smsKeyFor, BALANCE_PAUSE, type SmsChannel, type SmsRowDeps } from './sms.channel.js';
export { sendTestSms, type SendTestSmsDeps } from './sms-test.js';
export { SmsProviderCache, type SmsAccountEntry, type SmsProviderCacheOptions } from './sms-provider.cache.js';
export { smsLimitsOf } from './sms-limits.js';
