// The worker threads of a parallel search. The search itself stays synchronous: the main thread hands each worker
// its part of a level, then blocks on a shared flag per worker until all have answered, and reads the answers with
// receiveMessageOnPort (its event loop does not run while it waits).
import { MessageChannel, receiveMessageOnPort, Worker, type MessagePort } from 'node:worker_threads'
import type { PartResult } from './expandPart.js'
import type { WorkerTask } from './worker.js'

const BOOT = new URL('./workerBoot.mjs', import.meta.url)
const ENTRY = new URL('./worker.ts', import.meta.url).href
/** Three 64 MB semi-spaces, the young generation the main thread runs with. */
const YOUNG_GENERATION_MB = 192

interface Thread {
  readonly worker: Worker
  readonly port: MessagePort
  readonly done: Int32Array
}

/**
 * Worker threads for `check`'s `workers` option. A pool can be made once and passed to many searches
 * (`CheckOptions.pool`); close it when done. Starting a thread costs about half a second (it loads the model's
 * modules), so small levels stay on the main thread.
 */
export class WorkerPool {
  private readonly threads: Thread[]

  constructor(count: number) {
    this.threads = Array.from({ length: count }, () => {
      const { port1, port2 } = new MessageChannel()
      const done = new Int32Array(new SharedArrayBuffer(4))
      const worker = new Worker(BOOT, {
        workerData: { entry: ENTRY, port: port2, done },
        transferList: [port2],
        // As the main thread's (bin/kafkacheck.js): most successors die young, and a small young generation
        // would copy them many times over.
        resourceLimits: { maxYoungGenerationSizeMb: YOUNG_GENERATION_MB },
      })
      worker.unref()
      return { worker, port: port1, done }
    })
    for (const thread of this.threads) this.answer(thread)
  }

  get size(): number {
    return this.threads.length
  }

  /** Runs task i on worker i, all at once; returns their results in task order. */
  run(tasks: readonly WorkerTask[]): PartResult[] {
    tasks.forEach((task, i) => {
      const thread = this.threads[i]!
      Atomics.store(thread.done, 0, 0)
      thread.worker.postMessage(task, [task.words.buffer as ArrayBuffer])
    })
    return tasks.map((_, i) => this.answer(this.threads[i]!) as PartResult)
  }

  close(): void {
    for (const { worker, port } of this.threads) {
      port.close()
      void worker.terminate()
    }
  }

  /** Waits for a thread's answer; throws what the thread reported if it failed. */
  private answer(thread: Thread): unknown {
    while (Atomics.load(thread.done, 0) === 0) Atomics.wait(thread.done, 0, 0, 1000)
    let received = receiveMessageOnPort(thread.port)
    // The flag is set after the message is posted; give the message a moment to land if it has not yet.
    for (let spins = 0; received === undefined && spins < 1000; spins++) {
      Atomics.wait(thread.done, 0, 1, 1)
      received = receiveMessageOnPort(thread.port)
    }
    if (received === undefined) throw new Error('a worker thread signalled an answer but sent none')
    const message = received.message as { error?: string }
    if (message.error !== undefined) throw new Error(`a worker thread failed: ${message.error}`)
    return message
  }
}
