export { createMetrics, type MessageChannel, type MessageResult, type Metrics, type ScrapeGauge } from './metrics.js';
