import type { AnyComponent } from 'preact';
import type { Permission } from '../auth.js';
import type { common } from '../i18n/common.js';

type NavKey = Extract<keyof (typeof common)['en'], `nav${string}`>;
type CommonKey = keyof (typeof common)['en'];

/**
 * One route of the UI. A screen folder exports its routes in `routes.ts`; `screens/index.ts` lists
 * the folders. `permissions`: the user needs any one of them (the API checks again; this only
 * keeps people from pages that would refuse them).
 */
export interface ScreenRoute {
  /** preact-iso pattern, e.g. `/customers/:id`. */
  readonly path: string;
  readonly component: AnyComponent<Record<string, unknown>>;
  readonly permissions: readonly Permission[];
  /** Shown in the main menu under this label (one route per section). */
  readonly nav?: NavKey;
  /** The page title (`document.title`) when it is not the section's menu label. */
  readonly title?: CommonKey;
}
