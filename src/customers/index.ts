export {
  findSuppression,
  isSuppressed,
  normaliseValue,
  suppress,
  unsuppress,
  type Channel,
  type SuppressionInput,
  type SuppressionReason,
} from './suppressions.js';
