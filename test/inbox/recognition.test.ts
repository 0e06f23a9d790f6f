import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatScores, scoreFixtures } from '../../bench/recognition.js';

describe('recognition on the fixture corpus', () => {
  it('recognises at least 95 % with the right recipient, calls no non-bounce a bounce, and docs/recognition.md shows the current table', async () => {
    const scores = await scoreFixtures();
    const messages = scores.reduce((n, s) => n + s.messages, 0);
    const recognised = scores.reduce((n, s) => n + s.recognised, 0);
    expect(messages).toBeGreaterThan(50);
    expect(recognised / messages).toBeGreaterThanOrEqual(0.95);
    expect(scores.reduce((n, s) => n + s.falseBounces, 0)).toBe(0);
    const doc = readFileSync(join(import.meta.dirname, '../../docs/recognition.md'), 'utf8');
    const table = /<!-- recognition:begin -->\n([\s\S]*?)\n<!-- recognition:end -->/.exec(doc)?.[1];
    expect(table).toBe(formatScores(scores));
  });
});
