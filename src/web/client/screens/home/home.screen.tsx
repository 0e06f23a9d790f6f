import { useMe } from '../../auth.js';
import { common } from '../../i18n/common.js';
import { useT } from '../../i18n/index.js';
import { useMenu } from '../../layout/menu.js';
import { PageHeader } from '../../ui/components.js';
import { homeCards } from './home-cards.js';
import { homeMessages } from './home.messages.js';

/** The landing page: one card per section the user may open, saying what they may do there. */
export function HomeScreen() {
  const me = useMe();
  const t = useT(homeMessages);
  const tc = useT(common);
  const cards = homeCards(useMenu(), me.permissions);
  return (
    <>
      <PageHeader title={t('welcome', { name: me.user.displayName || me.user.username })} />
      <p>{t('intro')}</p>
      <ul class="cards">
        {cards.map((card) => (
          <li key={card.path} class="card">
            <a href={card.path}>
              <strong>{tc(card.nav)}</strong>
              <span>{t(card.text)}</span>
            </a>
          </li>
        ))}
      </ul>
    </>
  );
}
