import type { Permission } from '../../auth.js';
import type { ScreenRoute } from '../screen.js';
import type { homeMessages } from './home.messages.js';

type CardText = Exclude<keyof (typeof homeMessages)['en'], 'welcome' | 'intro'>;
type Nav = NonNullable<ScreenRoute['nav']>;

/**
 * What each section's card says, by what the user may do there: the first permission they hold
 * picks the text. A section without a matching permission gets no card, so the overview never
 * promises what the role cannot do (e.g. a sales rep, who may only send one-off emails from the
 * customers page, gets no campaigns card).
 */
export const CARD_TEXTS: Readonly<Record<Exclude<Nav, 'navHome'>, readonly (readonly [Permission, CardText])[]>> = {
  navCustomers: [
    ['customers:write', 'customersWrite'],
    ['customers:own', 'customersOwn'],
    ['customers:read', 'customersRead'],
  ],
  navCampaigns: [
    ['campaigns:write', 'campaignsWrite'],
    ['campaigns:read', 'campaignsRead'],
  ],
  navTemplates: [
    ['templates:write', 'templatesWrite'],
    ['templates:read', 'templatesRead'],
  ],
  navInbox: [
    ['inbox:read', 'inboxRead'],
    ['inbox:own', 'inboxOwn'],
  ],
  navAccounts: [
    ['accounts:write', 'accountsWrite'],
    ['accounts:own', 'accountsOwn'],
    ['accounts:read', 'accountsRead'],
  ],
  navWallet: [
    ['wallet:topup', 'walletTopup'],
    ['wallet:read', 'walletRead'],
  ],
  navUsers: [['users:admin', 'usersAdmin']],
  navCompany: [['company:write', 'companyWrite']],
};

/** The overview's cards: menu sections the user may open, each with the text for what they may do. */
export function homeCards(menu: readonly ScreenRoute[], permissions: readonly Permission[]): { path: string; nav: Exclude<Nav, 'navHome'>; text: CardText }[] {
  const cards: { path: string; nav: Exclude<Nav, 'navHome'>; text: CardText }[] = [];
  for (const route of menu) {
    if (!route.nav || route.nav === 'navHome') continue;
    const text = CARD_TEXTS[route.nav].find(([permission]) => permissions.includes(permission))?.[1];
    if (text) cards.push({ path: route.path, nav: route.nav, text });
  }
  return cards;
}
