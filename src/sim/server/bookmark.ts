// BOOKMARK objects. The real server sends an empty object of the watched kind carrying only
// metadata.resourceVersion; because it is a Go struct, encoding/json still prints the zero values of
// non-omitempty fields (a Service's `spec: {}` and `status: {loadBalancer: {}}`). Custom resources are
// unstructured and print only apiVersion, kind and metadata.

import type { ResourceKind } from "../types.js";
import { apiVersionOf } from "./pipeline/decode.js";

/** Zero-valued non-omitempty fields of the built-in kinds the sim serves, by `group/Kind`. */
const GO_ZERO_FIELDS: Readonly<Record<string, Readonly<Record<string, unknown>>>> = {
  "/Service": { spec: {}, status: { loadBalancer: {} } },
  "/Namespace": { spec: {}, status: {} },
  "/Event": {
    involvedObject: {},
    reportingComponent: "",
    reportingInstance: "",
    eventTime: null,
    firstTimestamp: null,
    lastTimestamp: null,
    source: {},
  },
  "discovery.k8s.io/EndpointSlice": { addressType: "", endpoints: null },
  "coordination.k8s.io/Lease": { spec: {} },
  "apiextensions.k8s.io/CustomResourceDefinition": {
    spec: { group: "", names: { plural: "", kind: "" }, scope: "", versions: null },
    status: { conditions: null, acceptedNames: { plural: "", kind: "" }, storedVersions: null },
  },
};

export function bookmarkObject(
  kind: Pick<ResourceKind, "group" | "version" | "kind">,
  resourceVersion: string,
  custom: boolean,
): Record<string, unknown> {
  const apiVersion = apiVersionOf(kind);
  if (custom) return { apiVersion, kind: kind.kind, metadata: { resourceVersion } };
  const zero = GO_ZERO_FIELDS[`${kind.group}/${kind.kind}`] ?? {};
  return {
    kind: kind.kind,
    apiVersion,
    metadata: { resourceVersion, creationTimestamp: null },
    ...structuredClone(zero),
  };
}
