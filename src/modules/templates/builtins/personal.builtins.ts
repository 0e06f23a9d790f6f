import type { BuiltinPart } from './builtin.js';
import { cardLayout } from './card.layout.js';

/** Birthday greetings and the product announcement, in Chinese and English. */
export const PERSONAL_BUILTINS: readonly BuiltinPart[] = [
  {
    kind: 'birthday',
    channel: 'email',
    language: 'zh-CN',
    description: '生日祝福',
    version: {
      subject: '生日快乐，{{default customer.givenName customer.displayName}}！',
      bodyFormat: 'mjml',
      isMarketing: true,
      body: cardLayout({
        language: 'zh-CN',
        title: '生日快乐',
        preview: '祝您生日快乐！',
        bannerColor: '#f28c28',
        bannerTextColor: '#ffffff',
        bannerText: '生日快乐',
        bannerSubtext: 'Happy Birthday',
        paragraphs: [
          '{{#if customer.birthday}}今天（{{formatDate customer.birthday "monthDay"}}）是您的生日，{{else}}在您生日之际，{{/if}}我们衷心祝您生日快乐！',
          '愿您在新的一岁里身体健康，心想事成，每一天都充满阳光。',
        ],
        closing: '再次祝您生日快乐！',
      }),
    },
  },
  {
    kind: 'birthday',
    channel: 'email',
    language: 'en',
    description: 'Birthday greeting',
    version: {
      subject: 'Happy birthday, {{default customer.givenName customer.displayName}}!',
      bodyFormat: 'mjml',
      isMarketing: true,
      body: cardLayout({
        language: 'en',
        title: 'Happy Birthday',
        preview: 'Wishing you a wonderful birthday!',
        bannerColor: '#f28c28',
        bannerTextColor: '#ffffff',
        bannerText: 'Happy Birthday',
        bannerSubtext: 'Wishing you a wonderful day',
        paragraphs: [
          '{{#if customer.birthday}}Today, {{formatDate customer.birthday "monthDay"}}, is your birthday{{else}}On your birthday{{/if}}, and we want to wish you all the very best!',
          'May the year ahead bring you good health, happiness and success.',
        ],
        closing: 'Many happy returns,',
      }),
    },
  },
  {
    kind: 'product-announcement',
    channel: 'email',
    language: 'zh-CN',
    description: '新品发布 / 产品资讯（标题取活动名称）',
    version: {
      subject: '{{campaign.name}}',
      bodyFormat: 'mjml',
      isMarketing: true,
      body: cardLayout({
        language: 'zh-CN',
        title: '新品发布',
        preview: '我们有新消息要告诉您',
        bannerColor: '#2557a7',
        bannerTextColor: '#ffffff',
        bannerText: '{{campaign.name}}',
        bannerSubtext: '新品发布',
        paragraphs: [
          '感谢您一直以来对我们的关注。我们很高兴地通知您：{{campaign.name}}现已正式推出。',
          '如您希望了解详情或预约演示，直接回复这封邮件即可，我们会尽快与您联系。',
        ],
        closing: '期待您的回复。',
      }),
    },
  },
  {
    kind: 'product-announcement',
    channel: 'email',
    language: 'en',
    description: 'Product announcement (headline from the campaign name)',
    version: {
      subject: '{{campaign.name}}',
      bodyFormat: 'mjml',
      isMarketing: true,
      body: cardLayout({
        language: 'en',
        title: 'Product news',
        preview: 'We have news to share with you',
        bannerColor: '#2557a7',
        bannerTextColor: '#ffffff',
        bannerText: '{{campaign.name}}',
        bannerSubtext: 'Product news',
        paragraphs: [
          'Thank you for following our work. We are happy to announce: {{campaign.name}} is now available.',
          'To learn more or book a demo, simply reply to this email and we will get back to you shortly.',
        ],
        closing: 'Best regards,',
      }),
    },
  },
];
