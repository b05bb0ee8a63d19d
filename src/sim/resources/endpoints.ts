// core/v1 Endpoints: subsets of addresses and ports, validated as kube v1.28 does. Not reproduced:
// kube's Canonicalize repacks subsets (regrouping addresses by port set and sorting them by a hash),
// so the sim stores subsets in the order they were written.

import { fieldError } from "../fielderrors.js";
import type { FieldError, KubeObject, ResourceKind, Schema } from "../types.js";
import { kindSchema, objectReferenceSchema } from "./common-schemas.js";
import { asNumber, asOptionalString, asString, type JsonRecord, recordsOf } from "./json-access.js";
import { decodeBody, STANDARD_VERBS, storageRoundTrip } from "./kind-base.js";
import {
  invalidEach,
  isDNS1123Subdomain,
  validateCommonFieldsUpdate,
  validateObjectMeta,
  validateObjectMetaUpdate,
} from "./meta.js";
import { atomicList, atomicObj, int32, obj, required, str } from "./schema-builders.js";
import {
  validateDNS1123Label,
  validateIP,
  validateNonSpecialIP,
  validatePortNumber,
  validateProtocol,
  validateQualifiedName,
} from "./validators.js";

const addressSchema: Schema = required(
  atomicObj({ hostname: str(), ip: str(), nodeName: str(), targetRef: objectReferenceSchema }),
  "ip",
);

const portSchema: Schema = required(
  atomicObj({ appProtocol: str(), name: str(), port: int32(), protocol: str() }),
  "port",
);

const endpointsSchema: Schema = kindSchema({
  subsets: atomicList(
    obj({
      addresses: atomicList(addressSchema),
      notReadyAddresses: atomicList(addressSchema),
      ports: atomicList(portSchema),
    }),
  ),
});

function validateAddress(address: JsonRecord, path: string): FieldError[] {
  const ip = asString(address.ip);
  const errs = validateIP(ip, `${path}.ip`);
  const hostname = asString(address.hostname);
  if (hostname) errs.push(...validateDNS1123Label(hostname, `${path}.hostname`));
  const nodeName = asOptionalString(address.nodeName);
  if (nodeName !== undefined) errs.push(...invalidEach(`${path}.nodeName`, nodeName, isDNS1123Subdomain));
  return [...errs, ...validateNonSpecialIP(ip, `${path}.ip`)];
}

function validatePort(port: JsonRecord, requireName: boolean, path: string): FieldError[] {
  const errs: FieldError[] = [];
  const name = asString(port.name);
  if (requireName && !name) errs.push(fieldError.required(`${path}.name`));
  else if (name) errs.push(...validateDNS1123Label(name, `${path}.name`));
  errs.push(...validatePortNumber(asNumber(port.port) ?? 0, `${path}.port`));
  errs.push(...validateProtocol(asString(port.protocol), `${path}.protocol`));
  const appProtocol = asOptionalString(port.appProtocol);
  if (appProtocol !== undefined) errs.push(...validateQualifiedName(appProtocol, `${path}.appProtocol`));
  return errs;
}

function validateSubset(subset: JsonRecord, path: string): FieldError[] {
  const addresses = recordsOf(subset.addresses);
  const notReady = recordsOf(subset.notReadyAddresses);
  const ports = recordsOf(subset.ports);
  const errs: FieldError[] = [];
  if (addresses.length === 0 && notReady.length === 0) {
    errs.push(fieldError.required(path, "must specify `addresses` or `notReadyAddresses`"));
  }
  for (const [i, a] of addresses.entries()) errs.push(...validateAddress(a, `${path}.addresses[${i}]`));
  for (const [i, a] of notReady.entries())
    errs.push(...validateAddress(a, `${path}.notReadyAddresses[${i}]`));
  for (const [i, p] of ports.entries())
    errs.push(...validatePort(p, ports.length > 1, `${path}.ports[${i}]`));
  return errs;
}

/** ValidateEndpoints. */
function validateEndpoints(obj: KubeObject): FieldError[] {
  return [
    ...validateObjectMeta(obj.metadata, {
      namespaced: true,
      nameValidator: isDNS1123Subdomain,
      kubeFinalizerNames: true,
    }),
    ...recordsOf(obj.subsets).flatMap((subset, i) => validateSubset(subset, `subsets[${i}]`)),
  ];
}

/** SetDefaults_EndpointPort: the protocol defaults to TCP. */
function applyDefaults(obj: KubeObject): void {
  for (const subset of recordsOf(obj.subsets)) {
    for (const port of recordsOf(subset.ports)) {
      if (!port.protocol) port.protocol = "TCP";
    }
  }
}

export function endpointsKind(): ResourceKind {
  return {
    group: "",
    version: "v1",
    kind: "Endpoints",
    listKind: "EndpointsList",
    plural: "endpoints",
    singular: "endpoints",
    namespaced: true,
    shortNames: ["ep"],
    verbs: STANDARD_VERBS,
    subresources: [],
    storageVersionHash: "fWeeMqaN/OA=",
    schema: endpointsSchema,
    deleteReturnsObject: false,
    allowCreateOnUpdate: true,
    allowUnconditionalUpdate: true,
    strategicMergePatch: true,
    decode: (obj): void => decodeBody(obj, endpointsSchema),
    applyDefaults,
    prepareForCreate: (obj): void => storageRoundTrip(obj, endpointsSchema),
    validateCreate: validateEndpoints,
    prepareForUpdate: (obj): void => storageRoundTrip(obj, endpointsSchema),
    validateUpdate: (obj, old): FieldError[] => [
      ...validateCommonFieldsUpdate(obj.metadata, old.metadata, true),
      ...validateObjectMetaUpdate(obj.metadata, old.metadata),
      ...validateEndpoints(obj),
    ],
  };
}
