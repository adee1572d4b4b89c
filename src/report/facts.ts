// What happened at one step of a counterexample, as typed facts read once from the states before and after it and
// from the specification's own decisions. The words (words.ts) and the diagram's marks (render/marks.ts) are both
// rendered from these facts, so the text and the diagram can never tell a step differently.
//
// A step is a list of facts: first what the actor did, then its consequences in the order the text tells them
// (a leader elected, the high watermark moving, answers sent, batches failing back to the application…).

import type {
  AttackerCertificate,
  ClientConnection,
  ClientRole,
  ConnectOutcome,
  CoordinatorTxnState,
  Params,
  PolledRecord,
  ProduceError,
  ProduceResponse,
  SaslMechanism,
} from '../../spec/index.js'

/** A produce error, or NONE for success, as a response carries it. */
export type ErrorCode = ProduceError | 'NONE'

/** Attempts allowed per record, or null when Kafka gives up on a batch only by time (retries=MAX). */
export type AttemptsAllowed = number | null

/**
 * A log entry as reports show it: the record a data batch holds, or a transaction marker (a control batch that holds
 * no record) with the transactional id whose transaction it ends.
 */
export type Entry =
  | { readonly kind: 'data'; readonly message: number }
  | { readonly kind: 'commit' | 'abort'; readonly transactionalId: number }

/** Entries a replica's log lost: it now keeps only its first `kept`. */
export interface Dropped {
  readonly partition: number
  readonly kept: number
  readonly entries: readonly Entry[]
}

/** A committed offset the step changed. */
export interface Commit {
  readonly partition: number
  readonly offset: number
}

/** Who leads what when the trace starts, what the producers are about to send, and the group that will consume. */
export interface Start {
  readonly kind: 'start'
  readonly partitions: readonly {
    readonly partition: number
    readonly leader: number
    readonly epoch: number
    readonly isr: readonly number[]
    readonly followers: readonly number[]
  }[]
  readonly sends: readonly {
    readonly producer: number
    readonly partition: number
    readonly messages: readonly number[]
  }[]
  readonly consumers: number
  readonly groupId: string
  /**
   * A consume-transform-produce pipeline's input, already written when the trace starts: each partition's records in
   * offset order. Null without a pipeline.
   */
  readonly pipeline: {
    readonly transactional: boolean
    readonly input: readonly { readonly partition: number; readonly messages: readonly number[] }[]
  } | null
}

// The produce path.

export interface AppSend {
  readonly kind: 'appSend'
  readonly producer: number
  readonly message: number
  readonly key: string
  readonly partition: number
  /** The topic's partition count, which decided the partition. */
  readonly partitions: number
}

export interface Send {
  readonly kind: 'send'
  readonly producer: number
  readonly partition: number
  readonly message: number
  readonly leader: number
  /** This attempt's number, of `allowed`. */
  readonly attempt: number
  readonly allowed: AttemptsAllowed
  /** The application sent the record again after it failed. */
  readonly resent: boolean
  /** The producer bumped its epoch to this one first (KIP-360), or null. */
  readonly newEpoch: number | null
  /** The batch's sequence and producer epoch under idempotence, or null. */
  readonly sequence: { readonly sequence: number; readonly producerEpoch: number } | null
  /** acks=0: counted as sent at once. */
  readonly acks0: boolean
}

export interface ResponseRead {
  readonly kind: 'responseRead'
  readonly producer: number
  readonly broker: number
  readonly message: number
  readonly error: ErrorCode
  /** The producer had given up on that attempt: the response changed nothing. */
  readonly stale: boolean
  /** An acknowledged transactional record: delivered only when its transaction commits. */
  readonly inTransaction: boolean
}

/** What a leader did with a produce request, as the specification decided it (produceDecision). */
export type Handling =
  | {
      readonly kind: 'reject'
      readonly error: ProduceError
      /** What the decision rests on: the partition's leader and ISR, the request's sequence and epoch. */
      readonly leader: number
      readonly isr: readonly number[]
      readonly minInsyncReplicas: number
      readonly sequence: number
      readonly producerEpoch: number
      /** The epoch of the producer's transactional id at its coordinator, or null without transactions. */
      readonly coordinatorEpoch: number | null
    }
  /**
   * Appended at `offset`; `copyOf` is where the log already held the message, or null; `zombie`: written with a
   * producer epoch its transaction coordinator had already fenced.
   */
  | { readonly kind: 'append'; readonly offset: number; readonly copyOf: number | null; readonly zombie: boolean }
  | { readonly kind: 'duplicate'; readonly sequence: number; readonly offset: number }
  /** The seed notes' rule: a sequence that is not the last one + 1 is acknowledged without being stored. */
  | { readonly kind: 'notStored'; readonly sequence: number }

export interface Produce {
  readonly kind: 'produce'
  readonly broker: number
  readonly producer: number
  readonly partition: number
  readonly message: number
  readonly leaderEpoch: number
  /** A request the producer had timed out on, arriving after all. */
  readonly delayed: boolean
  readonly handling: Handling
}

/** What became of the handled request's answer. */
export interface LeaderAnswer {
  readonly kind: 'leaderAnswer'
  readonly producer: number
  readonly answer:
    | { readonly kind: 'unheard' }
    | { readonly kind: 'waits'; readonly offset: number }
    | { readonly kind: 'answered'; readonly error: ErrorCode; readonly acks1: boolean }
    | { readonly kind: 'acks0' }
}

export interface RequestsLost {
  readonly kind: 'requestsLost'
  readonly producer: number
  readonly broker: number
  readonly messages: readonly number[]
  readonly acks0: boolean
}

export interface ResponsesLost {
  readonly kind: 'responsesLost'
  readonly producer: number
  readonly broker: number
  readonly messages: readonly number[]
  /** Requests on the connection the broker had not read yet, lost with it. */
  readonly requests: readonly number[]
}

export interface RequestsDelayed {
  readonly kind: 'requestsDelayed'
  readonly producer: number
  readonly broker: number
  readonly messages: readonly number[]
}

/** Messages whose batch met one fate in the step, from the producer's point of view. */
export interface BatchFate {
  readonly kind: 'batchFate'
  readonly fate: 'acknowledged' | 'unsent' | 'failed' | 'resent' | 'retried' | 'inTransaction'
  readonly messages: readonly number[]
  /** Attempts the batch had used. */
  readonly attempts: number
  readonly allowed: AttemptsAllowed
}

/** The producer will bump its epoch and restart these partitions' sequences before it sends again (KIP-360). */
export interface EpochBumpPending {
  readonly kind: 'epochBumpPending'
  readonly producer: number
  readonly partitions: readonly number[]
  /** A transactional producer's transaction can only be aborted now (ABORTABLE_ERROR); it bumps after the abort. */
  readonly abortable: boolean
}

/** The producer bumped its epoch and restarted the sequences of `partitions`, renumbering their batches. */
export interface EpochBump {
  readonly kind: 'epochBump'
  readonly producer: number
  readonly from: number
  readonly to: number
  readonly partitions: readonly number[]
  readonly renumbered: readonly { readonly message: number; readonly sequence: number }[]
}

/** The producer's process restarted with a new producer id; the application sends `resent` again through it. */
export interface ProducerRestart {
  readonly kind: 'producerRestart'
  readonly producer: number
  readonly resent: readonly number[]
  /** The transactional id the new instance uses, and whether the old one used it too; null without transactions. */
  readonly transactionalId: { readonly id: number; readonly stable: boolean } | null
}

/** A batch's delivery.timeout.ms ran out: in the accumulator, or while its request to `broker` was out. */
export interface Expired {
  readonly kind: 'expired'
  readonly producer: number
  readonly message: number
  readonly broker: number | null
}

// Transactions: the producer's transaction manager and the transaction coordinator.

/**
 * initTransactions() (InitProducerId): the coordinator gives the producer epoch `epoch` (`from` was the id's epoch,
 * NO_EPOCH before the first), or, with a transaction of an older epoch still open, fences it first: the open
 * transaction `txn` is aborted with epoch `epoch` and the producer asks again (CONCURRENT_TRANSACTIONS).
 */
export interface InitTransactions {
  readonly kind: 'initTransactions'
  readonly producer: number
  readonly transactionalId: number
  readonly outcome: 'ready' | 'fenced'
  readonly from: number
  readonly epoch: number
  readonly txn: number
  /** The epoch bump an abort after a failed send asked for (KIP-360). */
  readonly afterAbort: boolean
}

/** AddPartitionsToTxn: `partition` joins transaction `txn`, which it begins when `begins`. */
export interface AddPartitionToTxn {
  readonly kind: 'addPartitionToTxn'
  readonly producer: number
  readonly transactionalId: number
  readonly partition: number
  readonly txn: number
  readonly begins: boolean
  /** Every partition of the transaction now. */
  readonly partitions: readonly number[]
}

/** commitTransaction(): EndTxn(COMMIT); the coordinator persists PrepareCommit and answers before any marker. */
export interface CommitTransaction {
  readonly kind: 'commitTransaction'
  readonly producer: number
  readonly transactionalId: number
  readonly txn: number
  readonly partitions: readonly number[]
}

/** The answer to EndTxn(COMMIT) arrives: commitTransaction() returns (with transaction version 2, in a new epoch). */
export interface CompleteCommit {
  readonly kind: 'completeCommit'
  readonly producer: number
  readonly transactionalId: number
  readonly txn: number
  /** The producer epoch before and after: different when transaction version 2 bumped it. */
  readonly from: number
  readonly epoch: number
}

/** abortTransaction(), by the application's choice or after a failed send, and what became of its records. */
export interface AbortTransaction {
  readonly kind: 'abortTransaction'
  readonly producer: number
  readonly transactionalId: number
  readonly txn: number
  readonly why: 'application' | 'failedSend'
  /** The coordinator persisted PrepareAbort; false when it had already ended the transaction (fenced it). */
  readonly prepared: boolean
  readonly partitions: readonly number[]
  /** Records the application sends again in the next transaction, and those it gives up on. */
  readonly resent: readonly number[]
  readonly failed: readonly number[]
  /** The producer bumps its epoch (InitProducerId) before its next transaction (KIP-360). */
  readonly bumpNext: boolean
}

/** The coordinator wrote a transaction's marker to a partition's leader. */
export interface WriteMarker {
  readonly kind: 'writeMarker'
  readonly transactionalId: number
  readonly partition: number
  readonly leader: number
  readonly marker: 'commit' | 'abort'
  readonly offset: number
  readonly txn: number
  readonly producerEpoch: number
}

/** Every marker of transaction `txn` is committed: the coordinator completes it (CompleteCommit, CompleteAbort). */
export interface CompleteTxn {
  readonly kind: 'completeTxn'
  readonly transactionalId: number
  readonly txn: number
  readonly state: CoordinatorTxnState
  readonly partitions: readonly number[]
}

/** transaction.timeout.ms: the coordinator fences epoch `from` of an abandoned transaction and aborts it with `to`. */
export interface AbortTimedOut {
  readonly kind: 'abortTimedOut'
  readonly transactionalId: number
  readonly txn: number
  readonly from: number
  readonly to: number
}

// Brokers among themselves.

export interface Fetch {
  readonly kind: 'fetch'
  readonly partition: number
  readonly broker: number
  readonly leader: number
  /** Entries the follower truncated away first (from offset `kept`), and how it found where to truncate. */
  readonly dropped: readonly Entry[]
  readonly kept: number
  readonly truncation: Params['truncation']
  /** Entries fetched, from offset `kept`. */
  readonly fetched: readonly Entry[]
  readonly logEndOffset: number
  /** The ISR the follower rejoined, or null. */
  readonly rejoined: readonly number[] | null
}

export interface IsrShrink {
  readonly kind: 'isrShrink'
  readonly partition: number
  readonly leader: number
  readonly follower: number
  readonly from: readonly number[]
  readonly to: readonly number[]
}

export interface Crash {
  readonly kind: 'crash'
  readonly broker: number
  readonly lossy: boolean
  /** What a power loss took with it: the entries it had not flushed. */
  readonly lost: readonly Dropped[]
}

export interface Restart {
  readonly kind: 'restart'
  readonly broker: number
  /** What it truncated to its high watermark as it came back. */
  readonly dropped: readonly Dropped[]
}

/** A broker restarted within the failure-detection window; `unnoticed`: the controller never saw it fail. */
export interface Bounce {
  readonly kind: 'bounce'
  readonly broker: number
  readonly unnoticed: boolean
  /** What it truncated to its high watermark as it came back. */
  readonly dropped: readonly Dropped[]
}

export interface Election {
  readonly kind: 'election'
  readonly partition: number
  readonly leader: number
  readonly epoch: number
  /** The new leader was not in the ISR. */
  readonly unclean: boolean
  readonly log: readonly Entry[]
  readonly highWatermark: number
  /** The new leader's last stable offset, or null without transactions. */
  readonly lastStableOffset: number | null
  readonly isr: readonly number[]
}

export interface Offline {
  readonly kind: 'offline'
  readonly partition: number
  /** The broker that led it until now. */
  readonly formerLeader: number
}

/** A live follower that a new leader's election made truncate to its high watermark (before KIP-101). */
export interface FollowerTruncation {
  readonly kind: 'followerTruncation'
  readonly broker: number
  readonly dropped: readonly Dropped[]
}

export interface IsrChange {
  readonly kind: 'isrChange'
  readonly partition: number
  readonly from: readonly number[]
  readonly to: readonly number[]
}

/** The partition's high watermark as its leader exposes it; `from` is null when it had no leader before. */
export interface HighWatermark {
  readonly kind: 'highWatermark'
  readonly partition: number
  readonly from: number | null
  readonly to: number
  /** The leader's last stable offset after the move, or null without transactions. */
  readonly lastStableOffset: number | null
}

export interface FollowerHighWatermark {
  readonly kind: 'followerHighWatermark'
  readonly partition: number
  readonly broker: number
  readonly from: number
  readonly to: number
}

/** Responses the step put on the wire besides the handled request's own: acks=all requests it completed. */
export interface Answers {
  readonly kind: 'answers'
  readonly responses: readonly ProduceResponse[]
}

export interface PartitionAdded {
  readonly kind: 'partitionAdded'
  readonly partition: number
  readonly partitions: number
  readonly leader: number
  readonly replicas: readonly number[]
  readonly rebalance: boolean
}

// The consumer group.

export interface ConsumerStart {
  readonly kind: 'consumerStart'
  readonly consumer: number
  readonly groupId: string
}

export interface Rejoin {
  readonly kind: 'rejoin'
  readonly consumer: number
  /** Partitions it revoked first (eager rebalance). */
  readonly revoked: readonly number[]
}

/** A zombie polls at last and learns it was removed from the group. */
export interface ZombieRejoin {
  readonly kind: 'zombieRejoin'
  readonly consumer: number
  readonly lost: readonly number[]
}

export interface Rebalanced {
  readonly kind: 'rebalanced'
  readonly generation: number
  readonly shares: readonly {
    readonly consumer: number
    /** Each partition with the position it starts from (NO_OFFSET: none committed, auto.offset.reset decides). */
    readonly partitions: readonly { readonly partition: number; readonly position: number }[]
  }[]
  /** A cooperative rebalance withheld partitions this round. */
  readonly followUp: boolean
  readonly autoOffsetReset: Params['autoOffsetReset']
  /** A pipeline member fetches a new partition's committed offset at its next poll (position NO_OFFSET until then). */
  readonly fetchAtPoll: boolean
}

export interface ConsumerCrash {
  readonly kind: 'consumerCrash'
  readonly consumer: number
  readonly unprocessed: readonly number[]
  /** A transactional pipeline member's open transaction, left for transaction.timeout.ms to abort; null if none. */
  readonly openTransaction: OpenTransaction | null
}

/** What a pipeline member's open transaction holds: the inputs whose results it wrote, the offsets it sent. */
export interface OpenTransaction {
  readonly outputs: readonly number[]
  readonly offsets: readonly Commit[]
}

export interface ConsumerRestart {
  readonly kind: 'consumerRestart'
  readonly consumer: number
}

export interface ConsumerPause {
  readonly kind: 'consumerPause'
  readonly consumer: number
  readonly batch: readonly number[]
}

/** Offsets a consumer committed in passing: on revoke, on poll (auto-commit), or as its worker hands back progress. */
export interface Commits {
  readonly kind: 'commits'
  readonly consumer: number
  readonly why: 'onRevoke' | 'autoCommit' | 'handOff' | 'workerDone'
  readonly offsets: readonly Commit[]
}

export interface Poll {
  readonly kind: 'poll'
  readonly consumer: number
  readonly records: readonly PolledRecord[]
  /** The records go to a worker thread. */
  readonly async: boolean
  /**
   * Positions the poll moved: auto.offset.reset from NO_OFFSET (unknown) or beyond the log end, or (`committed`) a
   * pipeline member's OffsetFetch of the committed offset `committed`.
   */
  readonly resets: readonly {
    readonly partition: number
    readonly from: number
    readonly to: number
    readonly committed: number | null
  }[]
  /**
   * Partitions whose committed offset a pipeline member could not fetch: another member's transaction holds pending
   * offsets for them (`holders`), so the coordinator answered UNSTABLE_OFFSET_COMMIT (KIP-447).
   */
  readonly unstable: readonly { readonly partition: number; readonly holders: readonly number[] }[]
  /**
   * Partitions whose next record is poison, with no ErrorHandlingDeserializer: poll() throws
   * RecordDeserializationException at `offset` every time and the position stays there (a stuck partition).
   */
  readonly stuck: readonly { readonly partition: number; readonly offset: number }[]
  /** The value classes, for the words on poison records; null when the trace does not say. */
  readonly serde: Serde | null
  readonly autoOffsetReset: Params['autoOffsetReset']
  /** The partition polled from and its leader (NO_LEADER when none). */
  readonly source: number | undefined
  readonly leader: number
}

export interface CommitSync {
  readonly kind: 'commitSync'
  readonly consumer: number
  readonly offsets: readonly Commit[]
  /** Why the commit failed, as the specification decided it (commitDecision); null when it was accepted. */
  readonly refused:
    | {
        /** It is no longer a member of the group's generation. */
        readonly why: 'not-a-member'
        readonly zombie: boolean
        readonly generation: number
        readonly groupGeneration: number
      }
    /** It has rejoined a rebalance in progress: no stable generation to commit with. */
    | { readonly why: 'rebalance-in-progress' }
    | null
}

/** The group coordinator moved while the member's commitSync was in flight: it timed out, nothing committed. */
export interface CoordinatorFailover {
  readonly kind: 'coordinatorFailover'
  readonly consumer: number
}

export interface SkipCommit {
  readonly kind: 'skipCommit'
  readonly consumer: number
}

export interface Process {
  readonly kind: 'process'
  readonly consumer: number
  /** Its worker thread processed them (asynchronous processing). */
  readonly worker: boolean
  /**
   * What processing is: the application's own (`process`), a pipeline's transform whose result is visible at once
   * (`output`), or one written into the member's open transaction (`transaction`), visible only when it commits.
   */
  readonly writes: 'process' | 'output' | 'transaction'
  readonly zombie: boolean
  readonly records: readonly PolledRecord[]
  /** Those processed for the second time. */
  readonly again: readonly PolledRecord[]
}

// The application's error path (spec/consumer/errors.ts): failed processing, retries, dead-letter writes.

/**
 * The producer's value.serializer and the class the consumer reads values with (the ErrorHandlingDeserializer's
 * delegate when it has one), by simple name, for the words on poison records.
 */
export interface Serde {
  readonly serializer: string
  readonly deserializer: string
}

/**
 * Processing a record threw: a transient failure (`faults.processing-failure`), or a poison record handed on by the
 * ErrorHandlingDeserializer with its DeserializationException. The records of the batch before it were processed
 * first; what the error handler then did is read off the state after the step.
 */
export interface ProcessFail {
  readonly kind: 'processFail'
  readonly consumer: number
  readonly zombie: boolean
  /** The records of the batch before it, processed first, and those of them processed for the second time. */
  readonly processed: readonly PolledRecord[]
  readonly again: readonly PolledRecord[]
  readonly record: PolledRecord
  readonly cause: { readonly kind: 'transient' } | { readonly kind: 'poison'; readonly serde: Serde | null }
  /**
   * Retried in place (delivery `delivery` of `attempts` failed; the consumer seeks back to it), handed to the retry
   * topic, or given up after `deliveries` deliveries: to the dead-letter topic (its write awaited or left in flight),
   * or only logged.
   */
  readonly outcome:
    | { readonly kind: 'retryInPlace'; readonly delivery: number; readonly attempts: number }
    | { readonly kind: 'retryTopic' }
    | { readonly kind: 'deadLetter'; readonly awaited: boolean; readonly deliveries: number }
    | { readonly kind: 'logged'; readonly deliveries: number }
  /** Positions the consumer sought back to, so that the records from there are polled again. */
  readonly rewound: readonly Commit[]
  /** The records after it in the batch, polled again (not processed this time). */
  readonly unprocessed: readonly PolledRecord[]
}

/** The retry topic's listener processed the record at its head, later than records behind it in its partition. */
export interface RetryTopicProcess {
  readonly kind: 'retryTopicProcess'
  readonly message: number
  readonly partition: number
  /** Records behind it in its partition's log processed already; `sameKey` those of them with its key. */
  readonly overtaken: readonly number[]
  readonly sameKey: readonly number[]
  readonly key: string
  /** Processed for the second time. */
  readonly again: boolean
}

/** A dead-letter write nobody waited for landed (`acked`) or ran out of delivery.timeout.ms (`expired`). */
export interface DeadLetterWrite {
  readonly kind: 'deadLetterWrite'
  readonly message: number
  readonly outcome: 'acked' | 'expired'
  /** The group's committed offset of the record's partition already lies past it; null when it does not. */
  readonly committedPast: Commit | null
  /** It reached the dead-letter topic for the second time. */
  readonly again: boolean
}

// Connections and the attacker (spec/security.ts).

/**
 * A client's connection attempt: answered by the brokers, or by a man-in-the-middle (`attacker`) that the client took
 * for the broker or refused. `outcome` is what the handshakes with the brokers end in (through the attacker, when
 * the client took it).
 */
export interface Connect {
  readonly kind: 'connect'
  readonly role: ClientRole
  readonly index: number
  readonly protocol: ClientConnection['protocol']
  readonly mechanism: SaslMechanism | null
  readonly listener: string
  readonly listenerMechanisms: readonly SaslMechanism[]
  readonly principal: string
  readonly attacker: { readonly certificate: AttackerCertificate; readonly accepted: boolean } | null
  readonly outcome: ConnectOutcome
  /** The client verifies the broker's host name (only matters with TLS). */
  readonly verifiesHostname: boolean
  /** An attacker read its password or bearer token in this step: an eavesdropper on a wire without TLS, or the impostor. */
  readonly credentialsRead: boolean
  /** Connected, but the authorizer does not let it do its work (WRITE on the topic, READ on the topic and group). */
  readonly unauthorized: boolean
}

/** Records crossed a client's connection where an attacker reads them: without TLS, or through the impostor. */
export interface WireRead {
  readonly kind: 'wireRead'
  readonly role: ClientRole
  readonly index: number
  readonly by: 'eavesdropper' | 'impostor'
}

/** A follower fetched records over an inter-broker listener without TLS, and the eavesdropper read them. */
export interface ReplicationRead {
  readonly kind: 'replicationRead'
}

// A consume-transform-produce pipeline's transaction (app.pipeline with a transactional.id).

/**
 * sendOffsetsToTransaction(): TxnOffsetCommit to the group coordinator with the member's positions, stored as pending
 * for its transaction; or refused (from 2.5, KIP-447) because it is no longer a member of the group's generation.
 */
export interface SendOffsetsToTxn {
  readonly kind: 'sendOffsetsToTxn'
  readonly consumer: number
  readonly zombie: boolean
  /** It was a current member of the group's generation (before 2.5 the coordinator accepts the offsets either way). */
  readonly member: boolean
  /** The pending offsets the coordinator now holds for the member (none when refused). */
  readonly offsets: readonly Commit[]
  /**
   * Why the coordinator refused them: the member is gone from the group (UNKNOWN_MEMBER_ID) or of an older generation
   * (ILLEGAL_GENERATION); null when it took them.
   */
  readonly refused: {
    readonly error: 'UNKNOWN_MEMBER_ID' | 'ILLEGAL_GENERATION' | 'PRODUCER_FENCED'
    readonly generation: number
    readonly groupGeneration: number
  } | null
}

/** commitTransaction(): the member's outputs become visible and its pending offsets committed, in one step. */
export interface CommitTxn {
  readonly kind: 'commitTxn'
  readonly consumer: number
  readonly zombie: boolean
  /** Inputs whose results became visible, and those of them visible for the second time. */
  readonly visible: readonly number[]
  readonly again: readonly number[]
  /** Committed offsets the commit changed. */
  readonly offsets: readonly Commit[]
  /** Its producer was fenced (a transactional.id per partition taken by another member): PRODUCER_FENCED, aborted. */
  readonly fenced: boolean
}

/**
 * A member calls initTransactions() with the transactional.id of partitions it has just taken (a transactional.id
 * per input partition), fencing the member whose producer held them; that member's open transaction is aborted.
 */
export interface PartitionProducerInit {
  readonly kind: 'partitionProducerInit'
  readonly consumer: number
  readonly partitions: readonly number[]
  /** The member whose producer held the transactional.id before, now fenced, or null. */
  readonly fenced: number | null
  /** Whether that member had a transaction open, which the coordinator aborted. */
  readonly aborted: boolean
}

/**
 * abortTransaction(), the application's choice (`faults.txn-abort`) or after the coordinator refused its offsets: the
 * outputs and pending offsets are discarded, and the member rewinds to the committed offsets, fetched at its next poll.
 */
export interface TxnAborted {
  readonly kind: 'txnAborted'
  readonly consumer: number
  readonly why: 'application' | 'refused' | 'fenced'
  readonly discarded: OpenTransaction
  /** Partitions whose position it dropped, to fetch the committed offset again. */
  readonly rewound: readonly number[]
}

export type StepFact =
  | Start
  | AppSend
  | Send
  | ResponseRead
  | Produce
  | LeaderAnswer
  | RequestsLost
  | ResponsesLost
  | RequestsDelayed
  | BatchFate
  | EpochBumpPending
  | EpochBump
  | ProducerRestart
  | Expired
  | InitTransactions
  | AddPartitionToTxn
  | CommitTransaction
  | AbortTransaction
  | WriteMarker
  | CompleteTxn
  | CompleteCommit
  | AbortTimedOut
  | Fetch
  | IsrShrink
  | Crash
  | Restart
  | Bounce
  | Election
  | Offline
  | FollowerTruncation
  | IsrChange
  | HighWatermark
  | FollowerHighWatermark
  | Answers
  | PartitionAdded
  | ConsumerStart
  | Rejoin
  | ZombieRejoin
  | Rebalanced
  | ConsumerCrash
  | ConsumerRestart
  | ConsumerPause
  | Commits
  | Poll
  | CommitSync
  | CoordinatorFailover
  | SkipCommit
  | Process
  | SendOffsetsToTxn
  | CommitTxn
  | TxnAborted
  | PartitionProducerInit
  | ProcessFail
  | RetryTopicProcess
  | DeadLetterWrite
  | Connect
  | WireRead
  | ReplicationRead

/** One step's facts: what the actor did first, then its consequences in the order the text tells them. */
export type StepFacts = readonly StepFact[]
