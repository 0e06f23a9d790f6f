// The contract every SmsApprovalClient keeps, whatever the provider: run for Aliyun (against the
// local Dysmsapi server), Tencent Cloud (against the local TC3-verifying server) and the sandbox.
import { describe, expect, it } from 'vitest';
import type { SmsApprovalClient } from '../../../src/adapters/sms/index.js';

/** A 1×1 PNG: every provider takes an image as proof (Tencent takes no PDF). */
const ONE_PIXEL_PNG = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==';

/** How the contract drives one provider. */
export interface ApprovalHarness {
  readonly name: string;
  readonly client: () => SmsApprovalClient;
  /** The provider's reviewer decides a submitted template (a no-op where the provider decides by itself). */
  decideTemplate(code: string, verdict: 'approved' | 'rejected', reason: string): Promise<void> | void;
  decideSignature(ref: string, verdict: 'approved' | 'rejected', reason: string): Promise<void> | void;
  /** A template text, in this provider's syntax, that its reviewer will reject once decided. */
  readonly rejectedText: string;
  /** A signature name its reviewer will reject once decided. */
  readonly rejectedSignature: string;
}

export function approvalContract(harness: ApprovalHarness): void {
  describe(`SmsApprovalClient contract: ${harness.name}`, () => {
    it('declares its placeholder syntax and its marketing-variables rule', () => {
      const client = harness.client();
      expect(['named', 'positional']).toContain(client.placeholders);
      expect(typeof client.marketingVariables).toBe('boolean');
    });

    it('a submitted template is pending with a code; the reviewer approves it and the query says so', async () => {
      const client = harness.client();
      const content = client.placeholders === 'named' ? '尊敬的${name}，您的订单已发货。' : '尊敬的{1}，您的订单已发货。';
      const submitted = await client.submitTemplate({ name: 'order shipped', content, kind: 'notification', remark: 'order notices to our customers' });
      expect(submitted.status).toBe('pending');
      expect(submitted.code).not.toBe('');
      await harness.decideTemplate(submitted.code, 'approved', '');
      const state = await client.queryTemplate(submitted.code);
      expect(state).toMatchObject({ code: submitted.code, status: 'approved' });
      expect(state.reason).toBeUndefined();
    });

    it('a rejected template comes back rejected with the reviewer’s reason', async () => {
      const client = harness.client();
      const submitted = await client.submitTemplate({ name: 'promo', content: harness.rejectedText, kind: 'marketing', remark: 'holiday greetings' });
      expect(submitted.status).toBe('pending');
      await harness.decideTemplate(submitted.code, 'rejected', '营销内容需包含退订方式');
      const state = await client.queryTemplate(submitted.code);
      expect(state.status).toBe('rejected');
      expect(state.reason).toMatch(/\S/);
    });

    it('a signature is pending, then approved or rejected with a reason', async () => {
      const client = harness.client();
      const ok = await client.submitSignature({ name: '示例贸易', source: 'company', remark: 'our company name', proof: { base64: ONE_PIXEL_PNG, type: 'png' } });
      expect(ok).toMatchObject({ name: '示例贸易', status: 'pending' });
      await harness.decideSignature(ok.ref, 'approved', '');
      expect(await client.querySignature(ok.ref)).toMatchObject({ ref: ok.ref, status: 'approved' });

      const bad = await client.submitSignature({ name: harness.rejectedSignature, source: 'company', remark: 'x', proof: { base64: ONE_PIXEL_PNG, type: 'png' } });
      await harness.decideSignature(bad.ref, 'rejected', '签名与企业名称不符');
      const state = await client.querySignature(bad.ref);
      expect(state.status).toBe('rejected');
      expect(state.reason).toMatch(/\S/);
    });
  });
}
