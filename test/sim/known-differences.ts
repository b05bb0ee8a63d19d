// Where the sim knowingly answers differently from the recorded kube-apiserver v1.28, and why. Each
// entry rewrites the recorded case into what the sim answers instead, limited to the explained
// difference; the answer must then match that exactly (any other difference still fails), and it
// must NOT match the untouched recording — a listed case that starts answering exactly alike fails,
// so the list cannot rot.

import { expect } from "vitest";
import type { FixtureCase } from "./fixture-cases.js";
import type { Outcome } from "./fixture-replay.js";

/** Facts about the sim under test that an adjustment may need. */
export interface SimFacts {
  /** The port the sim listens on. */
  readonly port: number;
}

export interface KnownDifference {
  readonly why: string;
  /** The recorded case as the sim answers it: a copy with only the explained difference applied. */
  adjust(recorded: FixtureCase, sim: SimFacts): FixtureCase;
}

type Body = Record<string, unknown>;

function withBody(c: FixtureCase, change: (body: Body) => void): FixtureCase {
  const body = structuredClone(c.response.body) as Body;
  change(body);
  return { ...c, response: { ...c.response, body } };
}

/** What the sim serves of the recorded discovery: its own kinds only. */
const SERVED_CORE = new Set([
  "configmaps",
  "endpoints",
  "events",
  "namespaces",
  "namespaces/finalize",
  "namespaces/status",
  "secrets",
  "services",
  "services/status",
]);
const SERVED_GROUPS: Readonly<Record<string, readonly string[]>> = {
  "authorization.k8s.io": ["selfsubjectaccessreviews"],
  "apiextensions.k8s.io": ["customresourcedefinitions"],
  "coordination.k8s.io": ["leases"],
  "discovery.k8s.io": ["endpointslices"],
};

type Entry = Record<string, unknown>;

function servedResources(entries: unknown, served: (name: string) => boolean, key: string): Entry[] {
  return (entries as Entry[]).filter((e) => served(String(e[key])));
}

const DISCOVERY_SUBSET =
  "the sim serves only the kinds it implements (core configmaps, endpoints, events, namespaces with finalize and status, secrets, services with status; SelfSubjectAccessReview, CRDs, Leases, EndpointSlices); the real server lists every built-in API, and the answer is otherwise identical";

/** The recorded aggregated discovery of the named groups, cut down to the resources the sim serves. */
function servedAggregated(items: unknown): Entry[] {
  return (items as Entry[])
    .filter((item) => String((item.metadata as Entry).name) in SERVED_GROUPS)
    .map((item) => {
      const served = SERVED_GROUPS[String((item.metadata as Entry).name)] ?? [];
      const versions = (item.versions as Entry[]).map((v) => ({
        ...v,
        resources: servedResources(v.resources, (n) => served.includes(n), "resource"),
      }));
      return { ...item, versions };
    });
}

export const KNOWN_DIFFERENCES: Readonly<Record<string, KnownDifference>> = {
  "007-discovery-api-v1": {
    why: DISCOVERY_SUBSET,
    adjust: (c) =>
      withBody(c, (b) => (b.resources = servedResources(b.resources, (n) => SERVED_CORE.has(n), "name"))),
  },
  "008-discovery-apis": {
    why: DISCOVERY_SUBSET,
    adjust: (c) =>
      withBody(c, (b) => (b.groups = (b.groups as Entry[]).filter((g) => String(g.name) in SERVED_GROUPS))),
  },
  "016-discovery-api-aggregated": {
    why: DISCOVERY_SUBSET,
    adjust: (c) =>
      withBody(c, (b) => {
        for (const item of b.items as Entry[]) {
          for (const v of item.versions as Entry[]) {
            v.resources = servedResources(v.resources, (n) => SERVED_CORE.has(n), "resource").map((r) => {
              if (r.subresources === undefined) return r;
              const subresources = servedResources(
                r.subresources,
                (n) => SERVED_CORE.has(`${r.resource}/${n}`),
                "subresource",
              );
              return { ...r, subresources };
            });
          }
        }
      }),
  },
  "017-discovery-apis-aggregated": {
    why: DISCOVERY_SUBSET,
    adjust: (c) => withBody(c, (b) => (b.items = servedAggregated(b.items))),
  },
  "248-watch-get-default-kubernetes-service": {
    why: "kube-apiserver points default/kubernetes (port 443) at its own --secure-port, 16443 for the recorded server; the sim points it at the port it listens on, which the test picks at random",
    adjust: (c, sim) =>
      withBody(c, (b) => {
        const ports = (b.spec as { ports: Entry[] }).ports;
        if (ports[0]) ports[0].targetPort = sim.port;
      }),
  },
  "265-watch-services-too-old-after-compaction": {
    why: "the recorded server had evicted Service events by then (its oldest servable start moved 26 revisions past 253's); kube 1.28's watch cache, which the sim follows, evicts only from a full cache of at least 100 events whose oldest is older than 75 s, and the recorded cases write 41 Service events before 265, so the evictions came from writes the recording does not hold; the sim's window still starts where it did in 253",
    adjust: (c) => {
      const stream = structuredClone(c.stream ?? []) as { type: string; object: Entry }[];
      for (const e of stream) e.object.message = String(e.object.message).replace("<rv-382>", "<rv-408>");
      return { ...c, stream };
    },
  },
};

/** The expectation to compare the sim's answer with. */
export function expectedFor(c: FixtureCase, sim: SimFacts): FixtureCase {
  return KNOWN_DIFFERENCES[c.name]?.adjust(c, sim) ?? c;
}

/** Asserts a case's outcome; returns true when the sim answered exactly like the recording. */
export function judge(c: FixtureCase, outcome: Outcome): boolean {
  const known = KNOWN_DIFFERENCES[c.name];
  if (!known) {
    expect(outcome.mismatches, c.description).toEqual([]);
    return true;
  }
  expect(outcome.mismatches, `differences beyond the known one (${known.why})`).toEqual([]);
  expect(
    outcome.recordedMismatches,
    `${c.name} now answers exactly like the recording: remove it from KNOWN_DIFFERENCES`,
  ).not.toEqual([]);
  return false;
}
