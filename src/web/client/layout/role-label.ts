import type { Me } from '../auth.js';
import type { common } from '../i18n/common.js';
import type { Translate } from '../i18n/index.js';

type CommonKey = keyof (typeof common)['en'];

const KEYS: Record<Me['user']['role'], CommonKey> = {
  admin: 'roleAdmin',
  marketer: 'roleMarketer',
  sales: 'roleSales',
  finance: 'roleFinance',
  readonly: 'roleReadonly',
};

/** A role's name in the current language. */
export function roleLabel(role: Me['user']['role'], t: Translate<CommonKey>): string {
  return t(KEYS[role]);
}
