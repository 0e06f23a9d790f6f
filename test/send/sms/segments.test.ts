import { describe, expect, it } from 'vitest';
import { countSegments, messageParts, providerAddsSignature, splitParts, textForProvider, type SegmentCount, type SmsProviderKind } from '../../../src/adapters/sms/index.js';

interface Case {
  name: string;
  input: { text: string; provider: SmsProviderKind; signature?: string };
  expected: SegmentCount;
}

const gsm = (text: string, characters: number, segments: number): Omit<Case, 'name'>[] =>
  (['twilio', 'smpp'] as const).map((provider) => ({ input: { text, provider }, expected: { encoding: 'GSM-7', characters, segments } }));
const ucs = (text: string, characters: number, segments: number): Omit<Case, 'name'>[] =>
  (['twilio', 'smpp'] as const).map((provider) => ({ input: { text, provider }, expected: { encoding: 'UCS-2', characters, segments } }));
const cn = (text: string, characters: number, segments: number, signature?: string): Omit<Case, 'name'> => ({
  input: { text, provider: 'aliyun', ...(signature ? { signature } : {}) },
  expected: { encoding: 'UCS-2', characters, segments },
});

const table: [string, Omit<Case, 'name'>[]][] = [
  ['pure GSM, 1 char', gsm('A', 1, 1)],
  ['pure GSM, exactly 160', gsm('a'.repeat(160), 160, 1)],
  ['pure GSM, 161 → 2 parts', gsm('a'.repeat(161), 161, 2)],
  ['pure GSM, 153×2 = 306 → 2 parts', gsm('a'.repeat(306), 306, 2)],
  ['pure GSM, 307 → 3 parts', gsm('a'.repeat(307), 307, 3)],
  ['extension chars count two: 80 × { = 160 septets', gsm('{'.repeat(80), 80, 1)],
  ['extension chars count two: 81 × { = 162 septets → 2', gsm('{'.repeat(81), 81, 2)],
  ['159 + € (2 septets) = 161 → 2', gsm(`${'a'.repeat(159)}€`, 160, 2)],
  ['an escape pair is not split: 152 + [ + 10 → 2 parts', gsm(`${'a'.repeat(152)}[${'a'.repeat(10)}`, 163, 2)],
  ['é is in the GSM alphabet', gsm(`Café ${'a'.repeat(155)}`, 160, 1)],
  ['one ç switches to UCS-2', ucs(`ç${'a'.repeat(69)}`, 70, 1)],
  ['one ç, 71 chars → 2 parts', ucs(`ç${'a'.repeat(70)}`, 71, 2)],
  ['Chinese, exactly 70', ucs('中'.repeat(70), 70, 1)],
  ['Chinese, 71 → 2', ucs('中'.repeat(71), 71, 2)],
  ['Chinese, 67×2 = 134 → 2', ucs('中'.repeat(134), 134, 2)],
  ['Chinese, 135 → 3', ucs('中'.repeat(135), 135, 3)],
  ['emoji count two UTF-16 units: 35 × 😀 = 70 → 1', ucs('😀'.repeat(35), 35, 1)],
  ['emoji: 36 × 😀 = 72 → 2', ucs('😀'.repeat(36), 36, 2)],
  ['a surrogate pair is not split: 66 中 + 😀 + 66 中 → 3', ucs(`${'中'.repeat(66)}😀${'中'.repeat(66)}`, 133, 3)],
  ['China: body 70 → 1', [cn('中'.repeat(70), 70, 1)]],
  ['China: body 71 → 2 (67 per part)', [cn('中'.repeat(71), 71, 2)]],
  ['China: 134 → 2, 135 → 3', [cn('中'.repeat(134), 134, 2), cn('中'.repeat(135), 135, 3)]],
  ['China: Latin text still 70 per message', [cn('a'.repeat(70), 70, 1), cn('a'.repeat(71), 71, 2)]],
  ['China: signature counts — 【某某公司】 (6) + 64 = 70 → 1', [cn('中'.repeat(64), 70, 1, '某某公司')]],
  ['China: signature counts — 【某某公司】 + 65 = 71 → 2', [cn('中'.repeat(65), 71, 2, '【某某公司】')]],
  ['China: an emoji is one character (code point)', [cn('😀'.repeat(70), 70, 1), cn('😀'.repeat(71), 71, 2)]],
];

// Tencent Cloud bills mainland SMS by the same China rule as Aliyun: every China case runs for both.
const bothChina = (c: Omit<Case, 'name'>): Omit<Case, 'name'>[] => (c.input.provider === 'aliyun' ? [c, { ...c, input: { ...c.input, provider: 'tencent' } }] : [c]);
const cases: Case[] = table.flatMap(([name, list]) => list.flatMap(bothChina).map((c) => ({ name: `${name} [${c.input.provider}]`, ...c })));

describe('countSegments', () => {
  for (const c of cases) {
    it(c.name, () => {
      expect(countSegments(c.input.text, { provider: c.input.provider, signature: c.input.signature })).toEqual(c.expected);
    });
  }

  it('Tencent, like Aliyun, adds the signature itself: the parts count it once, from the body', () => {
    expect(providerAddsSignature('tencent')).toBe(true);
    expect(textForProvider('tencent', { text: '【某某公司】新春快乐', body: '新春快乐' })).toBe('新春快乐');
    expect(messageParts('tencent', '中'.repeat(64), '【某某公司】')).toEqual({ encoding: 'UCS-2', characters: 70, segments: 1 });
    expect(messageParts('tencent', '中'.repeat(65), '某某公司').segments).toBe(2);
  });

  it('twilio/smpp count a signature as part of the text', () => {
    expect(countSegments('a'.repeat(155), { provider: 'twilio', signature: 'ACME: ' }).segments).toBe(2);
  });
});

describe('splitParts (what the SMPP provider submits) agrees with countSegments', () => {
  for (const c of cases.filter((x) => x.input.provider === 'smpp')) {
    it(c.name, () => {
      const { encoding, parts } = splitParts(c.input.text);
      expect({ encoding, parts: parts.length }).toEqual({ encoding: c.expected.encoding, parts: c.expected.segments });
      expect(parts.join('')).toBe(c.input.text);
    });
  }
});

describe('marketing opt-out text', () => {
  it('adds the provider line once and counts into the parts', async () => {
    const { withOptOut } = await import('../../../src/adapters/sms/index.js');
    // Aliyun's rule whatever the language; elsewhere 回T退订 for Chinese texts, STOP for others.
    expect(withOptOut('新春快乐', 'aliyun', 'zh-CN')).toBe('新春快乐拒收请回复R');
    expect(withOptOut('Happy holidays!', 'aliyun', 'en')).toBe('Happy holidays!拒收请回复R');
    // Aliyun's review asks for its own line: an older 回T退订 does not stand in for it.
    expect(withOptOut('新春快乐，回T退订', 'aliyun', 'zh-CN')).toBe('新春快乐，回T退订拒收请回复R');
    expect(withOptOut('新春快乐，拒收请回复R', 'tencent', 'zh-CN')).toBe('新春快乐，拒收请回复R');
    expect(withOptOut('新春快乐，退订回T', 'smpp', 'zh-CN')).toBe('新春快乐，退订回T');
    // "Stop by our shop" is no opt-out.
    expect(withOptOut('Stop by our shop today!', 'twilio', 'en')).toBe('Stop by our shop today! Reply STOP to opt out');
    expect(withOptOut('新春快乐', 'smpp', 'zh-CN')).toBe('新春快乐回T退订');
    expect(withOptOut('Happy holidays!', 'twilio', 'en')).toBe('Happy holidays! Reply STOP to opt out');
    expect(withOptOut('新春快乐', undefined, 'zh-Hans')).toBe('新春快乐回T退订');
    // 59 + 【某某公司】 is one part; the line makes it two.
    expect(countSegments('中'.repeat(59), { provider: 'aliyun', signature: '某某公司' }).segments).toBe(1);
    expect(countSegments(withOptOut('中'.repeat(59), 'aliyun', 'zh-CN'), { provider: 'aliyun', signature: '某某公司' }).segments).toBe(2);
  });
});

describe('countSegments fast path for one-part texts', () => {
  // Deterministic pseudo-random texts (no flaky seeds): basic GSM, extension characters, CR LF,
  // CJK, combining marks, emoji (surrogates), at lengths around the one-part limits.
  const alphabet = ['a', 'Z', '0', ' ', '@', 'é', 'Ä', '\n', '\r', '{', '€', '^', 'ç', '中', '文', '\u0301', '😀', '👍🏽', '£', '¿'];
  const lengths = [0, 1, 2, 20, 68, 69, 70, 71, 100, 152, 159, 160, 161, 200];

  function* texts(): Generator<string> {
    let seed = 0x2f6e2b1;
    const next = (n: number) => {
      seed = (Math.imul(seed, 1_103_515_245) + 12_345) >>> 0;
      return seed % n;
    };
    for (const length of lengths) {
      for (let variant = 0; variant < 60; variant++) {
        // Mostly one alphabet with a few others mixed in, so every branch is reached.
        const base = alphabet[next(alphabet.length)]!;
        let text = '';
        while (text.length < length) text += next(8) === 0 ? alphabet[next(alphabet.length)]! : base;
        yield text.slice(0, length);
      }
    }
  }

  it('agrees with the package on every text, for every provider that uses it', async () => {
    const { SegmentedMessage } = await import('../../../src/adapters/sms/segments-lib.js');
    const fast = { 'GSM-7': 0, 'UCS-2': 0 };
    for (const text of texts()) {
      const message = new SegmentedMessage(text);
      const expected = { encoding: message.encodingName, characters: message.numberOfUnicodeScalars, segments: Math.max(1, message.segmentsCount) };
      for (const provider of ['twilio', 'smpp'] as const) expect(countSegments(text, { provider }), JSON.stringify(text)).toEqual(expected);
      if (expected.segments === 1 && !/[\r\uD800-\uDFFF{€^]/.test(text)) fast[expected.encoding]++;
    }
    // The fast path must actually be exercised, in both encodings.
    expect(fast['GSM-7']).toBeGreaterThan(30);
    expect(fast['UCS-2']).toBeGreaterThan(30);
  });

  it('reads the GSM table the package uses (basic and extension characters)', async () => {
    const { unicodeToGsm } = await import('../../../src/adapters/sms/segments-lib.js');
    expect(unicodeToGsm['a'.charCodeAt(0)]).toHaveLength(1);
    expect(unicodeToGsm['€'.charCodeAt(0)]).toHaveLength(2);
    expect(unicodeToGsm['中'.charCodeAt(0)]).toBeUndefined();
  });
});
