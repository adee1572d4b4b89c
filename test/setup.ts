// Every fast-check property runs from one pinned seed, so the suite is the same run on every machine and in CI; a
// failure prints the seed and path that reproduce it. FC_SEED=<n> replays another seed, FC_SEED=random explores.
import fc from 'fast-check'

const PINNED_SEED = 20_261_130

const chosen = process.env['FC_SEED']
const seed =
  chosen === 'random' ? (Date.now() ^ (Math.random() * 0x7fffffff)) | 0 : chosen ? Number(chosen) : PINNED_SEED
if (!Number.isInteger(seed)) throw new Error(`FC_SEED must be an integer or "random", not ${chosen}`)
if (chosen === 'random') console.log(`fast-check seed: ${seed} (FC_SEED=${seed} replays it)`)
fc.configureGlobal({ seed })
