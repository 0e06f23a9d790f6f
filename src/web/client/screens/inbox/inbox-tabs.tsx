import { useLocation } from 'preact-iso';
import { useT } from '../../i18n/index.js';
import { inboxMessages } from './inbox.messages.js';
import { mineMessages } from './mine.messages.js';

/** Links between the inbox's two lists; the current one is marked for assistive technology. */
export function InboxTabs() {
  const t = useT(inboxMessages);
  const tm = useT(mineMessages);
  const { path } = useLocation();
  const tabs = [
    { href: '/inbox/mine', label: tm('tabMine'), current: path === '/inbox/mine' },
    { href: '/inbox', label: t('tabUnfiled'), current: path === '/inbox' },
    { href: '/inbox/campaigns', label: t('tabCampaigns'), current: path.startsWith('/inbox/campaigns') },
  ];
  return (
    <nav class="inbox-subnav" aria-label={t('sections')}>
      <ul>
        {tabs.map((tab) => (
          <li key={tab.href}>
            <a href={tab.href} aria-current={tab.current ? 'page' : undefined}>
              {tab.label}
            </a>
          </li>
        ))}
      </ul>
    </nav>
  );
}
