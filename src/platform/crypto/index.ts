export { MASK, SecretBox } from './secret-box.js';
