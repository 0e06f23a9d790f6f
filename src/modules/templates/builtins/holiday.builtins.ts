import type { BuiltinPart } from './builtin.js';
import { cardLayout } from './card.layout.js';

const card = (kind: string, language: 'zh-CN' | 'en', description: string, subject: string, layout: Parameters<typeof cardLayout>[0]): BuiltinPart => ({
  kind,
  channel: 'email',
  language,
  description,
  version: { subject, bodyFormat: 'mjml', body: cardLayout(layout), isMarketing: true },
});

/** Holiday greetings: Spring Festival, Mid-Autumn, New Year, Christmas — in Chinese and English. */
export const HOLIDAY_BUILTINS: readonly BuiltinPart[] = [
  card('spring-festival', 'zh-CN', '春节祝福', '恭贺新春，万事如意', {
    language: 'zh-CN',
    title: '恭贺新春',
    preview: '新春快乐，阖家幸福！',
    bannerColor: '#c8161d',
    bannerTextColor: '#ffd86b',
    bannerText: '恭贺新春',
    bannerSubtext: '新春快乐 · 万事如意',
    paragraphs: [
      '值此新春佳节来临之际，衷心感谢您过去一年的信任与支持。',
      '祝您和家人新春快乐，身体健康，阖家幸福，万事如意！{{#if customer.company}}也祝{{customer.company}}新的一年蒸蒸日上。{{/if}}',
    ],
    closing: '顺颂<br>春祺',
  }),
  card('spring-festival', 'en', 'Spring Festival (Chinese New Year) greeting', 'Happy Chinese New Year!', {
    language: 'en',
    title: 'Happy Chinese New Year',
    preview: 'Wishing you health and prosperity in the new year.',
    bannerColor: '#c8161d',
    bannerTextColor: '#ffd86b',
    bannerText: 'Happy Chinese New Year',
    bannerSubtext: 'Health, happiness and prosperity',
    paragraphs: [
      'As the Spring Festival arrives, thank you for your trust and support over the past year.',
      'We wish you and your family a joyful new year full of health, happiness and good fortune.{{#if customer.company}} May the year bring {{customer.company}} every success.{{/if}}',
    ],
    closing: 'Warm wishes,',
  }),
  card('mid-autumn', 'zh-CN', '中秋祝福', '中秋快乐，月圆人团圆', {
    language: 'zh-CN',
    title: '中秋快乐',
    preview: '但愿人长久，千里共婵娟。',
    bannerColor: '#1f2a4d',
    bannerTextColor: '#f6d57a',
    bannerText: '中秋快乐',
    bannerSubtext: '但愿人长久，千里共婵娟',
    paragraphs: [
      '又是一年月圆时。感谢您一直以来的陪伴与支持。',
      '祝您中秋佳节阖家团圆，花好月圆，幸福安康！',
    ],
    closing: '顺颂<br>秋祺',
  }),
  card('mid-autumn', 'en', 'Mid-Autumn Festival greeting', 'Happy Mid-Autumn Festival', {
    language: 'en',
    title: 'Happy Mid-Autumn Festival',
    preview: 'May the full moon bring you joy and reunion.',
    bannerColor: '#1f2a4d',
    bannerTextColor: '#f6d57a',
    bannerText: 'Happy Mid-Autumn Festival',
    bannerSubtext: 'May the full moon bring you joy and reunion',
    paragraphs: [
      'Under this year\'s full moon, we would like to thank you for being with us.',
      'We wish you and your loved ones a happy reunion and a peaceful festival.',
    ],
    closing: 'With warm regards,',
  }),
  card('new-year', 'zh-CN', '元旦祝福', '元旦快乐，新年新气象', {
    language: 'zh-CN',
    title: '元旦快乐',
    preview: '辞旧迎新，祝您新年快乐！',
    bannerColor: '#0f6f8f',
    bannerTextColor: '#ffffff',
    bannerText: '元旦快乐',
    bannerSubtext: '辞旧迎新 · 好运常伴',
    paragraphs: [
      '新的一年即将开始，感谢您在过去一年里的支持与厚爱。',
      '祝您元旦快乐，新年新气象，工作顺利，生活美满！',
    ],
    closing: '敬祝<br>新年快乐',
  }),
  card('new-year', 'en', 'New Year greeting', 'Happy New Year!', {
    language: 'en',
    title: 'Happy New Year',
    preview: 'Best wishes for the year ahead.',
    bannerColor: '#0f6f8f',
    bannerTextColor: '#ffffff',
    bannerText: 'Happy New Year',
    bannerSubtext: 'Best wishes for the year ahead',
    paragraphs: [
      'Thank you for your trust and support throughout the past year.',
      'We wish you a happy, healthy and successful New Year.',
    ],
    closing: 'All the best,',
  }),
  card('christmas', 'zh-CN', '圣诞祝福', '圣诞快乐！', {
    language: 'zh-CN',
    title: '圣诞快乐',
    preview: '愿温暖与喜悦伴您左右。',
    bannerColor: '#1e5631',
    bannerTextColor: '#ffffff',
    bannerText: '圣诞快乐',
    bannerSubtext: 'Merry Christmas',
    paragraphs: [
      '圣诞将至，感谢您一年来的信任与陪伴。',
      '愿温暖与喜悦伴您左右，祝您圣诞快乐，新年幸福！',
    ],
    closing: '敬祝<br>节日快乐',
  }),
  card('christmas', 'en', 'Christmas greeting', 'Merry Christmas!', {
    language: 'en',
    title: 'Merry Christmas',
    preview: 'Warm wishes for the holidays.',
    bannerColor: '#1e5631',
    bannerTextColor: '#ffffff',
    bannerText: 'Merry Christmas',
    bannerSubtext: 'and a Happy New Year',
    paragraphs: [
      'As the year draws to a close, thank you for your trust and support.',
      'We wish you a merry Christmas and a happy, peaceful holiday season.',
    ],
    closing: 'Season\'s greetings,',
  }),
];
