/**
 * SIGINT/SIGTERM from the first instant of the process: before a run is under way there is nothing to
 * summarise, so the process ends with the conventional 130/143; once a run has taken over, its handler stops
 * the run and the summary reports the samples done.
 */
import { loadedAddon } from '../binding.js';

export type InterruptSignal = 'SIGINT' | 'SIGTERM';
type Handler = (signal: InterruptSignal) => void;

const EXIT: Record<InterruptSignal, number> = { SIGINT: 130, SIGTERM: 143 };
let current: Handler | null = null;
let installed = false;

function dispatch(signal: InterruptSignal): void {
  if (current) current(signal);
  else exitAtOnce(EXIT[signal]);
}

/** process.exit would wait for a camera stuck inside an SDK call (see processEnd.ts); this does not. */
function exitAtOnce(code: number): never {
  const native = loadedAddon();
  if (native !== undefined && native.busyCameras().length > 0) native.exitNow(code);
  process.exit(code);
}

export function installSignalHandlers(): void {
  if (installed) return;
  installed = true;
  process.on('SIGINT', () => dispatch('SIGINT'));
  process.on('SIGTERM', () => dispatch('SIGTERM'));
}

/** Routes interrupts to `handler` until the returned function is called. */
export function onInterrupt(handler: Handler): () => void {
  installSignalHandlers();
  const previous = current;
  current = handler;
  return () => {
    current = previous;
  };
}
