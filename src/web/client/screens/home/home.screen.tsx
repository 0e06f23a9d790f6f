import { useMe } from '../../auth.js';
import { common } from '../../i18n/common.js';
import { defineMessages, useT } from '../../i18n/index.js';
import { useMenu } from '../../layout/menu.js';
import { PageHeader } from '../../ui/components.js';

const messages = defineMessages({
  en: {
    welcome: 'Welcome, {name}',
    intro: 'What would you like to do?',
    navCustomers: 'Find customers, tick some and email or text them; import and export lists.',
    navCampaigns: 'Create greetings and campaigns, schedule them and watch them send.',
    navTemplates: 'Write email and SMS templates with a live preview.',
    navInbox: 'Replies and bounces, filed under each customer.',
    navAccounts: 'Mailboxes and SMS accounts that send for you.',
    navWallet: 'Prepaid SMS balance, top-ups and usage.',
  },
  'zh-CN': {
    welcome: '欢迎，{name}',
    intro: '今天想做什么？',
    navCustomers: '查找客户，勾选后发邮件或短信；导入与导出名单。',
    navCampaigns: '创建节日问候与群发活动，定时发送并查看进度。',
    navTemplates: '编辑邮件和短信模板，实时预览。',
    navInbox: '回复与退信，按客户归档。',
    navAccounts: '替您发信的邮箱和短信账户。',
    navWallet: '短信预付余额、充值与用量。',
  },
});

/** The landing page: one card per section the user may open. */
export function HomeScreen() {
  const me = useMe();
  const t = useT(messages);
  const tc = useT(common);
  const sections = useMenu().filter((route) => route.nav !== 'navHome');
  return (
    <>
      <PageHeader title={t('welcome', { name: me.user.displayName ?? me.user.username })} />
      <p>{t('intro')}</p>
      <ul class="cards">
        {sections.map((route) => {
          const nav = route.nav as Exclude<typeof route.nav, 'navHome' | undefined>;
          return (
            <li key={route.path} class="card">
              <a href={route.path}>
                <strong>{tc(nav)}</strong>
                <span>{t(nav)}</span>
              </a>
            </li>
          );
        })}
      </ul>
    </>
  );
}
