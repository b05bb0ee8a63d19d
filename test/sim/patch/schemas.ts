// Schemas for the kinds the patch fixtures touch: Service, EndpointSlice and Lease are the sim's
// built-in kinds' (src/sim/resources); Link is the CRD schema of case 194 as the sim completes it.
// Also the bits of defaulting and allocation the request pipeline adds, so results can be compared
// with recorded responses.

import { builtinKinds } from "../../../src/sim/resources/index.js";
import type { Json, JsonObject, Schema } from "../../../src/sim/types.js";

function builtinSchema(kind: string): Schema {
  const found = builtinKinds().find((k) => k.kind === kind);
  if (!found) throw new Error(`builtinKinds() has no ${kind}`);
  return found.schema;
}

const str: Schema = { type: "string" };

export const serviceSchema: Schema = builtinSchema("Service");

export const endpointSliceSchema: Schema = builtinSchema("EndpointSlice");

export const leaseSchema: Schema = builtinSchema("Lease");

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
