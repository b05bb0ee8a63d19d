// Fault injection for tests and benchmarks. Faults are scoped by resource, verb and namespace and
// each one can be cleared on its own: added latency, error answers (500 InternalError, 429 with
// Retry-After, 403 Forbidden), dropping open watches, a network partition (sockets destroyed and new
// connections reset until healed) and history compaction (the next watch from an old rv gets 410).
// The server consults `beforeRequest` after authentication and authorization, so 401/403 stay real.

import type { Clock, Timer } from "../../runtime/clock.js";
import { type ApiError, internalError, tooManyRequests } from "../errors.js";
import { forbiddenResource, type ResourceAttributes, type User } from "./auth.js";

/** Which requests a fault applies to; an omitted field matches everything. */
export interface FaultScope {
  /** Plural resource name (`services`) or qualified (`endpointslices.discovery.k8s.io`). */
  readonly resource?: string;
  /** RBAC verbs: get, list, watch, create, update, patch, delete, deletecollection. */
  readonly verbs?: readonly string[];
  readonly namespace?: string;
}

export type FaultError =
  | { readonly code: 500; readonly message?: string }
  | { readonly code: 429; readonly retryAfterSeconds?: number }
  | { readonly code: 403 };

export interface FaultHandle {
  /** Removes this fault; later requests are answered normally. */
  clear(): void;
}

export interface WatchDropOptions {
  /** Destroy the sockets instead of ending the streams cleanly (what a crashed server looks like). */
  readonly abrupt?: boolean;
}

/** What the faults need from the server they are attached to. */
export interface FaultHooks {
  readonly clock: Clock;
  /** Ends every open watch matching the scope; returns how many were dropped. */
  dropWatches(scope: FaultScope, opts: WatchDropOptions): number;
  /** Destroys every open connection (partition start). */
  destroyConnections(): void;
  /** Compacts storage at its current revision and expires the watch cache; returns that revision. */
  compactHistory(): number;
}

interface LatencyFault {
  readonly scope: FaultScope;
  readonly latencyMs: number;
}

interface ErrorFault {
  readonly scope: FaultScope;
  readonly error: FaultError;
  remaining: number;
}

export interface RequestTarget extends ResourceAttributes {
  readonly user: User;
}

/** What a scope is matched against: a request, or an open watch (verb "watch"). */
export type ScopedTarget = Pick<ResourceAttributes, "group" | "resource" | "verb" | "namespace">;

function matchesResource(scope: FaultScope, target: ScopedTarget): boolean {
  if (scope.resource === undefined) return true;
  const qualified = target.group ? `${target.resource}.${target.group}` : target.resource;
  return scope.resource === target.resource || scope.resource === qualified;
}

/** Whether a fault's scope covers the target; an empty namespace stands for cluster-wide. */
export function scopeMatches(scope: FaultScope, target: ScopedTarget): boolean {
  if (!matchesResource(scope, target)) return false;
  if (scope.verbs !== undefined && !scope.verbs.includes(target.verb)) return false;
  return scope.namespace === undefined || scope.namespace === (target.namespace ?? "");
}

function toApiError(error: FaultError, target: RequestTarget): ApiError {
  switch (error.code) {
    case 500:
      return internalError(error.message ?? "injected fault");
    case 429:
      return tooManyRequests(error.retryAfterSeconds ?? 1);
    case 403:
      return forbiddenResource(target.user, target);
  }
}

export class Faults {
  private readonly hooks: FaultHooks;
  private readonly latencies = new Set<LatencyFault>();
  private readonly errors = new Set<ErrorFault>();
  private partitioned = false;
  private healTimer: Timer | undefined;

  constructor(hooks: FaultHooks) {
    this.hooks = hooks;
  }

  /** Adds `latencyMs` before every matching request is handled (latencies of several faults add up). */
  delay(scope: FaultScope, latencyMs: number): FaultHandle {
    const fault: LatencyFault = { scope, latencyMs };
    this.latencies.add(fault);
    return {
      clear: (): void => {
        this.latencies.delete(fault);
      },
    };
  }

  /**
   * Answers matching requests with the given error instead of handling them; `times` limits how many
   * requests fail before the fault clears itself (unlimited by default).
   */
  fail(scope: FaultScope, error: FaultError, opts: { times?: number } = {}): FaultHandle {
    const fault: ErrorFault = { scope, error, remaining: opts.times ?? Number.POSITIVE_INFINITY };
    this.errors.add(fault);
    return {
      clear: (): void => {
        this.errors.delete(fault);
      },
    };
  }

  /** Ends every open watch stream in scope (all of them by default); returns how many were dropped. */
  dropWatches(scope: FaultScope = {}, opts: WatchDropOptions = {}): number {
    return this.hooks.dropWatches(scope, opts);
  }

  /**
   * Cuts the network: open connections are destroyed and new ones reset until `heal()` (or the
   * handle's clear, or after `durationMs`).
   */
  partition(opts: { durationMs?: number } = {}): FaultHandle {
    this.partitioned = true;
    this.healTimer?.cancel();
    this.healTimer = undefined;
    this.hooks.destroyConnections();
    if (opts.durationMs !== undefined) {
      this.healTimer = this.hooks.clock.setTimer(opts.durationMs, () => this.heal());
    }
    return { clear: (): void => this.heal() };
  }

  heal(): void {
    this.partitioned = false;
    this.healTimer?.cancel();
    this.healTimer = undefined;
  }

  isPartitioned(): boolean {
    return this.partitioned;
  }

  /**
   * Compacts storage history at the current revision and empties the watch cache window, so a watch
   * or paginated list from any earlier resourceVersion is answered 410 Expired. Returns the revision.
   */
  compact(): number {
    return this.hooks.compactHistory();
  }

  /** Removes every latency and error fault and heals a partition. */
  clear(): void {
    this.latencies.clear();
    this.errors.clear();
    this.heal();
  }

  /** Applies latency, then throws the first matching error fault. Called once per resource request. */
  async beforeRequest(target: RequestTarget, signal?: AbortSignal): Promise<void> {
    let latencyMs = 0;
    for (const fault of this.latencies) {
      if (scopeMatches(fault.scope, target)) latencyMs += fault.latencyMs;
    }
    if (latencyMs > 0) await this.hooks.clock.sleep(latencyMs, signal);
    for (const fault of this.errors) {
      if (!scopeMatches(fault.scope, target)) continue;
      fault.remaining -= 1;
      if (fault.remaining <= 0) this.errors.delete(fault);
      throw toApiError(fault.error, target);
    }
  }
}
