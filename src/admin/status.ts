// Named providers of the /status document: each component (the elector, the link controller)
// contributes one JSON-serializable section, read fresh on every request. A provider that throws
// yields an `{ error }` section instead of failing the whole document.

export type StatusProvider = () => unknown;

export class StatusProviders {
  readonly #providers = new Map<string, StatusProvider>();

  /** Adds a section; returns a function that removes it. Names are unique. */
  add(name: string, provider: StatusProvider): () => void {
    if (this.#providers.has(name)) throw new Error(`status provider "${name}" is already registered`);
    this.#providers.set(name, provider);
    return (): void => {
      if (this.#providers.get(name) === provider) this.#providers.delete(name);
    };
  }

  /** The document, and the names of the sections whose provider failed. */
  collect(): { document: Record<string, unknown>; failed: string[] } {
    const document: Record<string, unknown> = {};
    const failed: string[] = [];
    for (const [name, provider] of this.#providers) {
      try {
        document[name] = provider();
      } catch (err) {
        failed.push(name);
        document[name] = { error: err instanceof Error ? err.message : String(err) };
      }
    }
    return { document, failed };
  }
}
