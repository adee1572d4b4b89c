// The one error a configuration can end in. `invalid` is our input error (a value that is not a value of that
// setting); `rejected` is a configuration the real system refuses, quoted in its own words.
import { formatOrigin, type BlockName, type Origin, type Warning } from './raw.js'
import { redacted } from './redact.js'
import type { Scenario } from './types.js'

export type ConfigIssue =
  | {
      readonly kind: 'invalid'
      readonly origin: Origin
      readonly block: BlockName | null
      readonly key: string
      readonly value: string
      /** The values that would have been accepted, as a person reads them ("0, 1, all, -1"). */
      readonly allowed: string
      readonly message: string
    }
  | {
      readonly kind: 'rejected'
      readonly origin: Origin
      readonly block: BlockName
      readonly key: string
      readonly value: string
      /** Who refuses: "the Kafka 3.7 producer", "a Kafka 4.0 broker", "Azure Event Hubs". */
      readonly refusedBy: string
      /** Their words: for Kafka, the exception class and message exactly as Kafka throws them. */
      readonly reason: string
      readonly message: string
    }

export type Resolution =
  | { readonly ok: true; readonly scenario: Scenario; readonly warnings: readonly Warning[] }
  | { readonly ok: false; readonly issue: ConfigIssue }

const setting = (block: BlockName | null, key: string, value: string) =>
  `${block === null ? '' : `${block} `}${key}=${redacted(block, key, value)}`

/** A value outside a setting's domain. `hint` is appended as is, e.g. "; did you mean producer?". */
export const invalidValue = (
  origin: Origin,
  block: BlockName | null,
  key: string,
  value: string,
  allowed: string,
  hint = '',
): ConfigIssue => ({
  kind: 'invalid',
  origin,
  block,
  key,
  value: redacted(block, key, value),
  allowed,
  message: `${formatOrigin(origin)}: ${setting(block, key, value)} is not allowed; allowed: ${allowed}${hint}`,
})

/** A name (a block, a fault, an app key) that is not one of ours. */
export const invalidName = (
  origin: Origin,
  block: BlockName | null,
  what: string,
  name: string,
  allowed: readonly string[],
  closest: string | null,
): ConfigIssue => ({
  kind: 'invalid',
  origin,
  block,
  key: name,
  value: '',
  allowed: allowed.join(', '),
  message:
    `${formatOrigin(origin)}: unknown ${what} '${name}'` +
    `${closest === null ? '' : ` (did you mean ${closest}?)`}; allowed: ${allowed.join(', ')}`,
})

export const rejected = (
  origin: Origin,
  block: BlockName,
  key: string,
  value: string,
  refusedBy: string,
  reason: string,
): ConfigIssue => ({
  kind: 'rejected',
  origin,
  block,
  key,
  value: redacted(block, key, value),
  refusedBy,
  reason,
  message: `${formatOrigin(origin)}: ${setting(block, key, value)} is rejected by ${refusedBy}: ${reason}`,
})
