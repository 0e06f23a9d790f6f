import { systemClock, type Clock } from '../../platform/clock/index.js';
/** A birthday: month and day, the year optional (many people give only the day they celebrate). */
export interface Birthday {
  readonly month: number;
  readonly day: number;
  readonly year: number | null;
}

const DAYS_IN_MONTH = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

const isLeap = (y: number): boolean => (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;

/** True when month/day (and year, when given) is a real calendar date; Feb 29 needs a leap year. */
export function isValidBirthday(month: number, day: number, year: number | null, clock: Clock = systemClock): boolean {
  if (!Number.isInteger(month) || !Number.isInteger(day) || month < 1 || month > 12 || day < 1) return false;
  if (day > (DAYS_IN_MONTH[month - 1] ?? 0)) return false;
  if (year !== null) {
    if (!Number.isInteger(year) || year < 1900 || year > clock.date().getUTCFullYear()) return false;
    if (month === 2 && day === 29 && !isLeap(year)) return false;
  }
  return true;
}

const FORMS: readonly RegExp[] = [
  /^(?<year>\d{4})[-/.](?<month>\d{1,2})[-/.](?<day>\d{1,2})$/, // 1990-03-15, 1990/3/5
  /^(?<year>\d{4})(?<month>\d{2})(?<day>\d{2})$/, // 19900315
  /^(?:--)?(?<month>\d{1,2})[-/.](?<day>\d{1,2})$/, // 03-15, --03-15 (ISO 8601 without year), 3/15
  /^(?:(?<year>\d{4})年)?(?<month>\d{1,2})月(?<day>\d{1,2})[日号]?$/, // 1990年3月15日, 3月15号
];

/**
 * Parses a birthday as people write it: 1990-03-15, 1990/3/15, 19900315, 03-15, --03-15, 3/15
 * (month first), 1990年3月15日, 3月15号. Returns undefined for anything else or an impossible date
 * (02-30, 1991-02-29). Day-first forms (15/03) are not guessed: they are ambiguous.
 */
export function parseBirthday(raw: string): Birthday | undefined {
  const text = raw.normalize('NFKC').replace(/\s+/g, '');
  for (const form of FORMS) {
    const groups = form.exec(text)?.groups;
    if (!groups) continue;
    const month = Number(groups.month);
    const day = Number(groups.day);
    const year = groups.year === undefined ? null : Number(groups.year);
    return isValidBirthday(month, day, year) ? { month, day, year } : undefined;
  }
  return undefined;
}

/** YYYY-MM-DD, or --MM-DD (ISO 8601's form without a year) when the year is unknown. */
export function formatBirthday(b: Birthday): string {
  const md = `${String(b.month).padStart(2, '0')}-${String(b.day).padStart(2, '0')}`;
  return b.year === null ? `--${md}` : `${b.year}-${md}`;
}
