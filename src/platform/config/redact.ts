import { MASK } from '../crypto/index.js';

/** What a URL's password or a secret query parameter is replaced by: `postgres://user:***@host/db`. */
export const URL_SECRET_MASK = '***';

/** Names of variables whose whole value is a secret (not BILLING_SMS_OPT_OUT_KEYWORDS or TIDINGS_KEY_FILE). */
const SECRET_NAME = /SECRET|PASSWORD|TOKEN|_KEY$/;
/** Query parameters that carry a secret (libpq's `password`, `sslpassword`; tokens and keys). */
const SECRET_PARAM = /pass|secret|token|key/i;

/**
 * Masks credentials inside every URL in `text`: the password of `scheme://user:password@host`
 * (the user name stays, it helps tell configurations apart) and the values of query parameters
 * named like secrets. Text without URLs comes back as it was.
 */
export function redactUrlCredentials(text: string): string {
  return text
    .replace(/\b([a-z][a-z0-9+.-]*:\/\/)([^\s/?#]*)@/gi, (_match, scheme: string, userinfo: string) => {
      const colon = userinfo.indexOf(':');
      return colon < 0 ? `${scheme}${userinfo}@` : `${scheme}${userinfo.slice(0, colon)}:${URL_SECRET_MASK}@`;
    })
    .replace(/([?&])([^=&#\s]+)=([^&#\s]*)/g, (match, sep: string, name: string) =>
      SECRET_PARAM.test(name) ? `${sep}${name}=${URL_SECRET_MASK}` : match,
    );
}

/** Masks URL credentials in every string inside `value` (objects and arrays walked). */
function redactDeep(value: unknown): unknown {
  if (typeof value === 'string') return redactUrlCredentials(value);
  if (Array.isArray(value)) return value.map(redactDeep);
  if (typeof value === 'object' && value !== null) return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, redactDeep(v)]));
  return value;
}

/**
 * The configuration as it may be printed or logged: variables named like secrets are masked
 * whole, and every URL loses its password (DATABASE_URL, REDIS_URL and any other).
 */
export function redactConfig(config: Readonly<Record<string, unknown>>): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(config).map(([name, value]) => [name, SECRET_NAME.test(name) && value ? MASK : redactDeep(value)]),
  );
}
