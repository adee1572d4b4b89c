// How a run ends, as the exit code CI systems read: 0 every verdict as expected, 1 a verdict that is not, 2 input the
// tool cannot use (printed as one line), 3 a bug in kafkacheck itself.

export const EXIT = { ok: 0, failed: 1, badInput: 2, internal: 3 } as const
export type ExitCode = (typeof EXIT)[keyof typeof EXIT]

/**
 * Input kafkacheck cannot use: a file, a value, an option. The message is the whole report, one line naming what is
 * wrong and what is allowed; it is thrown from anywhere below a command and printed once, by runCli
 * (src/commands/runner.ts).
 */
export class InputError extends Error {
  override readonly name = 'InputError'
}
