// Turns SIGTERM and SIGINT into one AbortSignal for an orderly shutdown. A second signal while the
// shutdown is under way exits at once, so an operator can always interrupt a stuck stop.

export interface SignalSource {
  once(event: NodeJS.Signals, listener: () => void): unknown;
  off(event: NodeJS.Signals, listener: () => void): unknown;
  exit(code: number): never;
}

const STOP_SIGNALS: readonly NodeJS.Signals[] = ["SIGTERM", "SIGINT"];

/** Exit code of a forced stop: 128 + SIGINT's number, as shells report an interrupted program. */
const FORCED_EXIT_CODE = 130;

export interface StopSignal {
  readonly signal: AbortSignal;
  /** Removes the handlers (the process then reacts to the signals as it would by default). */
  dispose(): void;
}

export function abortOnStopSignals(source: SignalSource): StopSignal {
  const controller = new AbortController();
  const force = (): void => source.exit(FORCED_EXIT_CODE);
  const first = (name: NodeJS.Signals) => (): void => {
    for (const other of STOP_SIGNALS) {
      source.off(other, handlers.get(other) ?? force);
      source.once(other, force);
    }
    controller.abort(new Error(`received ${name}`));
  };
  const handlers = new Map(STOP_SIGNALS.map((name) => [name, first(name)] as const));
  for (const [name, handler] of handlers) source.once(name, handler);
  return {
    signal: controller.signal,
    dispose: (): void => {
      for (const [name, handler] of handlers) {
        source.off(name, handler);
        source.off(name, force);
      }
    },
  };
}
