/**
 * `npm run bench`: every speed and memory target of the project, measured side by side in one run and
 * printed as ratios. Not a test: this machine is shared, so numbers vary from run to run.
 */
import { benchAction } from './actionBench.js';
import { benchAccuracy, benchDriftAndTai, benchFireSpread, benchRate } from './latchBench.js';
import { benchReport } from './reportBench.js';
import { benchMemory, benchResources } from './resourceBench.js';
import { benchResolution, benchVerdicts } from './resolutionBench.js';

type Bench = [string, () => Promise<string[]>];

const benches: Bench[] = [
  ['spread', benchFireSpread],
  ['rate', benchRate],
  ['accuracy', benchAccuracy],
  ['drift', benchDriftAndTai],
  ['resolution', benchResolution],
  ['verdicts', benchVerdicts],
  ['memory', benchMemory],
  ['resources', benchResources],
  ['report', benchReport],
  ['action', () => benchAction()],
];

async function extraBenches(): Promise<Bench[]> {
  const out: Bench[] = [];
  try {
    const { benchEnable } = (await import(new URL('./enable.js', import.meta.url).href)) as { benchEnable: () => Promise<string[]> };
    out.push(['enable', benchEnable]);
  } catch {
    // Not built in this tree.
  }
  try {
    const { benchGvcp } = (await import(new URL('./gvcp.js', import.meta.url).href)) as { benchGvcp: () => Promise<string[]> };
    out.push(['gvcp', benchGvcp]);
  } catch {
    // Not built in this tree.
  }
  return out;
}

const only = process.argv.slice(2);
for (const [name, fn] of [...benches, ...(await extraBenches())]) {
  if (only.length > 0 && !only.includes(name)) continue;
  try {
    for (const line of await fn()) console.log(line);
  } catch (e) {
    console.log(`== ${name}: failed: ${(e as Error).message}`);
  }
  console.log('');
}
