/** Answers already given: the send path asks once per message, and each answer builds an Intl formatter. */
const knownZones = new Map<string, boolean>();
/** Any string can be asked; past this many distinct ones the memory starts over. */
const KNOWN_ZONES_MAX = 2_000;

/** True when `zone` is an IANA time zone the runtime knows (Asia/Shanghai, Europe/Berlin…). The one check every module uses. */
export function isTimeZone(zone: string): boolean {
  let valid = knownZones.get(zone);
  if (valid === undefined) {
    try {
      new Intl.DateTimeFormat('en', { timeZone: zone });
      valid = true;
    } catch {
      valid = false; // RangeError: not a zone this runtime knows
    }
    if (knownZones.size >= KNOWN_ZONES_MAX) knownZones.clear();
    knownZones.set(zone, valid);
  }
  return valid;
}
