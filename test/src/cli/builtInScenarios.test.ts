// Every built-in scenario is a regression invariant of this repository: `kafkacheck ci spec/scenarios`, run through
// the CLI's in-process entry, must find every verdict its `expect` block states. The whole folder runs once, here.
import { readdirSync } from 'node:fs'
import { basename, join } from 'node:path'
import { expect, it } from 'vitest'
import type { CiDocument } from '../../../src/output/json.js'
import { ciDocumentProblems } from '../../../src/output/jsonShape.js'
import { kafkacheck, REPOSITORY } from './kafkacheck.js'

const BUILT_IN = join(REPOSITORY, 'spec', 'scenarios')

/** Distinct states of each built-in scenario: a change here is a change to the model's state space, seen in review. */
const DISTINCT_STATES: Readonly<Record<string, number>> = {
  'acks-all-rf3-minisr1': 1_539,
  'acks-all-rf3-minisr2': 146_858,
  'acks0-fire-and-forget': 11,
  'acks1-leader-crash': 2_447,
  'acks1-single-replica-retry': 60,
  'add-partition-offset-reset-latest': 755,
  'async-worker-stale-commit': 8_276,
  'at-least-once-end-to-end': 65_850,
  'authorizer-allow-everyone-no-acls': 5,
  'auto-commit-async': 1_090,
  'auto-commit-sync': 868,
  'broker-bounce-before-kip101': 607,
  'commit-after-process-crash': 560,
  'commit-before-process-crash': 470,
  'consumer-truncation-before-kip320': 32_903,
  'cooperative-rebalance': 2_527,
  'coordinator-failover-commit': 1_708,
  'delivery-timeout-resend': 17,
  'dlq-blocking-retry': 36,
  'dlq-not-awaited': 64,
  'eager-rebalance': 1_053,
  'eos-pipeline-per-partition-id-before-kip447': 284,
  'eos-pipeline-zombie': 301,
  'eos-pipeline-zombie-before-kip447': 271,
  'epoch-truncation-before-kip279': 118_315,
  'hw-truncation-before-kip101': 4_286,
  'idempotent-producer': 349,
  'idempotent-two-partitions': 801,
  'inflight-reorder-without-idempotence': 44,
  'isr-shrink-after-append-before-3.7': 50,
  'max-poll-interval-zombie': 432,
  'min-isr-above-replication-factor': 8,
  'msk-default-unclean': 13_339,
  'offset-reset-latest-new-group': 95,
  'plaintext-client-sasl-listener': 2,
  'poison-record-dlq': 22,
  'poison-record-stuck': 16,
  'producer-restart-duplicate': 167,
  'rebalance-commit-on-revoke': 1_526,
  'rebalance-no-commit-on-revoke': 1_790,
  'retries-without-idempotence': 44,
  'retry-topic-reorders-key': 146,
  'sasl-mechanism-not-enabled': 2,
  'sasl-plain-eavesdropped': 31,
  'sasl-plain-over-ssl': 31,
  'scram-over-sasl-plaintext': 5,
  'seed-simplified-dedup': 1_613,
  'tls-hostname-verification-mitm': 10,
  'tls-no-hostname-verification-mitm': 14,
  'txn-hanging-before-kip890': 143,
  'txn-late-write-tv2': 3_353,
  'txn-no-hanging-kip890': 158,
  'txn-read-committed-abort': 122,
  'txn-read-uncommitted-abort': 187,
  'txn-restart-before-commit-returns': 837,
  'txn-zombie-per-instance-id': 16_228,
  'txn-zombie-stable-id': 3_395,
  'txn-zombie-write-before-kip890': 4_069,
  'unclean-election': 157,
  'unclean-election-kraft': 162,
}

it(
  'finds every expected verdict of every built-in scenario (kafkacheck ci spec/scenarios)',
  { timeout: 600_000 },
  async () => {
    const { code, stdout, stderr } = await kafkacheck(['ci', 'spec/scenarios', '--json'])
    expect(stderr.split('\n').filter(line => !line.startsWith('checking ') && line !== '')).toEqual([])
    const document: unknown = JSON.parse(stdout)
    expect(ciDocumentProblems(document)).toEqual([])
    const ci = document as CiDocument
    const differences = ci.scenarios.flatMap(scenario =>
      scenario.properties
        .filter(p => p.matches === false)
        .map(p => `${scenario.scenario}: ${p.name} expected ${p.expected}, got ${p.verdict}`),
    )
    expect(differences).toEqual([])
    const files = readdirSync(BUILT_IN).filter(file => file.endsWith('.yaml'))
    expect(ci.scenarios.map(s => s.scenario).sort()).toEqual(files.map(file => basename(file, '.yaml')).sort())
    expect(ci.scenarios.every(s => s.properties.every(p => p.expected !== undefined))).toBe(true)
    const counted = ci.scenarios.flatMap(s => (s.stats === null ? [] : [[s.scenario, s.stats.distinctStates] as const]))
    expect(Object.fromEntries(counted)).toEqual(DISTINCT_STATES)
    expect(code).toBe(0)
  },
)
