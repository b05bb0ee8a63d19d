// Completes a CRD version's schema into the schema of the served object: the root and every embedded
// resource get apiVersion and kind strings and the full ObjectMeta schema, because the apiserver
// treats those fields as typed Go fields rather than as what the CRD author declared. The completed
// schema drives pruning, strict decoding, patches and apply; validation keeps the CRD's own schema.

import type { Schema } from "../types.js";

function completeNode(s: Schema, objectMeta: Schema, isResource: boolean): Schema {
  const out: Schema = { ...s };
  if (s.properties) {
    out.properties = Object.fromEntries(
      Object.entries(s.properties).map(([k, v]) => [k, completeNode(v, objectMeta, false)]),
    );
  }
  if (typeof s.additionalProperties === "object") {
    out.additionalProperties = completeNode(s.additionalProperties, objectMeta, false);
  }
  if (s.items) out.items = completeNode(s.items, objectMeta, false);
  if (isResource || s["x-kubernetes-embedded-resource"]) {
    out.properties = {
      ...out.properties,
      apiVersion: out.properties?.apiVersion ?? { type: "string" },
      kind: out.properties?.kind ?? { type: "string" },
      metadata: objectMeta,
    };
  }
  return out;
}

/** The served object's schema; `objectMeta` replaces whatever the CRD declared for metadata. */
export function completeResourceSchema(schema: Schema, objectMeta: Schema): Schema {
  return completeNode(schema, objectMeta, true);
}
