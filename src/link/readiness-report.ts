// Tells people about the Link's readiness beyond its status: an Event on the Link (Warning when Ready
// is False, Normal otherwise) and a log line whenever Ready's status, reason or message changes, and
// the condition gauges on every publish. Only changes are reported, so a failure retried with backoff
// yields one Event, not one per attempt (the recorder also deduplicates and rate-limits per object).

import type { Logger } from "pino";
import type { EventRecorder } from "../kube/events.js";
import { ConditionType } from "./conditions.js";
import type { LinkObserver } from "./metrics.js";
import type { DesiredStatus } from "./status-model.js";
import { LINKS, type LinkObject } from "./status-store.js";

export interface ReadinessReporterDeps {
  readonly events: EventRecorder;
  readonly log: Logger;
  readonly observer?: LinkObserver;
}

export class ReadinessReporter {
  readonly #deps: ReadinessReporterDeps;
  #lastReady: string | undefined;

  constructor(deps: ReadinessReporterDeps) {
    this.#deps = deps;
  }

  /** Forget the last Ready, so the next report is told again (a Link deleted and created anew). */
  reset(): void {
    this.#lastReady = undefined;
  }

  report(desired: DesiredStatus, link: LinkObject): void {
    for (const type of Object.values(ConditionType)) {
      this.#deps.observer?.condition(type, desired.conditions.find((c) => c.type === type)?.status);
    }
    const ready = desired.conditions.find((c) => c.type === ConditionType.Ready);
    if (ready === undefined) return;
    const signature = `${ready.status}/${ready.reason}/${ready.message}`;
    if (signature === this.#lastReady) return;
    this.#lastReady = signature;
    const fields = {
      generation: desired.observedGeneration,
      ready: ready.status,
      reason: ready.reason,
      message: ready.message,
    };
    if (ready.status === "False") this.#deps.log.warn(fields, "Link is not ready");
    else this.#deps.log.info(fields, "Link readiness changed");
    const metadata = link.metadata ?? {};
    this.#deps.events.record(
      {
        apiVersion: `${LINKS.group}/${LINKS.version}`,
        kind: LINKS.kind,
        name: metadata.name ?? "",
        ...(metadata.namespace === undefined ? {} : { namespace: metadata.namespace }),
        ...(metadata.uid === undefined ? {} : { uid: metadata.uid }),
        ...(metadata.resourceVersion === undefined ? {} : { resourceVersion: metadata.resourceVersion }),
      },
      ready.status === "False" ? "Warning" : "Normal",
      ready.reason,
      ready.message,
    );
  }
}
