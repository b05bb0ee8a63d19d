// Replays the recorded server-side apply cases: the svc-applied story of 092–103 (create, update,
// no-op, conflicts, YAML 1.1, shared ownership, force, a conflict with an Update manager, pruning),
// EndpointSlice and Link applies (146, 222, 223) and the Lease apply whose conversion fails (175).

import { describe, expect, it } from "vitest";
import { ApiError } from "../../../src/sim/errors.js";
import {
  type ApplyOptions,
  applyConfiguration,
  applyConversionError,
  applyMergePatch,
  parseApplyBody,
  recordUpdate,
} from "../../../src/sim/patch/index.js";
import type { JsonObject, KubeObject, Schema } from "../../../src/sim/types.js";
import { expectedObject, fixture, normalized, query, requestText, responseObject } from "./fixtures.js";
import {
  allocateService,
  defaultEndpointSlice,
  defaultService,
  endpointSliceSchema,
  leaseSchema,
  linkSchema,
  serviceSchema,
} from "./schemas.js";

const T0 = "2026-03-01T10:00:00Z";

interface Kind {
  readonly apiVersion: string;
  readonly kind: string;
  readonly schema: Schema;
  readonly namespace: string;
  /** What the pipeline does after the field manager: defaulting, and on create allocation and identity. */
  readonly finish: (obj: JsonObject, created: boolean) => void;
}

function identity(obj: JsonObject, namespace: string, generation?: number): void {
  const meta = obj.metadata as JsonObject;
  Object.assign(meta, { namespace, uid: "<uid>", resourceVersion: "<rv>", creationTimestamp: "<timestamp>" });
  if (generation !== undefined) meta.generation = generation;
}

const service: Kind = {
  apiVersion: "v1",
  kind: "Service",
  schema: serviceSchema,
  namespace: "fixture-ns-2",
  finish: (obj, created) => {
    defaultService(obj);
    if (created) {
      allocateService(obj);
      identity(obj, "fixture-ns-2");
    }
  },
};

const slice: Kind = {
  apiVersion: "discovery.k8s.io/v1",
  kind: "EndpointSlice",
  schema: endpointSliceSchema,
  namespace: "fixture-ns-3",
  finish: (obj, created) => {
    defaultEndpointSlice(obj);
    if (created) identity(obj, "fixture-ns-3", 1);
  },
};

const link: Kind = {
  apiVersion: "svcmirror.io/v1alpha1",
  kind: "Link",
  schema: linkSchema,
  namespace: "fixture-ns-6",
  finish: (obj, created) => {
    if (created) identity(obj, "fixture-ns-6", 1);
  },
};

function options(kind: Kind, caseNumber: number, subresource?: string): ApplyOptions {
  const q = query(caseNumber);
  const opts: ApplyOptions = {
    manager: q.get("fieldManager") ?? "",
    force: q.get("force") === "true",
    apiVersion: kind.apiVersion,
    kind: kind.kind,
    time: T0,
    schema: kind.schema,
  };
  return subresource ? { ...opts, subresource } : opts;
}

function config(caseNumber: number): KubeObject {
  return parseApplyBody(requestText(caseNumber)) as unknown as KubeObject;
}

function apply(kind: Kind, caseNumber: number, live: KubeObject | null, subresource?: string): KubeObject {
  const result = applyConfiguration(live, config(caseNumber), options(kind, caseNumber, subresource));
  kind.finish(result as unknown as JsonObject, live === null);
  return result;
}

function statusOf(fn: () => unknown): unknown {
  try {
    fn();
  } catch (err) {
    if (err instanceof ApiError) return err.status;
    throw err;
  }
  throw new Error("expected an ApiError");
}

/** Between 099 and 100 the recorder edited svc-applied by hand (an unrecorded Update): ClientIP affinity and an annotation. */
function handEdited(): KubeObject {
  const live = responseObject(99, T0);
  const patch = { metadata: { annotations: { "edited-by": "hand" } }, spec: { sessionAffinity: "ClientIP" } };
  const next = defaultService(
    applyMergePatch(live as unknown as JsonObject, patch) as JsonObject,
  ) as unknown as KubeObject;
  recordUpdate(live, next, {
    manager: "fixture-recorder",
    apiVersion: "v1",
    time: T0,
    schema: serviceSchema,
  });
  return next;
}

describe("server-side apply of svc-applied (092–103)", () => {
  it("092 creates the Service; the Apply entry owns exactly the configured fields", () => {
    expect(normalized(apply(service, 92, null))).toStrictEqual(expectedObject(92));
  });

  it("093 updates a targetPort and a label", () => {
    expect(normalized(apply(service, 93, responseObject(92, T0)))).toStrictEqual(expectedObject(93));
  });

  it("094 re-applying the same configuration returns the live object unchanged", () => {
    const live = responseObject(93, T0);
    expect(apply(service, 94, live)).toStrictEqual(live);
  });

  it.each([95, 96, 97])("%i is answered with the recorded error", (n) => {
    expect(statusOf(() => apply(service, n, responseObject(94, T0)))).toStrictEqual(fixture(n).response.body);
  });

  it("098 the same value from another manager is shared, and the new entry has no time", () => {
    expect(normalized(apply(service, 98, responseObject(94, T0)))).toStrictEqual(expectedObject(98));
  });

  it("099 force moves ownership of the conflicting label", () => {
    expect(normalized(apply(service, 99, responseObject(98, T0)))).toStrictEqual(expectedObject(99));
  });

  it("100 conflicts with the Update manager that last set sessionAffinity", () => {
    expect(statusOf(() => apply(service, 100, handEdited()))).toStrictEqual(fixture(100).response.body);
  });

  it("102 applying fewer ports prunes the dropped one; 103 shows the same managers", () => {
    const result = normalized(apply(service, 102, handEdited()));
    expect(result).toStrictEqual(expectedObject(102));
    expect(result).toStrictEqual(expectedObject(103));
  });
});

describe("server-side apply of other kinds", () => {
  it("146 creates an EndpointSlice; atomic lists are owned whole", () => {
    expect(normalized(apply(slice, 146, null))).toStrictEqual(expectedObject(146));
  });

  it("222 creates a Link (custom resource: no value structs)", () => {
    expect(normalized(apply(link, 222, null))).toStrictEqual(expectedObject(222));
  });

  it("223 applies the status subresource under its own entry", () => {
    expect(normalized(apply(link, 223, responseObject(222, T0), "status"))).toStrictEqual(
      expectedObject(223),
    );
  });

  it("175 a merged Lease that does not convert is the recorded 500", () => {
    const lease: Kind = {
      apiVersion: "coordination.k8s.io/v1",
      kind: "Lease",
      schema: leaseSchema,
      namespace: "fixture-ns-4",
      finish: () => undefined,
    };
    const merged = apply(lease, 175, responseObject(172, T0));
    expect((merged.spec as JsonObject).renewTime).toBe("2026-01-01T00:00:45.250Z");
    const cause =
      'parsing time "2026-01-01T00:00:45.250Z" as "2006-01-02T15:04:05.000000Z07:00": cannot parse ".250Z" as ".000000"';
    expect(
      statusOf(() => {
        throw applyConversionError(config(175), cause);
      }),
    ).toStrictEqual(fixture(175).response.body);
  });
});
