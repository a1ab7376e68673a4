import type { RunVerdict, SampleVerdict } from './types.js';

/**
 * Three-way judgement of a measured |delta| with a known error bound against a threshold.
 * The same rule holds whatever the size of the uncertainty: with uncertainty ≥ threshold the answer can
 * only be NG (certainly over) or UNCERTAIN. We do not fall back to the raw delta then, because the raw delta
 * carries at least the same timing error, only unquantified.
 */
export function judge(deltaNs: number, uncertaintyNs: number, thresholdNs: number): 'OK' | 'NG' | 'UNCERTAIN' {
  const a = Math.abs(deltaNs);
  if (a + uncertaintyNs <= thresholdNs) return 'OK';
  if (a - uncertaintyNs > thresholdNs) return 'NG';
  return 'UNCERTAIN';
}

const SAMPLE_RANK: Record<SampleVerdict, number> = { OK: 0, ERROR: 1, UNCERTAIN: 2, NG: 3 };

/** Worst of a sample's camera verdicts: NG > UNCERTAIN > ERROR > OK. */
export function worstSampleVerdict(verdicts: Iterable<SampleVerdict>): SampleVerdict {
  let worst: SampleVerdict = 'OK';
  for (const v of verdicts) if (SAMPLE_RANK[v] > SAMPLE_RANK[worst]) worst = v;
  return worst;
}

const RUN_RANK: Record<RunVerdict, number> = { OK: 0, NO_DATA: 1, UNCERTAIN: 2, NG: 3 };

export function worstRunVerdict(verdicts: Iterable<RunVerdict>): RunVerdict {
  let worst: RunVerdict = 'OK';
  let any = false;
  for (const v of verdicts) {
    any = true;
    if (RUN_RANK[v] > RUN_RANK[worst]) worst = v;
  }
  return any ? worst : 'NO_DATA';
}

/**
 * Exit code as the seed (0 within threshold, 2 exceeded), with one decision of ours: UNCERTAIN also gives 2,
 * because 0 promises "within the threshold by the run's evidence" and an interval that straddles it cannot.
 * The verdict reason tells the two apart. NO_DATA likewise cannot promise it.
 */
export function exitCodeFor(verdict: RunVerdict): 0 | 2 {
  return verdict === 'OK' ? 0 : 2;
}
