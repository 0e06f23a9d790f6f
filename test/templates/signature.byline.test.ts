import { describe, expect, it } from 'vitest';
import { signatureHtml, signatureText } from '../../src/modules/templates/index.js';

describe('the sender name under the signature', () => {
  const cases = [
    { why: 'a no-break space in the HTML signature', account: { displayName: 'John Smith', signatureHtml: '<p>Best,<br>John&nbsp;Smith</p>' } },
    { why: 'another case', account: { displayName: 'john smith', signatureText: 'Regards\nJOHN SMITH' } },
    { why: 'a space between Chinese characters', account: { displayName: '张伟', signatureText: '张 伟\n销售部' } },
    { why: 'family name first with a comma', account: { displayName: 'Smith, John', signatureText: 'John Smith' } },
    { why: 'an ideographic space', account: { displayName: '王 芳', signatureHtml: '<p>王\u3000芳</p>' } },
  ];
  for (const { why, account } of cases) {
    it(`is not repeated when the signature already names the sender (${why})`, () => {
      expect(signatureText(account)).not.toContain('\n' + account.displayName);
      expect(signatureHtml(account)).not.toContain('tidings-sender');
    });
  }

  it('is added when the signature does not name the sender', () => {
    expect(signatureText({ displayName: 'John Smith', signatureText: 'Regards\nJohn' })).toBe('Regards\nJohn\nJohn Smith');
    expect(signatureHtml({ displayName: 'John Smith', signatureHtml: '<p>Sales team</p>' })).toContain('<div class="tidings-sender">John Smith</div>');
  });
});
