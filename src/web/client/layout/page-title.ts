import type { ScreenRoute } from '../screens/screen.js';

/** True when `path` (no query) matches the preact-iso pattern (`/customers/:id`). */
export function matchesPattern(pattern: string, path: string): boolean {
  const want = pattern.split('/').filter(Boolean);
  const have = path.split('/').filter(Boolean);
  return want.length === have.length && want.every((part, i) => part.startsWith(':') || part === have[i]);
}

/**
 * The key of the title for `path`: the route's own `title`, else the menu label of the section it
 * belongs to (`/customers/12` → Customers), else undefined (the app name alone).
 */
export function titleKeyOf(routes: readonly ScreenRoute[], path: string): ScreenRoute['title'] | ScreenRoute['nav'] {
  const route = routes.find((r) => matchesPattern(r.path, path));
  if (route?.title) return route.title;
  if (route?.nav) return route.nav;
  const section = routes.filter((r) => r.nav && r.path !== '/' && (path === r.path || path.startsWith(`${r.path}/`))).sort((a, b) => b.path.length - a.path.length)[0];
  return section?.nav ?? (path === '/' ? 'navHome' : undefined);
}

/** "Users · Tidings"; the app name alone without a page name. */
export function pageTitle(page: string | undefined, appName: string): string {
  return page ? `${page} · ${appName}` : appName;
}
