import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { countSegments, SmppProvider, type DeliveryReceipt, type InboundSms } from '../../../src/adapters/sms/index.js';
import { startSmsc, type SmscProcess } from '../../fixtures/sms/smsc-process.js';

describe('SMPP provider against an SMSC simulator process', () => {
  let smsc: SmscProcess;
  let provider: SmppProvider;
  const receipts: DeliveryReceipt[] = [];
  const inbound: InboundSms[] = [];
  let onReceipt: (() => void) | undefined;
  let onInbound: (() => void) | undefined;

  beforeAll(async () => {
    smsc = await startSmsc({ systemId: 'tidings', password: 'secret12', throttled: '8613900000001', invalid: '8613900000002' });
    provider = new SmppProvider({
      host: '127.0.0.1',
      port: smsc.port,
      guard: { allowPrivateHosts: '127.0.0.1/8,::1' },
      systemId: 'tidings',
      password: 'secret12',
      sourceAddr: '10690000',
      enquireLinkMs: 200,
      onReceipt: (r) => {
        receipts.push(r);
        onReceipt?.();
      },
      onInbound: (m) => {
        inbound.push(m);
        onInbound?.();
      },
    });
  });
  afterAll(async () => {
    await provider?.close();
    await smsc?.stop();
  });

  it('splits a long UCS-2 message into UDH parts the SMSC reassembles, and gets a receipt', async () => {
    const text = '尊敬的王先生：新春佳节到来之际，谨祝您和家人身体健康、万事如意！感谢您一年来对我们的支持与信任，我们将一如既往为您提供优质的服务。😀 回复TD退订';
    const expected = countSegments(text, { provider: 'smpp' });
    expect(expected).toMatchObject({ encoding: 'UCS-2', segments: 2 });
    const firstReceipt = new Promise<void>((resolve) => (onReceipt = resolve));
    const result = await provider.send({ to: '+8613800138000', text, idempotencyKey: 'k1' });
    expect(result.parts).toBe(2);
    const message = await smsc.waitFor((e) => e.event === 'message' && e.to === '8613800138000');
    expect(message).toMatchObject({ text, parts: 2, dataCoding: 8 });
    expect(message.ids[0]).toBe(result.providerMessageId);
    const submits = smsc.events.filter((e) => e.event === 'submit' && e.to === '8613800138000');
    expect(submits.map((s) => [s.seq, s.total, s.esmClass & 0x40])).toEqual([[1, 2, 0x40], [2, 2, 0x40]]);
    await firstReceipt;
    expect(receipts[0]).toMatchObject({ providerMessageId: result.providerMessageId, status: 'delivered', providerStatus: 'DELIVRD' });
  });

  it('sends GSM-7 with data_coding 0, extension characters intact across parts', async () => {
    const text = `Price {EUR} €10 [offer] ~ ${'x'.repeat(150)}`;
    const result = await provider.send({ to: '+447700900123', text, idempotencyKey: 'k2' });
    expect(result.parts).toBe(countSegments(text, { provider: 'smpp' }).segments);
    const message = await smsc.waitFor((e) => e.event === 'message' && e.to === '447700900123');
    expect(message).toMatchObject({ text, dataCoding: 0, parts: 2 });
  });

  it('translates throttling and a bad destination', async () => {
    await expect(provider.send({ to: '+8613900000001', text: 'hi', idempotencyKey: 't' })).rejects.toMatchObject({ code: 'SMS_RATE_LIMITED', retryable: true });
    await expect(provider.send({ to: '+8613900000002', text: 'hi', idempotencyKey: 'i' })).rejects.toMatchObject({ code: 'SMS_INVALID_NUMBER', retryable: false });
  });

  it('receives an inbound message (opt-out keyword)', async () => {
    const got = new Promise<void>((resolve) => (onInbound = resolve));
    smsc.command({ cmd: 'mo', from: '8613800138000', to: '10690000', text: 'TD' });
    await got;
    expect(inbound.at(-1)).toEqual({ from: '+8613800138000', to: '10690000', text: 'TD' });
  });

  it('reconnects and binds again after the SMSC drops the connection', async () => {
    const binds = smsc.events.filter((e) => e.event === 'bound').length;
    smsc.command({ cmd: 'drop' });
    await smsc.waitFor((e) => e.event === 'dropped');
    // The drop may still be in flight on our side: the first send may find a dead socket.
    let result;
    for (let attempt = 0; attempt < 3 && !result; attempt++) {
      result = await provider.send({ to: '+8613800138001', text: 'after reconnect', idempotencyKey: `r${attempt}` }).catch(() => undefined);
    }
    expect(result?.status).toBe('accepted');
    // The simulator reports its bind over a pipe, which may trail our submit_sm_resp: wait for it.
    const bound = () => smsc.events.filter((e) => e.event === 'bound').length;
    await smsc.waitFor(() => bound() > binds);
    expect(bound()).toBe(binds + 1);
  });

  it('refuses a wrong password at bind', async () => {
    const wrong = new SmppProvider({ host: '127.0.0.1', port: smsc.port, systemId: 'tidings', password: 'nope', sourceAddr: '1069', guard: { allowPrivateHosts: '127.0.0.1/8,::1' } });
    await expect(wrong.send({ to: '+8613800138000', text: 'x', idempotencyKey: 'w' })).rejects.toMatchObject({ code: 'SMS_AUTH_FAILED' });
    await wrong.close();
  });
});
