/**
 * The slice of lunar-javascript (6tail, MIT; no bundled types) that src/schedule uses.
 * Lunar months are 1–12, negative for a leap month; solar dates are in China time (UTC+8).
 */
declare module 'lunar-javascript' {
  interface SolarDate {
    getYear(): number;
    getMonth(): number;
    getDay(): number;
    /** `YYYY-MM-DD`. */
    toYmd(): string;
  }
  interface LunarDate {
    getYear(): number;
    getMonth(): number;
    getDay(): number;
    getSolar(): SolarDate;
    /** Solar terms around this lunar year keyed by Chinese name (清明, 冬至…), China dates. */
    getJieQiTable(): Record<string, SolarDate>;
  }
  const lunar: {
    Lunar: { fromYmd(year: number, month: number, day: number): LunarDate };
    Solar: { fromYmd(year: number, month: number, day: number): SolarDate & { getLunar(): LunarDate } };
  };
  export default lunar;
}
