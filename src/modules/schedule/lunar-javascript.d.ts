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
  interface LunarMonthInfo {
    getYear(): number;
    /** 1–12, negative for the leap month. */
    getMonth(): number;
    getDayCount(): number;
    getFirstJulianDay(): number;
  }
  interface LunarYearInfo {
    /** The months of this lunar year in order, the leap month (if any) after its namesake. */
    getMonthsInYear(): LunarMonthInfo[];
  }
  const lunar: {
    Lunar: { fromYmd(year: number, month: number, day: number): LunarDate };
    LunarYear: { fromYear(year: number): LunarYearInfo };
    Solar: {
      fromYmd(year: number, month: number, day: number): SolarDate & { getLunar(): LunarDate };
      fromJulianDay(julianDay: number): SolarDate;
    };
  };
  export default lunar;
}
