// A worker thread: expands the parts of levels the main thread sends, building each task's model from its source
// once, and answers on its port, waking the main thread through a shared flag (the main thread waits synchronously).
import { parentPort, workerData } from 'node:worker_threads'
import type { MessagePort } from 'node:worker_threads'
import { expanderOf, expandPart, insertCandidates, type Expander, type OwnTask, type PartTask } from './expandPart.js'
import type { ActionLike, Model, ModelSource } from './model.js'

interface WorkerData {
  readonly port: MessagePort
  /** [0]: 1 once this worker has answered. */
  readonly done: Int32Array
  /** [0]: answers of every worker of the pool, which the main thread waits on. */
  readonly answers: Int32Array
  /** [0]: states this worker has expanded, so that the main thread can tell it is alive. */
  readonly heartbeat: Int32Array
}

/** Expanding a part of a level, or inserting a round's candidates into the table regions the task owns. */
export type WorkerTask =
  (PartTask & { readonly kind: 'expand'; readonly source: ModelSource }) | (OwnTask & { readonly kind: 'own' })

const { port, done, answers, heartbeat } = workerData as WorkerData
/** Models built so far, by source: a pool serves many searches (`ci` checks scenario after scenario). */
const models = new Map<string, Expander<unknown, ActionLike>>()

const answer = (message: unknown) => {
  port.postMessage(message)
  Atomics.store(done, 0, 1)
  Atomics.add(answers, 0, 1)
  Atomics.notify(answers, 0)
}

async function expanderFor(source: ModelSource): Promise<Expander<unknown, ActionLike>> {
  const key = JSON.stringify(source)
  const known = models.get(key)
  if (known !== undefined) return known
  const module = (await import(source.module)) as Record<string, (...args: unknown[]) => Model<unknown, ActionLike>>
  const build = module[source.export]
  if (typeof build !== 'function') throw new Error(`${source.module} exports no function ${source.export}`)
  const model = build(...source.args)
  if (model.decode === undefined) throw new Error('a model searched by worker threads needs decode')
  const expander = expanderOf(model)
  models.set(key, expander)
  return expander
}

parentPort!.on('message', async (task: WorkerTask) => {
  try {
    if (task.kind === 'own') {
      Atomics.add(heartbeat, 0, 1)
      answer(insertCandidates(task))
    } else answer(expandPart(await expanderFor(task.source), task, heartbeat))
  } catch (error) {
    answer({ error: String((error as Error)?.stack ?? error) })
  }
})
// Model code that ends the thread (process.exit) must not leave the main thread waiting for an answer.
process.on('exit', code => answer({ error: `the worker thread exited (code ${code}) in the middle of a task` }))
answer({ ready: true })
