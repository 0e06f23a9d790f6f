export { systemClock, type Clock, type TimerClock } from './clock.js';
