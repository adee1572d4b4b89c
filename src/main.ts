// The kafkacheck process: the command line of src/cli.ts run on this process's arguments, working folder and
// streams, ending with its exit code. bin/kafkacheck.js loads this file; nothing else should, since it runs on import.
import { kafkacheck } from './cli.js'
import { exitQuietlyWhenStdoutCloses, processContext, runCli } from './commands/runner.js'

exitQuietlyWhenStdoutCloses()
process.exitCode = await runCli(kafkacheck, process.argv.slice(2), processContext())
