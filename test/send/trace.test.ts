import { describe, expect, it } from 'vitest';
import {
  isReplyToken,
  messageIdFor,
  newReplyToken,
  plusAddressFor,
  tokenFromPlusAddress,
  tokensInMessageIds,
} from '../../src/modules/sending/trace.js';

describe('reply tokens', () => {
  it('are 20 base32 characters and differ each time', () => {
    const a = newReplyToken();
    expect(isReplyToken(a)).toBe(true);
    expect(newReplyToken()).not.toBe(a);
  });

  it('round-trip through Message-ID and References', () => {
    const token = newReplyToken();
    const id = messageIdFor(token, 'Li@Sales.Example.TEST');
    expect(id).toBe(`<tid.${token}@sales.example.test>`);
    expect(tokensInMessageIds(`<abc@x> ${id}\r\n <other@y>`)).toEqual([token]);
  });

  it('round-trip through a plus-address', () => {
    const token = newReplyToken();
    const address = plusAddressFor('sales@example.test', token);
    expect(address).toBe(`sales+t-${token}@example.test`);
    expect(tokenFromPlusAddress(address)).toBe(token);
    expect(tokenFromPlusAddress('sales+other@example.test')).toBeUndefined();
  });
});
