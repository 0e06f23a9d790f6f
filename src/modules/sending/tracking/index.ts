export { TrackingComposer, trackingBase, type TrackingComposerOptions } from './tracking.composer.js';
export { TrackingTokens, TRACKING_KEY_PURPOSE, type TrackingTarget } from './tracking.token.js';
export { findTrackable, applyTracking, pixelTag, type TrackableLink, type TrackingPlan } from './html.rewriter.js';
export { registerLinks, LinkRegistry, clickTarget } from './tracking.links.js';
export { recordHit, trackingStats, trackingByMessage, EVENT_CAP, type TrackingHit, type TrackingStats, type MessageTracking } from './tracking.store.js';
export { TrackingHits, type HitRequest } from './tracking.hits.js';
export type { TrackingTables } from './tracking.tables.js';
