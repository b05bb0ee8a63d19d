// What every request handler receives: the sim's shared dependencies and the parsed request. Kept in
// one place so handlers stay small functions of (context) → response, with no module-level state.

import type { IncomingMessage, ServerResponse } from "node:http";
import type { Clock } from "../../runtime/clock.js";
import type { Storage } from "../storage/index.js";
import type { User } from "./auth.js";
import type { BookmarkDispatcher } from "./bookmark-timing.js";
import type { ObjectEncoder } from "./encoder.js";
import type { Faults } from "./faults.js";
import type { Representation } from "./negotiation.js";
import type { KindRegistry, ServedKind } from "./registry.js";
import type { ResourceRequestInfo } from "./router.js";
import type { WatchRegistry } from "./watches.js";

export interface SimDeps {
  readonly storage: Storage;
  readonly registry: KindRegistry;
  readonly clock: Clock;
  readonly faults: Faults;
  readonly watches: WatchRegistry;
  readonly bookmarks: BookmarkDispatcher;
  readonly encoder: ObjectEncoder;
  /** Randomness of watch timeouts and bookmark ticks (Math.random unless a test fixes it). */
  readonly random: () => number;
  /** How long a list waits for a resourceVersion from the future before answering 504. */
  readonly futureResourceVersionWaitMs: number;
}

/** What writes need to know besides the object: the sim and the kind being written. */
export interface KindScope {
  readonly deps: SimDeps;
  readonly served: ServedKind;
}

export interface RequestContext extends KindScope {
  readonly req: IncomingMessage;
  readonly res: ServerResponse;
  readonly info: ResourceRequestInfo;
  readonly user: User;
  readonly query: URLSearchParams;
  /** The negotiated response representation. */
  readonly rep: Representation;
  /** Aborts when the client goes away. */
  readonly signal: AbortSignal;
}
