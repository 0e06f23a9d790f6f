/** True when `zone` is an IANA time zone the runtime knows (Asia/Shanghai, Europe/Berlin…). */
export function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}
