// A worker thread's entry point, which loads the worker proper (`entry`) and reports a failure to the main thread,
// which is waiting. Run from the TypeScript sources (tsx, Vitest) the worker is TypeScript, and a worker does not
// inherit tsx's loader: register it here first. Compiled (dist/checker/, scripts/build.mjs) it is JavaScript and
// needs none.
import { workerData } from 'node:worker_threads'

try {
  if (workerData.entry.endsWith('.ts')) {
    const { register } = await import('tsx/esm/api')
    register()
  }
  await import(workerData.entry)
} catch (error) {
  workerData.port.postMessage({ error: String(/** @type {Error} */ (error)?.stack ?? error) })
  Atomics.store(workerData.done, 0, 1)
  Atomics.add(workerData.answers, 0, 1)
  Atomics.notify(workerData.answers, 0)
}
