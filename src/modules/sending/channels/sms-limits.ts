import { z } from 'zod';
import type { SendLimits } from '../ports.js';

const Count = z.coerce.number().int().positive().optional();

/** `settings.limits` of an SMS account: `{ perSecond?, perMinute?, perHour?, perDay? }`. */
const LimitsSchema = z
  .object({ perSecond: Count, perMinute: Count, perHour: Count, perDay: Count })
  .partial()
  .catch({});

/**
 * The send limits an SMS account's settings declare (providers cap messages per second, carriers
 * per day). Unparseable limits count as none rather than stopping a campaign; account validation
 * is the place to refuse them.
 */
export function smsLimitsOf(settings: Readonly<Record<string, unknown>>): SendLimits {
  const parsed = LimitsSchema.parse(settings.limits ?? {});
  return { perSecond: parsed.perSecond, perMinute: parsed.perMinute, perHour: parsed.perHour, perDay: parsed.perDay };
}
