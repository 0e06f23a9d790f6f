import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createLogger } from '../../src/platform/logger/index.js';

function capture(): { stream: Writable; text: () => string } {
  const chunks: string[] = [];
  const stream = new Writable({
    write(chunk, _encoding, done) {
      chunks.push(String(chunk));
      done();
    },
  });
  return { stream, text: () => chunks.join('') };
}

describe('logger', () => {
  it('redacts secrets wherever a module logs them by mistake', () => {
    const out = capture();
    const logger = createLogger({ level: 'info', destination: out.stream });
    const secret = 'S3cret-授权码-4711';
    logger.info({ password: secret }, 'top level');
    logger.info({ account: { name: '163', password: secret, smtp: { pass: secret } } }, 'nested');
    logger.info({ auth: { user: 'li', pass: secret }, token: secret, apiKey: secret }, 'credentials');
    logger.info({ req: { headers: { authorization: `Bearer ${secret}`, cookie: `sid=${secret}` } } }, 'request');
    logger.info({ account: { smtp: { auth: { user: 'li', pass: secret } }, incoming: { password: secret } } }, 'loaded account');
    const text = out.text();
    expect(text.split('\n').filter(Boolean)).toHaveLength(5);
    expect(text).not.toContain('S3cret');
    expect(text).toContain('••••');
    expect(text).toContain('"name":"163"');
  });
});
