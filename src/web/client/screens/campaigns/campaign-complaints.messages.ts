import { defineMessages } from '../../i18n/index.js';

/** Texts of the campaign page's complaints panel. */
export const campaignComplaintsMessages = defineMessages({
  en: {
    complaintsTitle: 'Spam complaints',
    complaintsCampaign: 'This campaign',
    complaintsAccount: 'Sending mailbox, all campaigns',
    complaintsValue: '{rate} % ({complaints} of {delivered} delivered)',
    complaintsNone: 'None yet ({delivered} delivered)',
    complaintsLimit: 'A running campaign pauses itself when complaints go above {limit} % of delivered messages, once at least {min} were delivered.',
    complaintsHint: 'A complaint is a recipient pressing "Report spam". That person no longer receives marketing by email or SMS.',
  },
  'zh-CN': {
    complaintsTitle: '垃圾邮件投诉',
    complaintsCampaign: '本活动',
    complaintsAccount: '发信邮箱（全部活动）',
    complaintsValue: '{rate}%（已送达 {delivered} 封中 {complaints} 封被投诉）',
    complaintsNone: '暂无投诉（已送达 {delivered} 封）',
    complaintsLimit: '活动已送达至少 {min} 封后，若投诉超过送达数的 {limit}%，活动会自动暂停。',
    complaintsHint: '投诉指收件人点击了“举报垃圾邮件”。此人将不再收到营销邮件和短信。',
  },
});
