import pkg from 'sms-segments-calculator';
import gsmTable from 'sms-segments-calculator/dist/libs/UnicodeToGSM.js';

// The package is CommonJS; under ESM its class is reachable only through the default import.
export const { SegmentedMessage } = pkg;

/** The package's own GSM 03.38 table: UTF-16 code unit → septets (two for the extension set). */
export const unicodeToGsm: Readonly<Record<number, readonly number[]>> = interop(gsmTable);

// Node hands an ESM importer the CommonJS `exports` object ({ default: table }); a bundler
// following Babel's interop hands it the table itself.
function interop(module: unknown): Record<number, readonly number[]> {
  const value = module as { default?: Record<number, readonly number[]> } & Record<number, readonly number[]>;
  return value.default ?? value;
}
