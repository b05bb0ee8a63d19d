// Test-local schemas for the kinds the patch fixtures touch, written after kube v1.28's OpenAPI v3:
// non-pointer structs carry `default: {}`, Service ports are a map list keyed by port+protocol
// with protocol defaulting to TCP, selectors are atomic maps. Link is the CRD schema of case 194.
// Also the bits of defaulting and allocation the request pipeline adds, so results can be
// compared with recorded responses.

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

export const serviceSchema: Schema = {
  type: "object",
  properties: {
    spec: valueStruct({
      ports: {
        type: "array",
        items: {
          type: "object",
          properties: {
            name: str,
            protocol: { type: "string", default: "TCP" },
            appProtocol: str,
            port: int,
            targetPort: { "x-kubernetes-int-or-string": true },
            nodePort: int,
          },
        },
        "x-kubernetes-list-type": "map",
        "x-kubernetes-list-map-keys": ["port", "protocol"],
        "x-kubernetes-patch-merge-key": "port",
        "x-kubernetes-patch-strategy": "merge",
      },
      selector: { type: "object", additionalProperties: str, "x-kubernetes-map-type": "atomic" },
      clusterIP: str,
      clusterIPs: atomicList(str),
      type: str,
      externalName: str,
      sessionAffinity: str,
      sessionAffinityConfig: {
        type: "object",
        properties: { clientIP: { type: "object", properties: { timeoutSeconds: int } } },
      },
      ipFamilies: atomicList(str),
      ipFamilyPolicy: str,
      internalTrafficPolicy: str,
    }),
    status: valueStruct({ loadBalancer: valueStruct({ ingress: atomicList({ type: "object" }) }) }),
  },
};

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
