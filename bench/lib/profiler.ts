import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';

/**
 * Runs `work` under the V8 CPU profiler (the same profile `node --cpu-prof` writes, but covering
 * only this window, not module loading and seeding) and writes it to `path` as .cpuprofile.
 */
export async function profiled<T>(path: string | undefined, work: () => Promise<T>): Promise<T> {
  if (!path) return work();
  const session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.setSamplingInterval', { interval: 500 });
  await session.post('Profiler.start');
  try {
    return await work();
  } finally {
    const { profile } = await session.post('Profiler.stop');
    writeFileSync(path, JSON.stringify(profile));
    session.disconnect();
  }
}
