// Observability of the election: the elector reports through the small ElectionObserver
// interface; createElectionMetrics maps it to Prometheus series on a registry the caller passes
// in (never prom-client's global one), so tests and several electors do not collide.

import { Counter, Gauge, type Registry } from "prom-client";

export interface ElectionObserver {
  /** This replica started (true) or stopped (false) leading `lease`. */
  leaderChanged(lease: string, isLeader: boolean): void;
  /**
   * The holder this replica observes changed to `holder` ("" when released or missing);
   * `previous` is null for the first observation after start.
   */
  holderChanged(lease: string, holder: string, previous: string | null): void;
}

/**
 * Registers `svcmirror_leader_election_is_leader{lease}` (1 while this replica leads) and
 * `svcmirror_leader_election_transitions_total{lease}` (changes to a new non-empty holder that this
 * replica observed; the first observation after start is not a transition).
 */
export function createElectionMetrics(registry: Registry): ElectionObserver {
  const isLeader = new Gauge({
    name: "svcmirror_leader_election_is_leader",
    help: "1 while this replica holds the lease, 0 otherwise.",
    labelNames: ["lease"],
    registers: [registry],
  });
  const transitions = new Counter({
    name: "svcmirror_leader_election_transitions_total",
    help: "Changes of the lease holder observed by this replica.",
    labelNames: ["lease"],
    registers: [registry],
  });
  return {
    leaderChanged(lease, leading): void {
      isLeader.set({ lease }, leading ? 1 : 0);
    },
    holderChanged(lease, holder, previous): void {
      transitions.inc({ lease }, 0);
      if (previous !== null && holder !== "") transitions.inc({ lease });
    },
  };
}
