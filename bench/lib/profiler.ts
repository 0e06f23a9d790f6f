import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';

/**
 * Runs `work` under the V8 CPU profiler (the same profile `node --cpu-prof` writes, but covering
 * only this window, not module loading and seeding) and writes it to `path` as .cpuprofile.
 */
export async function profiled<T>(path: string | undefined, work: () => Promise<T>): Promise<T> {
  if (!path) return work();
  if (path.endsWith('.heapprofile')) return heapProfiled(path, work);
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

/**
 * Runs `work` under V8's sampling heap profiler, counting every sampled allocation, also those
 * already collected (what the garbage collector has to deal with, not only what stays alive), and
 * writes a .heapprofile (open it in Chrome DevTools' Memory tab). `--profile FILE.heapprofile`.
 */
async function heapProfiled<T>(path: string, work: () => Promise<T>): Promise<T> {
  const session = new Session();
  session.connect();
  await session.post('HeapProfiler.enable');
  await session.post('HeapProfiler.startSampling', { samplingInterval: 16_384, includeObjectsCollectedByMajorGC: true, includeObjectsCollectedByMinorGC: true });
  try {
    return await work();
  } finally {
    const { profile } = await session.post('HeapProfiler.stopSampling');
    writeFileSync(path, JSON.stringify(profile));
    session.disconnect();
  }
}
