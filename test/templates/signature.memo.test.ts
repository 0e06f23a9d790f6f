import { describe, expect, it } from 'vitest';
import { signatureHtml, signatureText } from '../../src/modules/templates/signature.js';
import type { MergeAccount } from '../../src/modules/templates/merge-context.js';

describe('signature per account object', () => {
  it('answers the same object from memory and a changed one afresh', () => {
    const account = { displayName: '李经理', signatureText: '祝好\nTidings 销售部' } as { -readonly [K in keyof MergeAccount]: MergeAccount[K] };
    expect(signatureText(account)).toBe('祝好\nTidings 销售部\n李经理');
    expect(signatureHtml(account)).toBe('<div class="tidings-signature"><div>祝好<br>Tidings 销售部</div><div class="tidings-sender">李经理</div></div>');
    expect(signatureText(account)).toBe('祝好\nTidings 销售部\n李经理');
    account.displayName = '王经理';
    expect(signatureText(account)).toBe('祝好\nTidings 销售部\n王经理');
    account.signatureHtml = '<p>Best, <b>王</b></p>';
    expect(signatureHtml(account)).toContain('<b>王</b>');
    expect(signatureText({ displayName: 'Alex', signatureText: 'Cheers' })).toBe('Cheers\nAlex');
  });
});
