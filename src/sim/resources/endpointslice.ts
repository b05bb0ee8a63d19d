// discovery.k8s.io/v1 EndpointSlice: port defaults, generation tracking, the FQDN deprecation
// warning, and the rendering of Go's non-omitempty fields (endpoints/ports print as null when
// empty, every endpoint prints its conditions).

import { deepEqual } from "../json.js";
import type { FieldError, KubeObject, ResourceKind } from "../types.js";
import { endpointSliceSchema } from "./endpointslice-schema.js";
import { validateEndpointSlice, validateEndpointSliceUpdate } from "./endpointslice-validation.js";
import { isRecord, recordsOf } from "./json-access.js";
import { decodeBody, STANDARD_VERBS, storageRoundTrip } from "./kind-base.js";
import { validateCommonFieldsUpdate } from "./meta.js";

/** SetDefaults_EndpointPort: an unnamed port is named "" and the protocol is TCP. */
function applyDefaults(obj: KubeObject): void {
  for (const port of recordsOf(obj.ports)) {
    port.name ??= "";
    port.protocol ??= "TCP";
  }
}

/** What the stored object prints: nil lists as null, each endpoint's conditions struct as {}. */
function render(obj: KubeObject): void {
  storageRoundTrip(obj, endpointSliceSchema);
  for (const endpoint of recordsOf(obj.endpoints)) {
    if (!isRecord(endpoint.conditions)) endpoint.conditions = {};
    endpoint.addresses ??= null;
  }
  obj.endpoints ??= null;
  obj.ports ??= null;
}

/** Everything but metadata, plus the labels: a change to any of them bumps the generation. */
function generationRelevant(obj: KubeObject): unknown {
  const { metadata, ...rest } = obj;
  return { ...rest, labels: metadata.labels ?? {} };
}

export function endpointSliceKind(): ResourceKind {
  return {
    group: "discovery.k8s.io",
    version: "v1",
    kind: "EndpointSlice",
    listKind: "EndpointSliceList",
    plural: "endpointslices",
    singular: "endpointslice",
    namespaced: true,
    shortNames: [],
    verbs: STANDARD_VERBS,
    subresources: [],
    storageVersionHash: "Nx3SIv6I0mE=",
    schema: endpointSliceSchema,
    deleteReturnsObject: false,
    allowCreateOnUpdate: false,
    allowUnconditionalUpdate: true,
    strategicMergePatch: true,
    decode: (obj): void =>
      decodeBody(obj, endpointSliceSchema, ["endpoints", "ports", "endpoints.addresses"]),
    applyDefaults,
    prepareForCreate(obj): void {
      obj.metadata.generation = 1;
      render(obj);
    },
    validateCreate: (obj): FieldError[] => validateEndpointSlice(obj),
    prepareForUpdate(obj, old): void {
      render(obj);
      const changed = !deepEqual(generationRelevant(obj), generationRelevant(old));
      const generation = old.metadata.generation ?? 0;
      obj.metadata.generation = changed ? generation + 1 : generation;
    },
    validateUpdate: (obj, old): FieldError[] => [
      ...validateCommonFieldsUpdate(obj.metadata, old.metadata, true),
      ...validateEndpointSliceUpdate(obj, old),
    ],
    warnings: (obj): string[] =>
      obj.addressType === "FQDN" ? ["spec.addressType: FQDN endpoints are deprecated"] : [],
  };
}
