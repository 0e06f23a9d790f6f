export { assertNoEviction, createRedis, redisStatus, type RedisStatus } from './redis.js';
