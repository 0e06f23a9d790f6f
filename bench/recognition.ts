// `node --import tsx bench/recognition.ts`: how much of the fixture corpus the classifier
// recognises, per family directory of test/fixtures/bounces, as the markdown table that
// docs/recognition.md carries (test/inbox/recognition.test.ts checks the two agree).
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { classifyMessage, parseMessage } from '../src/modules/inbox/index.js';

const ROOT = fileURLToPath(new URL('../test/fixtures/bounces/', import.meta.url));

interface Expected {
  kind: string;
  bounce?: { recipient: string | null; reason?: string; type?: string };
  complaint?: { recipient: string | null };
}

/** Per family: fixtures, how many got the right kind (and, for bounces and complaints, the right recipient), the right reason, and false bounces. */
export interface FamilyScore {
  readonly family: string;
  readonly messages: number;
  readonly recognised: number;
  readonly reasonRight: number;
  readonly reasonTotal: number;
  readonly falseBounces: number;
}

export async function scoreFixtures(): Promise<FamilyScore[]> {
  const out: FamilyScore[] = [];
  for (const family of readdirSync(ROOT).sort()) {
    const dir = join(ROOT, family);
    if (!statSync(dir).isDirectory()) continue;
    let messages = 0;
    let recognised = 0;
    let reasonRight = 0;
    let reasonTotal = 0;
    let falseBounces = 0;
    for (const file of readdirSync(dir).filter((f) => f.endsWith('.eml')).sort()) {
      const expected = JSON.parse(readFileSync(join(dir, file.replace(/\.eml$/, '.json')), 'utf8')) as Expected;
      const got = classifyMessage(await parseMessage(readFileSync(join(dir, file))));
      messages++;
      const recipient = expected.bounce?.recipient ?? expected.complaint?.recipient;
      const gotRecipient = got.bounce?.recipient ?? got.complaint?.recipient ?? null;
      if (got.kind === expected.kind && (recipient === undefined || recipient === gotRecipient)) recognised++;
      if (expected.kind !== 'bounce' && got.kind === 'bounce') falseBounces++;
      if (expected.bounce?.reason) {
        reasonTotal++;
        if (got.bounce?.reason === expected.bounce.reason) reasonRight++;
      }
    }
    out.push({ family, messages, recognised, reasonRight, reasonTotal, falseBounces });
  }
  return out;
}

const pct = (part: number, whole: number) => (whole === 0 ? '–' : `${Math.round((part * 1000) / whole) / 10} %`);

/** The markdown table of docs/recognition.md, between its marker comments. */
export function formatScores(scores: readonly FamilyScore[]): string {
  const total = scores.reduce((a, s) => ({ m: a.m + s.messages, r: a.r + s.recognised, rr: a.rr + s.reasonRight, rt: a.rt + s.reasonTotal, f: a.f + s.falseBounces }), { m: 0, r: 0, rr: 0, rt: 0, f: 0 });
  const lines = [
    '| fixtures | messages | recognised (kind + recipient) | reason right | non-bounces called bounces |',
    '|---|---:|---:|---:|---:|',
    ...scores.map((s) => `| ${s.family} | ${s.messages} | ${pct(s.recognised, s.messages)} | ${s.reasonTotal ? `${s.reasonRight}/${s.reasonTotal}` : '–'} | ${s.falseBounces} |`),
    `| **all** | **${total.m}** | **${pct(total.r, total.m)}** | **${total.rr}/${total.rt}** | **${total.f}** |`,
  ];
  return lines.join('\n');
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  process.stdout.write(`${formatScores(await scoreFixtures())}\n`);
}
