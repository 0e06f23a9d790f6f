export { netErrors } from './net.errors.js';
export { assertHostAllowed, embeddedIPv4, isPrivateAddress, parseAllowList, type AllowedHost, type AllowList, type HostGuardOptions, type HostResolver } from './ssrf.guard.js';
export {
  assertLiteralAllowed,
  guardedHttpRequest,
  guardedLookup,
  guardedTarget,
  nodemailerTarget,
  pinnedLookup,
  socketTarget,
  type ConnectGuard,
  type GuardedRequestOptions,
  type GuardedResponse,
  type GuardedTarget,
} from './guarded.connector.js';
