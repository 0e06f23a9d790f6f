/** How long a reservation has been held, split for display: minutes under an hour, hours under a day, else days. */
export type HeldAge = { readonly key: 'ageMinutes'; readonly minutes: number } | { readonly key: 'ageHours'; readonly hours: number; readonly minutes: number } | { readonly key: 'ageDays'; readonly days: number; readonly hours: number };

/** Splits `ageMs` (the server's "now − reserved at", never the browser clock) into the largest two units. */
export function heldAge(ageMs: number): HeldAge {
  const minutes = Math.max(0, Math.floor(ageMs / 60_000));
  if (minutes < 60) return { key: 'ageMinutes', minutes };
  const hours = Math.floor(minutes / 60);
  if (hours < 24) return { key: 'ageHours', hours, minutes: minutes % 60 };
  return { key: 'ageDays', days: Math.floor(hours / 24), hours: hours % 24 };
}
