// Passwords never leave the resolver: every value a report, an error line or a diagram shows goes through here
// first. A JAAS configuration keeps its module and user names; its passwords, secrets and `user_<name>` entries
// (the broker's PLAIN password list) show as ***.
import type { BlockName } from './raw.js'

export const REDACTED = '***'

/** JAAS options whose values are secrets: password, user_alice (a PLAIN user's password), clientSecret, tokens. */
const SECRET_OPTION =
  /\b(password|user_[^\s=]*|[A-Za-z]*[Ss]ecret|[A-Za-z]*[Tt]oken[A-Za-z]*)(\s*=\s*)("(?:[^"\\]|\\.)*"|[^\s;]+)/g

/** Whether a setting's whole value is a secret (ssl.truststore.password, ssl.key.password, a SCRAM password). */
const secretKey = (block: BlockName | null, key: string): boolean =>
  block === 'scram-credentials' || /password|secret/i.test(key)

/** The value as it may be shown. */
export function redacted(block: BlockName | null, key: string, value: string): string {
  if (value === '') return value
  if (secretKey(block, key)) return REDACTED
  if (key.endsWith('sasl.jaas.config')) return value.replace(SECRET_OPTION, `$1$2"${REDACTED}"`)
  return value
}
