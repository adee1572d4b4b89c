// Random valid model parameters for property tests of the spec.
import fc from 'fast-check'
import type { Params } from '../../spec/params.js'

/**
 * Random valid parameters: small clusters, every fault kind, both sides of every switch. `sizes` widens the ranges
 * that drive the state's bounds (attempts per batch, fault budgets), for tests that probe the encoding near them.
 */
export const randomParams = (sizes: { attempts?: number; budget?: number } = {}): fc.Arbitrary<Params> =>
  fc
    .record({
      brokers: fc.integer({ min: 1, max: 3 }),
      partitions: fc.integer({ min: 1, max: 2 }),
      producers: fc.integer({ min: 1, max: 2 }),
      consumers: fc.integer({ min: 0, max: 2 }),
      messages: fc.integer({ min: 1, max: 3 }),
      acks: fc.constantFrom(0 as const, 1 as const, 'all' as const),
      idempotence: fc.boolean(),
      dedup: fc.constantFrom('kafka' as const, 'seed-simplified' as const),
      acceptUnknownProducer: fc.boolean(),
      maxInFlight: fc.integer({ min: 1, max: 5 }),
      attempts: fc.integer({ min: 1, max: sizes.attempts ?? 3 }),
      attemptsExplored: fc.integer({ min: 1, max: sizes.attempts ?? 3 }),
      epochBumpScope: fc.constantFrom('partition' as const, 'producer' as const),
      expiresInFlight: fc.boolean(),
      resendOnFailure: fc.boolean(),
      transactional: fc.boolean(),
      transactionalIdPerInstance: fc.boolean(),
      verifiesTxnPartitions: fc.boolean(),
      readCommitted: fc.boolean(),
      uncleanLeaderElection: fc.boolean(),
      highWatermarkNeedsMinIsr: fc.boolean(),
      bounceUnnoticed: fc.boolean(),
      truncation: fc.constantFrom('high-watermark' as const, 'epoch-end-offset' as const, 'leader-epoch' as const),
      unflushedTailIsLost: fc.boolean(),
      autoCommit: fc.boolean(),
      commit: fc.constantFrom('before-process' as const, 'after-process' as const),
      commitEveryBatch: fc.boolean(),
      processing: fc.constantFrom('sync' as const, 'async' as const),
      commitOnRevoke: fc.boolean(),
      pollsDuringRebalance: fc.boolean(),
      validatesPositions: fc.boolean(),
      groupExists: fc.boolean(),
      autoOffsetReset: fc.constantFrom('earliest' as const, 'latest' as const, 'none' as const),
      assignor: fc.constantFrom(
        'range' as const,
        'roundrobin' as const,
        'sticky' as const,
        'cooperative-sticky' as const,
      ),
      budget: fc.array(fc.integer({ min: 0, max: sizes.budget ?? 1 }), { minLength: 13, maxLength: 13 }),
      replication: fc.integer({ min: 1, max: 3 }),
      // Around the consumers: the plain poll loop, a consume-transform-produce pipeline, or an error path.
      application: fc.constantFrom('plain' as const, 'pipeline' as const, 'errors' as const),
      pipelineTransactional: fc.boolean(),
      perPartition: fc.boolean(),
      txnOffsetsFenced: fc.boolean(),
      retry: fc.constantFrom('none' as const, 'blocking' as const, 'retry-topic' as const),
      retryAttempts: fc.integer({ min: 1, max: 3 }),
      dlq: fc.boolean(),
      dlqAwaitAck: fc.boolean(),
      poison: fc.boolean(),
      errorHandlingDeserializer: fc.boolean(),
      processingFailures: fc.integer({ min: 0, max: sizes.budget ?? 1 }),
      minIsr: fc.integer({ min: 1, max: 3 }),
    })
    .map(r => {
      const replicationFactor = Math.min(r.replication, r.brokers)
      const [
        crash = 0,
        lossy = 0,
        bounce = 0,
        request = 0,
        response = 0,
        delayed = 0,
        expired = 0,
        restart = 0,
        coordinator = 0,
        consumerCrash = 0,
        pause = 0,
        added = 0,
        txnAbort = 0,
      ] = r.budget
      // A transactional.id needs idempotence, which needs acks=all (ProducerConfig).
      const idempotence = r.idempotence && r.acks === 'all'
      const transactional = idempotence && r.transactional
      const slots = r.partitions + added
      const base: Params = {
        brokers: r.brokers,
        partitions: slots,
        initialPartitions: r.partitions,
        assignment: Array.from({ length: slots }, (_, p) =>
          Array.from({ length: replicationFactor }, (_, i) => (p + i) % r.brokers),
        ),
        // Before 3.7 a min.insync.replicas above the replication factor is taken as it is (every acks=all write fails).
        minInsyncReplicas: r.highWatermarkNeedsMinIsr ? Math.min(r.minIsr, replicationFactor) : r.minIsr,
        highWatermarkNeedsMinIsr: r.highWatermarkNeedsMinIsr,
        bounceUnnoticed: r.bounceUnnoticed,
        uncleanLeaderElection: r.uncleanLeaderElection,
        truncation: r.truncation,
        unflushedTailIsLost: r.unflushedTailIsLost,
        producers: r.producers,
        messages: Array.from({ length: r.messages }, (_, m) => ({
          producer: m % r.producers,
          key: `k${m}`,
          // Any deterministic mapping will do here: partitionFor[n] is the key's partition among n partitions.
          partitionFor: Array.from({ length: slots + 1 }, (_, n) => (n === 0 ? -1 : (m + n) % n)),
        })),
        acks: r.acks,
        idempotence,
        transactional,
        pipeline: false,
        pipelineIdPerPartition: false,
        retry: 'none' as const,
        retryAttempts: 10,
        dlq: false,
        dlqAwaitAck: true,
        poison: false,
        errorHandlingDeserializer: false,
        pipelineTransactional: false,
        txnOffsetsFenced: true,
        transactionalIdPerInstance: transactional && r.transactionalIdPerInstance,
        verifiesTxnPartitions: r.verifiesTxnPartitions,
        epochBumpPerTransaction: r.verifiesTxnPartitions && r.transactionalIdPerInstance,
        dedup: r.dedup,
        acceptUnknownProducer: r.acceptUnknownProducer,
        epochBumpScope: r.epochBumpScope,
        maxInFlight: r.maxInFlight,
        attempts: r.attempts,
        attemptsExplored: r.attemptsExplored,
        expiresInFlight: r.expiresInFlight,
        resendOnFailure: r.resendOnFailure,
        consumers: r.consumers,
        groupId: 'g',
        autoCommit: r.autoCommit,
        commit: r.commit,
        commitEveryBatch: r.commitEveryBatch,
        processing: r.processing,
        commitOnRevoke: r.commitOnRevoke,
        pollsDuringRebalance: r.pollsDuringRebalance,
        validatesPositions: r.validatesPositions,
        groupExists: r.groupExists,
        autoOffsetReset: r.autoOffsetReset,
        readCommitted: r.readCommitted,
        assignor: r.assignor,
        security: null,
        faults: {
          'broker-crash': crash,
          'lossy-crash': lossy,
          'broker-bounce': bounce,
          'lost-request': request,
          'lost-response': response,
          'delayed-request': delayed,
          'delivery-timeout': expired,
          'producer-restart': restart,
          'consumer-crash': consumerCrash,
          'consumer-pause': pause,
          'coordinator-crash': coordinator,
          'add-partition': added,
          'txn-abort': transactional ? txnAbort : 0,
          'processing-failure': 0,
          eavesdrop: 0,
          mitm: 0,
        },
      }
      return r.consumers === 0 ? base : withApplication(base, r, txnAbort)
    })

/** The random draw's choices for the application around the consumers. */
interface ApplicationDraw {
  readonly application: 'plain' | 'pipeline' | 'errors'
  readonly pipelineTransactional: boolean
  readonly perPartition: boolean
  readonly txnOffsetsFenced: boolean
  readonly retry: Params['retry']
  readonly retryAttempts: number
  readonly dlq: boolean
  readonly dlqAwaitAck: boolean
  readonly poison: boolean
  readonly errorHandlingDeserializer: boolean
  readonly processingFailures: number
}

/**
 * `base` with a pipeline or an error path, under the configuration rules resolveScenario enforces for them: a manual
 * commit after synchronous processing, and for a pipeline no producer-side fault (its input is already written).
 */
function withApplication(base: Params, r: ApplicationDraw, txnAbort: number): Params {
  const loop = { autoCommit: false, processing: 'sync' as const, commit: 'after-process' as const }
  if (r.application === 'pipeline') {
    const transactional = r.pipelineTransactional
    return {
      ...base,
      ...loop,
      transactional: false,
      transactionalIdPerInstance: false,
      pipeline: true,
      pipelineTransactional: transactional,
      pipelineIdPerPartition: transactional && r.perPartition,
      txnOffsetsFenced: r.txnOffsetsFenced,
      commitEveryBatch: transactional ? true : base.commitEveryBatch,
      commitOnRevoke: transactional ? false : base.commitOnRevoke,
      faults: {
        ...base.faults,
        'lost-request': 0,
        'lost-response': 0,
        'delayed-request': 0,
        'delivery-timeout': 0,
        'producer-restart': 0,
        'coordinator-crash': transactional ? 0 : base.faults['coordinator-crash'],
        'txn-abort': transactional ? txnAbort : 0,
      },
    }
  }
  if (r.application === 'errors')
    return {
      ...base,
      ...loop,
      retry: r.retry,
      retryAttempts: r.retryAttempts,
      dlq: r.dlq,
      dlqAwaitAck: r.dlqAwaitAck,
      poison: r.poison,
      errorHandlingDeserializer: r.errorHandlingDeserializer,
      faults: { ...base.faults, 'processing-failure': r.processingFailures },
    }
  return base
}
