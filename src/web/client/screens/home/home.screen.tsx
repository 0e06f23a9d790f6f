import { useMe } from '../../auth.js';
import { common } from '../../i18n/common.js';
import { useT } from '../../i18n/index.js';
import { useMenu } from '../../layout/menu.js';
import { ErrorNotice, Loading, PageHeader } from '../../ui/components.js';
import { useAsync } from '../../ui/use-async.js';
import { BirthdaysCard, CampaignsCard, HolidaysCard, InboxCard, SmsCard } from './due-cards.js';
import { homeCards } from './home-cards.js';
import { homeMessages } from './home.messages.js';
import { getOverview } from './overview.api.js';
import { overviewMessages } from './overview.messages.js';

/**
 * The landing page: what is due (GET /api/overview; each card only for roles that may open what
 * it links to, the server leaves the others out), then one card per section the user may open.
 */
export function HomeScreen() {
  const me = useMe();
  const t = useT(homeMessages);
  const to = useT(overviewMessages);
  const tc = useT(common);
  const cards = homeCards(useMenu(), me.permissions);
  const overview = useAsync((signal) => getOverview(signal), []);
  const due = overview.data;
  return (
    <>
      <PageHeader title={t('welcome', { name: me.user.displayName || me.user.username })}>
        <a class="btn btn-secondary" href="/settings">
          {to('mySettings')}
        </a>
      </PageHeader>
      <h2>{to('dueHeading')}</h2>
      <ErrorNotice error={overview.error} onRetry={overview.reload} />
      {due ? (
        <div class="columns-even">
          {due.birthdays ? <BirthdaysCard birthdays={due.birthdays} /> : null}
          <HolidaysCard holidays={due.holidays} />
          {due.campaigns ? <CampaignsCard campaigns={due.campaigns} /> : null}
          {due.inbox ? <InboxCard inbox={due.inbox} /> : null}
          {due.sms ? <SmsCard sms={due.sms} /> : null}
        </div>
      ) : overview.error ? null : (
        <Loading />
      )}
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
