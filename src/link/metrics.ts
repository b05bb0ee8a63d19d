// Observability of the link controller: it reports through the small LinkObserver interface, and
// createLinkMetrics maps that to Prometheus series on the registry the caller passes in. Created once
// per process (not per leadership term), so a replica that leads again reuses the same series.

import { Counter, Gauge, type Registry } from "prom-client";
import { CONDITION_STATUSES, type ConditionStatus } from "./schema.js";
import type { StatusWriteOutcome } from "./status-writer.js";

export interface LinkObserver {
  /** The condition `type` now has `status`; undefined when the condition is absent. */
  condition(type: string, status: ConditionStatus | undefined): void;
  /** A connection to the remote cluster was started (first one, rotation, selector change). */
  connectionStarted(): void;
  statusWrite(outcome: StatusWriteOutcome): void;
  /** Objects in the remote view. */
  remoteObjects(services: number, endpointSlices: number): void;
}

/**
 * Registers, each labelled with `link`: `svcmirror_link_condition{condition,status}` (1 for the
 * condition's current status, 0 for the others), `svcmirror_link_remote_connections_total`,
 * `svcmirror_link_status_writes_total{outcome}` (written, conflict, unchanged, fenced, error) and
 * `svcmirror_link_remote_objects{kind}` (service, endpointslice).
 */
export function createLinkMetrics(registry: Registry, link: string): LinkObserver {
  const condition = new Gauge({
    name: "svcmirror_link_condition",
    help: "Status of each Link condition: 1 for the current status, 0 for the others.",
    labelNames: ["link", "condition", "status"],
    registers: [registry],
  });
  const connections = new Counter({
    name: "svcmirror_link_remote_connections_total",
    help: "Connections to the remote cluster started (first connection, credential rotation, selector change).",
    labelNames: ["link"],
    registers: [registry],
  });
  const writes = new Counter({
    name: "svcmirror_link_status_writes_total",
    help: "Attempts to write the Link status, by outcome.",
    labelNames: ["link", "outcome"],
    registers: [registry],
  });
  const objects = new Gauge({
    name: "svcmirror_link_remote_objects",
    help: "Remote objects in the link's view of the remote cluster.",
    labelNames: ["link", "kind"],
    registers: [registry],
  });
  connections.inc({ link }, 0);
  return {
    condition(type, status): void {
      for (const value of CONDITION_STATUSES) {
        condition.set({ link, condition: type, status: value }, value === status ? 1 : 0);
      }
    },
    connectionStarted(): void {
      connections.inc({ link });
    },
    statusWrite(outcome): void {
      writes.inc({ link, outcome });
    },
    remoteObjects(services, endpointSlices): void {
      objects.set({ link, kind: "service" }, services);
      objects.set({ link, kind: "endpointslice" }, endpointSlices);
    },
  };
}
