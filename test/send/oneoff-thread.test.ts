import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { replySubject, replyThread } from '../../src/modules/inbox/index.js';
import { buildEmail } from '../../src/modules/sending/message.builder.js';
import { UnsubscribeTokens } from '../../src/modules/sending/index.js';
import type { Campaign, OutboxRow, SendingAccount } from '../../src/modules/sending/ports.js';

const row = { id: 7, campaign_id: 1, customer_id: 2, channel: 'email', address: 'wang@example.test', reply_token: 'tok123' } as unknown as OutboxRow;
const account = { fromName: 'Li Lei', fromAddress: 'li@example.test', replyTo: null, plusAddressing: false } as unknown as SendingAccount;
const composed = { subject: 'Re: 年末问候', text: '不客气' };
const options = { unsubscribe: new UnsubscribeTokens(randomBytes(32)) };

describe('replies written from the inbox', () => {
  it('thread under the customer\'s message: In-Reply-To is its Message-ID, References its References plus it', () => {
    expect(replyThread({ message_id: '<c1@customer.test>', references_header: '<ours@x> <c0@customer.test>' })).toEqual({
      inReplyTo: '<c1@customer.test>',
      references: '<ours@x> <c0@customer.test> <c1@customer.test>',
    });
    expect(replyThread({ message_id: null, references_header: '<ours@x>' })).toBeUndefined();
    const campaign = { id: 1, kind: 'oneoff', in_reply_to: '<c1@customer.test>', references_header: '<ours@x> <c1@customer.test>' } as unknown as Campaign;
    const email = buildEmail(row, campaign, account, composed, options);
    expect(email.headers).toMatchObject({ 'In-Reply-To': '<c1@customer.test>', References: '<ours@x> <c1@customer.test>' });
    expect(email.headers['List-Unsubscribe']).toBeUndefined();
    // An ordinary one-off carries no thread headers.
    const plain = buildEmail(row, { ...campaign, in_reply_to: null, references_header: null } as Campaign, account, composed, options);
    expect(plain.headers['In-Reply-To']).toBeUndefined();
  });

  it('say "Re:" once, whatever the customer\'s mail program put in front', () => {
    expect(replySubject('年末问候')).toBe('Re: 年末问候');
    expect(replySubject('Re: RE: 年末问候')).toBe('Re: 年末问候');
    expect(replySubject('回复：年末问候')).toBe('Re: 年末问候');
    expect(replySubject(null)).toBe('Re:');
  });
});
