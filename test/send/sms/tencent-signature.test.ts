import { describe, expect, it } from 'vitest';
import { canonicalRequest, signTc3, stringToSign, tc3Date } from '../../../src/adapters/sms/tencent-signature.js';

// The worked example of Tencent Cloud's "Signature v3" page (API 3.0, CVM DescribeInstances in
// ap-guangzhou), with the vendor's own numbers: the key pair exactly as the page prints it, the
// timestamp 1551113065 (2019-02-26 00:44:25 in Beijing, still 2019-02-25 in UTC) and the body
// with its \u escapes written out. The page has had two revisions: the earlier signed
// content-type;host, the current one adds x-tc-action. Both results are reproduced.
const SECRET_ID = 'AKIDz8krbsJ5yKBZQpn74WFkmLPx3*******';
const SECRET_KEY = 'Gu5t9xGARNpq86cd98joQYCN3*******';
const TIMESTAMP = 1551113065;
const PAYLOAD = '{"Limit": 1, "Filters": [{"Values": ["\\u672a\\u547d\\u540d"], "Name": "instance-name"}]}';
const base = { method: 'POST' as const, payload: PAYLOAD, secretId: SECRET_ID, secretKey: SECRET_KEY, service: 'cvm', timestamp: TIMESTAMP };

describe('TC3-HMAC-SHA256 (the vendor example, verbatim)', () => {
  it('takes the UTC date of the timestamp, not the Beijing one', () => {
    expect(tc3Date(TIMESTAMP)).toBe('2019-02-25');
  });

  it('reproduces the current revision: content-type;host;x-tc-action', () => {
    const headers = { 'Content-Type': 'application/json; charset=utf-8', Host: 'cvm.tencentcloudapi.com', 'X-TC-Action': 'DescribeInstances' };
    const canonical = canonicalRequest({ method: 'POST', headers, payload: PAYLOAD });
    expect(canonical).toBe(
      'POST\n/\n\ncontent-type:application/json; charset=utf-8\nhost:cvm.tencentcloudapi.com\nx-tc-action:describeinstances\n\ncontent-type;host;x-tc-action\n35e9c5b0e3ae67532d3c9f17ead6c90222632e5b1ff7f6e89887f1398934f064',
    );
    expect(stringToSign(canonical, TIMESTAMP, 'cvm')).toBe('TC3-HMAC-SHA256\n1551113065\n2019-02-25/cvm/tc3_request\n7019a55be8395899b900fb5564e4200d984910f34794a27cb3fb7d10ff6a1e84');
    const signed = signTc3({ ...base, headers });
    expect(signed.signature).toBe('be4f67d323c78ab9acb7395e43c0dbcf822a9cfac32fea2449a7bc7726b770a3');
    expect(signed.authorization).toBe(
      'TC3-HMAC-SHA256 Credential=AKIDz8krbsJ5yKBZQpn74WFkmLPx3*******/2019-02-25/cvm/tc3_request, SignedHeaders=content-type;host;x-tc-action, Signature=be4f67d323c78ab9acb7395e43c0dbcf822a9cfac32fea2449a7bc7726b770a3',
    );
  });

  it('reproduces the earlier revision: content-type;host', () => {
    const signed = signTc3({ ...base, headers: { 'content-type': 'application/json; charset=utf-8', host: 'cvm.tencentcloudapi.com' } });
    expect(signed.stringToSign.split('\n')[3]).toBe('5ffe6a04c0664d6b969fab9a13bdab201d63ee709638e2749d62a09ca18d7031');
    expect(signed.authorization).toBe(
      'TC3-HMAC-SHA256 Credential=AKIDz8krbsJ5yKBZQpn74WFkmLPx3*******/2019-02-25/cvm/tc3_request, SignedHeaders=content-type;host, Signature=2230eefd229f582d8b1b891af7107b91597240707d778ab3738f756258d7652c',
    );
  });

  it('changes with the key, the body and the day', () => {
    const headers = { 'content-type': 'application/json; charset=utf-8', host: 'sms.tencentcloudapi.com' };
    const one = signTc3({ ...base, service: 'sms', headers }).signature;
    expect(signTc3({ ...base, service: 'sms', headers, secretKey: 'other' }).signature).not.toBe(one);
    expect(signTc3({ ...base, service: 'sms', headers, payload: `${PAYLOAD} ` }).signature).not.toBe(one);
    expect(signTc3({ ...base, service: 'sms', headers, timestamp: TIMESTAMP + 86_400 }).signature).not.toBe(one);
  });
});
