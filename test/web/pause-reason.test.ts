// The campaign page shows the "account deleted" pause reason (issue #16, item 9) in the reader's
// language (both languages' texts are required by the messages' type); other reasons as written.
import { describe, expect, it } from 'vitest';
import { accountDeletedReason } from '../../src/modules/accounts/account.lookup.js';
import { complaintPauseReason } from '../../src/modules/sending/index.js';
import { readableReason, type PauseReasonKey } from '../../src/web/client/screens/campaigns/pause-reason.js';

const t = (key: PauseReasonKey, vars: Readonly<Record<string, string>>) => `${key}(${Object.values(vars).join(',')})`;

describe('campaign pause reason', () => {
  it('recognises the server reason for a deleted mailbox or SMS account, with its name, in every status', () => {
    for (const status of ['running', 'scheduled', 'paused']) {
      expect(readableReason(accountDeletedReason('mail_account_id', 'sales-li', status), t)).toBe('reasonMailboxDeleted(sales-li)');
      expect(readableReason(accountDeletedReason('sms_account_id', 'aliyun "cn"', status), t)).toBe('reasonSmsAccountDeleted(aliyun "cn")');
    }
  });

  it('translates a complaint-rate pause, keeping its numbers', () => {
    const reason = complaintPauseReason({ complaints: 3, delivered: 500 }, { maxBasisPoints: 30, minDelivered: 200 });
    expect(readableReason(reason, t)).toBe('reasonComplaintRate(3,500,0.6,0.3)');
    expect(readableReason(complaintPauseReason({ complaints: 1, delivered: 400 }, { maxBasisPoints: 25, minDelivered: 200 }), t)).toBe('reasonComplaintRate(1,400,0.25,0.25)');
  });

  it('shows any other reason as written', () => {
    expect(readableReason('SEND_SMTP_AUTH: the SMTP server refused the login', t)).toBe('SEND_SMTP_AUTH: the SMTP server refused the login');
  });
});
