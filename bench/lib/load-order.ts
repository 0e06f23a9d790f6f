// Work-around, imported first by the bench entry points: src/api/routes.ts imports
// src/billing/index.ts and src/send/index.ts, whose route files import src/api/index.ts back, so
// entering through billing or send first fails with "Cannot access 'smsRoutes' before
// initialization". Entering through the API module first evaluates the cycle in an order that
// works. Remove once the cycle is broken in src (reported in bench/RESULTS.md).
import '../../src/api/index.js';
