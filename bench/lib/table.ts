/** One line of the results table. */
export interface Row {
  readonly name: string;
  readonly count: number;
  readonly ms: number;
  readonly perSecond: number;
  readonly vsLimit?: number | undefined;
  readonly vsBaseline?: number | undefined;
  readonly note?: string;
}

const pct = (r: number | undefined) => (r === undefined ? '' : `${Math.round(r * 100)}%`);
const times = (r: number | undefined) => (r === undefined ? '' : `${r.toFixed(2)}×`);

/** A plain-text table, columns padded to the widest cell. */
export function formatRows(rows: readonly Row[]): string {
  const header = ['run', 'count', 'seconds', 'per second', 'vs limit', 'vs baseline', 'note'];
  const cells = rows.map((r) => [r.name, String(r.count), (r.ms / 1000).toFixed(2), String(r.perSecond), pct(r.vsLimit), times(r.vsBaseline), r.note ?? '']);
  const widths = header.map((h, i) => Math.max(h.length, ...cells.map((c) => (c[i] ?? '').length)));
  const line = (c: readonly string[]) => c.map((cell, i) => (i >= 1 && i <= 5 ? cell.padStart(widths[i] ?? 0) : cell.padEnd(widths[i] ?? 0))).join('  ').trimEnd();
  return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...cells.map(line)].join('\n');
}
