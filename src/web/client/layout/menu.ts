import { createContext } from 'preact';
import { useContext } from 'preact/hooks';
import type { ScreenRoute } from '../screens/screen.js';

/**
 * The menu the signed-in user may use (routes with a `nav` label and a permission they hold),
 * provided by the layout. Screens read it here rather than from `screens/index.ts`, which lists
 * the screens themselves (importing it from a screen would be an import cycle).
 */
export const MenuContext = createContext<readonly ScreenRoute[]>([]);

/** The current user's menu entries, in menu order. */
export function useMenu(): readonly ScreenRoute[] {
  return useContext(MenuContext);
}
