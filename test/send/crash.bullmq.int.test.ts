import { afterAll, beforeAll, it } from 'vitest';
import { createRedis } from '../../src/platform/redis/index.js';
import { describeWithServices, REDIS_URL } from '../helpers/services.js';
import { openFleet, sendThroughDisruption, type Fleet } from '../fixtures/send/bullmq-fleet.js';
import { killWorkerProcess, startWorkerProcess } from '../fixtures/send/worker-process.js';

const TOTAL = 5000;

await describeWithServices(['postgres', 'redis'], 'send: BullMQ crash safety (two worker processes, kill -9)', () => {
  const redis = createRedis(REDIS_URL);
  let fleet: Fleet;

  beforeAll(async () => {
    fleet = await openFleet(REDIS_URL, redis);
  });
  afterAll(async () => {
    await fleet?.close();
    redis.disconnect();
  });

  it(`sends ${TOTAL} messages exactly once or reports them unknown when a worker is killed mid-run`, async () => {
    // Only the killed worker's in-flight messages can be unknown.
    await sendThroughDisruption(fleet, TOTAL, 'crash.test', async () => {
      const victim = fleet.workers.shift()!;
      await killWorkerProcess(victim);
      fleet.workers.push(await startWorkerProcess(fleet.env));
    });
  });
});
