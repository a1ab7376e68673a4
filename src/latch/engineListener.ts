/**
 * The JS side of a native engine's event stream, shared by the latch and action runs. Batches reach `onBatch` in
 * order on the main thread until it throws; then the engine is stopped and the error kept for `finished` to
 * reject with (once the threads are joined). `done` resolves with the engine's final event.
 */
export interface EngineListening<E, D> {
  engine: E;
  done: Promise<D>;
  /** What onBatch threw, if it did. */
  failure(): unknown;
}

export function listenToEngine<B extends { type: 'batch' }, D extends { type: 'done' }, E extends { stop(): void }>(
  start: (listener: (event: B | D) => void) => E,
  onBatch: (batch: B) => void,
): EngineListening<E, D> {
  let failure: unknown;
  let engine: E | undefined;
  let resolveDone!: (d: D) => void;
  const done = new Promise<D>((resolve) => (resolveDone = resolve));
  engine = start((event) => {
    if (event.type === 'done') {
      resolveDone(event as D);
      return;
    }
    if (failure !== undefined) return;
    try {
      onBatch(event as B);
    } catch (e) {
      failure = e;
      engine?.stop();
    }
  });
  return { engine, done, failure: () => failure };
}
