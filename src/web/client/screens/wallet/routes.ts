import type { ScreenRoute } from '../screen.js';
import { WalletScreen } from './wallet.screen.js';

/** Routes of the wallet section. */
export const walletRoutes: readonly ScreenRoute[] = [{ path: '/wallet', component: WalletScreen, permissions: ['wallet:read'], nav: 'navWallet' }];
