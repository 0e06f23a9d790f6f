import { SegmentedMessage, unicodeToGsm } from './segments-lib.js';

/** Providers whose counting rules differ. The sandbox stores messages locally and counts like Twilio/SMPP. */
/** Every provider kind, in the order lists show them. */
export const SMS_PROVIDER_KINDS = ['twilio', 'aliyun', 'tencent', 'smpp', 'sandbox'] as const;
export type SmsProviderKind = (typeof SMS_PROVIDER_KINDS)[number];

/** Result of {@link countSegments}: how the provider encodes and bills a text. */
export interface SegmentCount {
  readonly encoding: 'GSM-7' | 'UCS-2';
  /** Unicode code points in the counted text (signature included where the provider adds it). */
  readonly characters: number;
  /** Message parts the provider sends and bills. */
  readonly segments: number;
}

/** Options for {@link countSegments}. */
export interface CountSegmentsOptions {
  readonly provider: SmsProviderKind;
  /** Sign name / signature the provider adds; Aliyun wraps it in 【】 when not already. */
  readonly signature?: string | null | undefined;
}

/** China domestic rule (Aliyun, Tencent Cloud and the three carriers): one message up to 70, else 67 per part. */
export const CHINA_SINGLE = 70;
export const CHINA_PART = 67;

/** The sign name as Aliyun's and Tencent's SignName take it: the account's 【name】 without its brackets; undefined when empty. */
export function bareSignName(signature: string | null | undefined): string | undefined {
  return signature?.trim().replace(/^【|】$/g, '') || undefined;
}

/** Aliyun shows the sign name as 【name】 in front of the text; accept it with or without brackets. */
export function chinaSignature(signature: string): string {
  const trimmed = signature.trim();
  return trimmed.startsWith('【') ? trimmed : `【${trimmed}】`;
}

/**
 * Counts the parts a text costs at a provider.
 *
 * - twilio / smpp (GSM 03.38 networks): the `sms-segments-calculator` package (Twilio's own
 *   calculator). It is right on every case we checked: GSM-7 160 / 153 per part with the extension
 *   characters ^{}\[~]|€ taking two septets and never split across parts; any other character
 *   (ç, 中, emoji) switches the whole text to UCS-2, 70 / 67 per part, where characters outside
 *   the BMP take two code units and a surrogate pair is never split across parts.
 * - aliyun, tencent (China domestic): our own rule, because the package knows nothing of it: signature +
 *   body, counted in characters, ≤ 70 one message, else ⌈n / 67⌉, whatever the alphabet. A
 *   character is a Unicode code point: 😀 counts one, 👍🏽 (two code points) two, a ZWJ family
 *   emoji one per code point. Carriers bill Chinese SMS by characters, not UTF-16 units.
 */
export function countSegments(text: string, options: CountSegmentsOptions): SegmentCount {
  switch (options.provider) {
    case 'aliyun':
    case 'tencent': {
      const full = (options.signature ? chinaSignature(options.signature) : '') + text;
      const characters = [...full].length;
      const segments = characters === 0 ? 1 : characters <= CHINA_SINGLE ? 1 : Math.ceil(characters / CHINA_PART);
      return { encoding: 'UCS-2', characters, segments };
    }
    case 'twilio':
    case 'smpp':
    case 'sandbox': {
      const full = (options.signature ?? '') + text;
      const single = singlePart(full);
      if (single) return single;
      const message = new SegmentedMessage(full);
      return {
        encoding: message.encodingName,
        characters: message.numberOfUnicodeScalars,
        segments: Math.max(1, message.segmentsCount),
      };
    }
  }
}

/** One part holds 1,120 bits: 160 GSM-7 septets or 70 UCS-2 code units. */
const GSM_SINGLE = 160;
const UCS2_SINGLE = 70;

/**
 * The package's answer for a text that fits one part, without its grapheme splitting (about
 * 100 µs per text, most of an SMS send's CPU). Only texts where the answer cannot depend on
 * graphemes take this path: no surrogates (a code point is a code unit) and no CR (the package
 * counts the grapheme CR LF as a non-GSM character). Then the text is GSM-7 when every unit is in
 * the package's basic GSM table, UCS-2 when any unit is outside the whole table, and one part
 * while it has at most 160 septets resp. 70 units. Anything else (extension characters, longer
 * texts, emoji) goes to the package. A test compares both on random texts.
 */
function singlePart(text: string): SegmentCount | undefined {
  const length = text.length;
  if (length > GSM_SINGLE) return undefined;
  let ucs2 = false;
  for (let i = 0; i < length; i++) {
    const unit = text.charCodeAt(i);
    if (unit === 0x0d || (unit >= 0xd800 && unit <= 0xdfff)) return undefined;
    const septets = unicodeToGsm[unit];
    if (septets === undefined) ucs2 = true;
    else if (septets.length !== 1) return undefined;
  }
  if (ucs2 && length > UCS2_SINGLE) return undefined;
  return { encoding: ucs2 ? 'UCS-2' : 'GSM-7', characters: length, segments: 1 };
}

/**
 * Whether the provider puts the 【signature】 in front of the text itself (Aliyun's and Tencent
 * Cloud's SignName). Those get the body alone; Twilio, SMPP and the sandbox get the text
 * with the signature already in it, so adding it again would count (and show) it twice.
 */
export function providerAddsSignature(provider: SmsProviderKind): boolean {
  return provider === 'aliyun' || provider === 'tencent';
}

/** A rendered SMS as templates produce it: the full text, and the body without the signature. */
export interface RenderedSmsText {
  /** Signature + body: what the recipient reads. */
  readonly text: string;
  /** The text without the account's signature. */
  readonly body: string;
}

/** The text handed to the provider: the body where the provider adds the signature, else the full text. */
export function textForProvider(provider: SmsProviderKind, rendered: RenderedSmsText): string {
  return providerAddsSignature(provider) ? rendered.body : rendered.text;
}

/**
 * THE parts of one SMS, the one count the estimate, the reservation, the charge, the statistics
 * and the per-message table all use: `sentText` is what is handed to the provider
 * ({@link textForProvider}); the signature is counted once, added only where the provider adds it.
 */
export function messageParts(provider: SmsProviderKind, sentText: string, signature?: string | null): SegmentCount {
  return countSegments(sentText, { provider, signature: providerAddsSignature(provider) ? signature : undefined });
}
