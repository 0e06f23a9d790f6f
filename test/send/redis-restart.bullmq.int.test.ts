import type { ChildProcess } from 'node:child_process';
import { afterAll, beforeAll, it } from 'vitest';
import { createRedis } from '../../src/platform/redis/index.js';
import { describeWithServices } from '../helpers/services.js';
import { openFleet, sendThroughDisruption, type Fleet } from '../fixtures/send/bullmq-fleet.js';
import { freePort, killProcess, startRedisServer } from '../fixtures/send/redis-process.js';

const TOTAL = 2000;

await describeWithServices(['postgres'], 'send: BullMQ survives a Redis restart mid-run (own redis-server)', () => {
  let redisServer: ChildProcess;
  let redisPort: number;
  let redis: ReturnType<typeof createRedis>;
  let fleet: Fleet;

  beforeAll(async () => {
    redisPort = await freePort();
    redisServer = await startRedisServer(redisPort);
    const redisUrl = `redis://127.0.0.1:${redisPort}`;
    redis = createRedis(redisUrl);
    redis.on('error', () => undefined);
    fleet = await openFleet(redisUrl, redis);
  });
  afterAll(async () => {
    await fleet?.close();
    redis?.disconnect();
    if (redisServer) await killProcess(redisServer);
  });

  it(`sends ${TOTAL} messages exactly once when Redis restarts empty mid-run`, async () => {
    // Redis dies and comes back empty (no persistence): every queued job is gone. The workers
    // reconnect; their sweepers find the queued rows in the store and queue them again. Jobs lost
    // with Redis were never claimed; only sends cut off mid-way may be unknown.
    await sendThroughDisruption(fleet, TOTAL, 'restart.test', async () => {
      await killProcess(redisServer);
      redisServer = await startRedisServer(redisPort);
    });
  });
});
