// The worker threads of a parallel search. The search itself stays synchronous: the main thread hands parts of a
// level to idle workers, blocks on a shared counter until one answers, and reads the answer with receiveMessageOnPort
// (its event loop does not run while it waits).
import { MessageChannel, receiveMessageOnPort, Worker, type MessagePort } from 'node:worker_threads'
import type { WorkerTask } from './worker.js'

// Beside this module: from the sources worker.ts, compiled (dist/checker/, scripts/build.mjs) worker.js.
const BOOT = new URL('./workerBoot.mjs', import.meta.url)
const ENTRY = new URL(import.meta.url.endsWith('.ts') ? './worker.ts' : './worker.js', import.meta.url).href
/** Three 64 MB semi-spaces, the young generation the main thread runs with. */
const YOUNG_GENERATION_MB = 192

interface Thread {
  readonly worker: Worker
  readonly port: MessagePort
  /** [0]: 1 once the thread has answered its task. */
  readonly done: Int32Array
  /** [0]: states the thread has expanded, ever: how a thread that died without a word is told from a busy one. */
  readonly heartbeat: Int32Array
  /** The task it works on, or -1 when idle. */
  task: number
}

/** A busy thread whose heartbeat has not moved for this long is taken for dead (a worker out of memory says nothing). */
const STALL_MS = 120_000

/**
 * Worker threads for `check`'s `workers` option. A pool can be made once and passed to many searches
 * (`CheckOptions.pool`); close it when done. Starting a thread costs about half a second (it loads the model's
 * modules), so small levels stay on the main thread.
 */
export class WorkerPool {
  private readonly threads: Thread[]
  /** [0]: answers given so far, by every thread; the main thread waits on it. */
  private readonly answers = new Int32Array(new SharedArrayBuffer(4))
  /** Set when a thread failed in a way that leaves the pool's bookkeeping unknown; a broken pool takes no work. */
  private broken: Error | undefined
  /** Whether every thread has said it is ready. */
  private started = false

  constructor(count: number) {
    const { answers } = this
    this.threads = Array.from({ length: count }, () => {
      const { port1, port2 } = new MessageChannel()
      const done = new Int32Array(new SharedArrayBuffer(4))
      const heartbeat = new Int32Array(new SharedArrayBuffer(4))
      const worker = new Worker(BOOT, {
        workerData: { entry: ENTRY, port: port2, done, answers, heartbeat },
        transferList: [port2],
        // As the main thread's (bin/kafkacheck.js): most successors die young, and a small young generation
        // would copy them many times over.
        resourceLimits: { maxYoungGenerationSizeMb: YOUNG_GENERATION_MB },
      })
      worker.unref()
      return { worker, port: port1, done, heartbeat, task: 0 }
    })
  }

  /** Waits until every thread has loaded its modules (they start in the background); throws if one failed to. */
  private ready(): void {
    if (this.started) return
    this.started = true
    try {
      for (const thread of this.threads) this.receive(thread)
    } catch (error) {
      this.close()
      throw error
    }
  }

  get size(): number {
    return this.threads.length
  }

  /**
   * Runs every task, handing the next one to whichever thread is idle (so each thread gets its tasks in task order,
   * which expandPart relies on), and passes each result to `onResult` in task order as soon as it and all before it
   * are in, while the threads work on the rest. `onResult` returns false to stop: the tasks not yet handed out are
   * dropped, and those running are waited for and their results dropped.
   * If anything throws, the running tasks are waited for too, so that the pool can serve the next search.
   */
  runInOrder<R>(
    count: number,
    taskAt: (index: number) => WorkerTask,
    onResult: (result: R, index: number) => boolean,
  ): void {
    if (this.broken !== undefined) throw this.broken
    this.ready()
    const results: (R | undefined)[] = []
    let handedOut = 0
    let delivered = 0
    let stopped = false
    const handOut = (thread: Thread) => {
      const task = taskAt(handedOut)
      thread.task = handedOut++
      Atomics.store(thread.done, 0, 0)
      thread.worker.postMessage(task, task.kind === 'expand' ? [task.words.buffer as ArrayBuffer] : [])
    }
    try {
      for (const thread of this.threads) if (handedOut < count) handOut(thread)
      while (this.threads.some(thread => thread.task >= 0)) {
        const answered = this.nextAnswered()
        const task = answered.task // `receive` marks the thread idle
        results[task] = this.receive(answered) as R
        if (!stopped && handedOut < count) handOut(answered)
        while (!stopped && results[delivered] !== undefined) {
          stopped = !onResult(results[delivered]!, delivered)
          results[delivered++] = undefined
        }
      }
    } finally {
      this.drain()
    }
  }

  close(): void {
    for (const { worker, port } of this.threads) {
      port.close()
      void worker.terminate()
    }
  }

  /** Waits for every running task and drops its answer; a thread that fails even that breaks the pool. */
  private drain(): void {
    while (this.broken === undefined && this.threads.some(thread => thread.task >= 0)) {
      try {
        this.receive(this.nextAnswered())
      } catch (error) {
        if (this.threads.some(thread => thread.task >= 0)) this.broken = error as Error
      }
    }
  }

  /** Blocks until some busy thread has answered; throws if a busy thread stopped without answering. */
  private nextAnswered(): Thread {
    const beats = this.threads.map(thread => Atomics.load(thread.heartbeat, 0))
    let since = performance.now()
    for (;;) {
      const seen = Atomics.load(this.answers, 0)
      const answered = this.threads.find(thread => thread.task >= 0 && Atomics.load(thread.done, 0) === 1)
      if (answered !== undefined) return answered
      Atomics.wait(this.answers, 0, seen, 1000)
      const now = performance.now()
      const moved = this.threads.some((thread, i) => Atomics.load(thread.heartbeat, 0) !== beats[i])
      if (moved) {
        this.threads.forEach((thread, i) => (beats[i] = Atomics.load(thread.heartbeat, 0)))
        since = now
      } else if (now - since > STALL_MS) {
        this.broken = new Error(
          `a worker thread expanded nothing for ${STALL_MS / 1000} s without answering: it probably died ` +
            '(out of memory?); run with --workers 1 or a lower --max-memory',
        )
        this.close()
        throw this.broken
      }
    }
  }

  /** Waits for a thread's answer and marks it idle; throws what the thread reported if it failed. */
  private receive(thread: Thread): unknown {
    thread.task = -1
    for (;;) {
      const seen = Atomics.load(this.answers, 0)
      if (Atomics.load(thread.done, 0) === 1) break
      Atomics.wait(this.answers, 0, seen, 1000)
    }
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
