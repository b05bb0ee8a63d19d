// Schemas for the kinds the patch fixtures touch: Service from the sim's built-in kinds; Lease and
// EndpointSlice written here after kube v1.28's OpenAPI v3 until the sim serves them (non-pointer
// structs carry `default: {}`); Link is the CRD schema of case 194. Also the bits of defaulting
// and allocation the request pipeline adds, so results can be compared with recorded responses.

import { builtinKinds } from "../../../src/sim/resources/index.js";
import type { Json, JsonObject, Schema } from "../../../src/sim/types.js";

const str: Schema = { type: "string" };
const int: Schema = { type: "integer" };
const bool: Schema = { type: "boolean" };
const valueStruct = (properties: Record<string, Schema>): Schema => ({
  type: "object",
  default: {},
  properties,
});
const atomicList = (items: Schema): Schema => ({ type: "array", items, "x-kubernetes-list-type": "atomic" });

/**
 * Marks non-pointer struct fields with `default: {}`, as kube's OpenAPI v3 does and as the field
 * manager relies on to know what a kind's empty object holds. The sim's built-in schemas do not
 * carry the marker yet; once they do this is a no-op.
 */
function withValueStructs(schema: Schema, paths: readonly (readonly string[])[]): Schema {
  const copy = structuredClone(schema);
  for (const path of paths) {
    let node: Schema | undefined = copy;
    for (const key of path) node = node?.properties?.[key];
    if (!node) throw new Error(`schema has no ${path.join(".")}`);
    node.default ??= {};
  }
  return copy;
}

function builtinSchema(kind: string): Schema {
  const found = builtinKinds().find((k) => k.kind === kind);
  if (!found) throw new Error(`builtinKinds() has no ${kind}`);
  return found.schema;
}

/** The sim's own Service schema (src/sim/resources). */
export const serviceSchema: Schema = withValueStructs(builtinSchema("Service"), [
  ["spec"],
  ["status"],
  ["status", "loadBalancer"],
]);

export const endpointSliceSchema: Schema = {
  type: "object",
  properties: {
    addressType: str,
    endpoints: atomicList({
      type: "object",
      properties: {
        addresses: { type: "array", items: str, "x-kubernetes-list-type": "set" },
        conditions: valueStruct({ ready: bool, serving: bool, terminating: bool }),
        hostname: str,
        nodeName: str,
        zone: str,
        targetRef: {
          type: "object",
          "x-kubernetes-map-type": "atomic",
          properties: { kind: str, namespace: str, name: str },
        },
      },
    }),
    ports: atomicList({
      type: "object",
      properties: { name: str, protocol: str, port: int, appProtocol: str },
    }),
  },
};

export const leaseSchema: Schema = {
  type: "object",
  properties: {
    spec: valueStruct({
      holderIdentity: str,
      leaseDurationSeconds: int,
      acquireTime: { type: "string", format: "date-time" },
      renewTime: { type: "string", format: "date-time" },
      leaseTransitions: int,
    }),
  },
};

/** The openAPIV3Schema of links.svcmirror.io as created in case 194. */
export const linkSchema: Schema = {
  type: "object",
  properties: {
    apiVersion: str,
    kind: str,
    metadata: { type: "object" },
    spec: {
      type: "object",
      required: ["targetClusterName"],
      properties: {
        targetClusterName: str,
        gatewayPort: { type: "integer", minimum: 1, maximum: 65535 },
        selector: {
          type: "object",
          properties: { matchLabels: { type: "object", additionalProperties: str } },
        },
      },
    },
    status: {
      type: "object",
      properties: {
        observedGeneration: { type: "integer", format: "int64" },
        conditions: {
          type: "array",
          items: {
            type: "object",
            required: ["type", "status"],
            properties: {
              type: str,
              status: { type: "string", enum: ["True", "False", "Unknown"] },
              reason: str,
              message: str,
              lastTransitionTime: { type: "string", format: "date-time" },
            },
          },
        },
      },
    },
  },
};

function asObject(value: Json | undefined): JsonObject {
  return typeof value === "object" && value !== null && !Array.isArray(value) ? value : {};
}

/** SetDefaults_Service: runs before field tracking, so its fields are owned by the writer. */
export function defaultService(obj: JsonObject): JsonObject {
  const spec = asObject(obj.spec);
  obj.spec = spec;
  spec.type ??= "ClusterIP";
  spec.sessionAffinity ??= "None";
  if (spec.type !== "ExternalName") spec.internalTrafficPolicy ??= "Cluster";
  if (spec.sessionAffinity === "ClientIP")
    spec.sessionAffinityConfig ??= { clientIP: { timeoutSeconds: 10800 } };
  for (const port of (spec.ports ?? []) as JsonObject[]) {
    port.protocol ??= "TCP";
    port.targetPort ??= port.port ?? null;
  }
  return obj;
}

/** What Service creation sets after field tracking (allocation, status reset), with the fixtures' placeholders. */
export function allocateService(obj: JsonObject): JsonObject {
  const spec = asObject(obj.spec);
  spec.clusterIP ??= "<clusterIP>";
  spec.clusterIPs ??= ["<clusterIP>"];
  spec.ipFamilies ??= ["IPv4"];
  spec.ipFamilyPolicy ??= "SingleStack";
  obj.status ??= { loadBalancer: {} };
  return obj;
}

export function defaultEndpointSlice(obj: JsonObject): JsonObject {
  for (const endpoint of (obj.endpoints ?? []) as JsonObject[]) endpoint.conditions ??= {};
  for (const port of (obj.ports ?? []) as JsonObject[]) port.protocol ??= "TCP";
  return obj;
}
