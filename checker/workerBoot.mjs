// A worker thread's entry point. The checker is TypeScript run by tsx, whose loader a worker does not inherit:
// register it here, then load the worker proper. A failure is reported to the main thread, which is waiting.
import { workerData } from 'node:worker_threads'

try {
  const { register } = await import('tsx/esm/api')
  register()
  await import(workerData.entry)
} catch (error) {
  workerData.port.postMessage({ error: String(error?.stack ?? error) })
  Atomics.store(workerData.done, 0, 1)
  Atomics.add(workerData.answers, 0, 1)
  Atomics.notify(workerData.answers, 0)
}
