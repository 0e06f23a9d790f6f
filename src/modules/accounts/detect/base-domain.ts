/**
 * Second-level public suffixes common among the mail hosts we meet (China, Hong Kong, Taiwan,
 * Japan, Korea, UK, Australia, Brazil…). Not the full Public Suffix List: we only need the base
 * domain of MX hosts, and a miss merely costs one extra lookup.
 */
const TWO_LABEL_SUFFIXES = new Set([
  'com.cn', 'net.cn', 'org.cn', 'gov.cn', 'edu.cn', 'ac.cn',
  'com.hk', 'net.hk', 'org.hk', 'edu.hk', 'com.tw', 'net.tw', 'org.tw', 'edu.tw', 'com.mo', 'com.sg', 'com.my',
  'co.jp', 'ne.jp', 'or.jp', 'ac.jp', 'co.kr', 'or.kr', 'ne.kr',
  'co.uk', 'org.uk', 'ac.uk', 'com.au', 'net.au', 'org.au', 'com.br', 'com.tr', 'co.in', 'co.nz', 'com.mx', 'com.ru', 'co.za',
]);

/** The registrable domain of a host name: aspmx.l.google.com → google.com, mx.ym.163.com.cn → 163.com.cn. */
export function baseDomain(host: string): string {
  const labels = host.trim().toLowerCase().replace(/\.$/, '').split('.');
  const lastTwo = labels.slice(-2).join('.');
  return labels.slice(TWO_LABEL_SUFFIXES.has(lastTwo) ? -3 : -2).join('.');
}
