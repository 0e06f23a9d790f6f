import pkg from 'sms-segments-calculator';

// The package is CommonJS; under ESM its class is reachable only through the default import.
export const { SegmentedMessage } = pkg;
