export { buildApi } from './app.js';
