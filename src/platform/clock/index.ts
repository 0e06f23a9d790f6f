export { systemClock, type Clock, type TimerClock } from './clock.js';
export { isTimeZone } from './time-zone.js';
