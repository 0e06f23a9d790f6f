// The campaign page shows the "account deleted" pause reason (issue #16, item 9) in the reader's
// language (both languages' texts are required by the messages' type); other reasons as written.
import { describe, expect, it } from 'vitest';
import { accountDeletedReason } from '../../src/modules/accounts/account.lookup.js';
import { readableReason, type PauseReasonKey } from '../../src/web/client/screens/campaigns/pause-reason.js';

const t = (key: PauseReasonKey, vars: { name: string }) => `${key}(${vars.name})`;

describe('campaign pause reason', () => {
  it('recognises the server reason for a deleted mailbox or SMS account, with its name, in every status', () => {
    for (const status of ['running', 'scheduled', 'paused']) {
      expect(readableReason(accountDeletedReason('mail_account_id', 'sales-li', status), t)).toBe('reasonMailboxDeleted(sales-li)');
      expect(readableReason(accountDeletedReason('sms_account_id', 'aliyun "cn"', status), t)).toBe('reasonSmsAccountDeleted(aliyun "cn")');
    }
  });

  it('shows any other reason as written', () => {
    expect(readableReason('SEND_SMTP_AUTH: the SMTP server refused the login', t)).toBe('SEND_SMTP_AUTH: the SMTP server refused the login');
  });
});
