// Structural schema of discovery.k8s.io/v1 EndpointSlice (kube v1.28 OpenAPI). endpoints and ports
// are atomic lists without a merge key: apply owns them whole and strategic merge replaces them
// (fixtures 145, 146); addresses are a set; EndpointPort is an atomic struct.

import type { Schema } from "../types.js";
import { kindSchema, objectReferenceSchema } from "./common-schemas.js";
import {
  atomicList,
  atomicObj,
  bool,
  int32,
  obj,
  required,
  setList,
  str,
  stringMap,
  valueStruct,
} from "./schema-builders.js";

const endpointSchema: Schema = required(
  obj({
    addresses: setList(str()),
    conditions: valueStruct(obj({ ready: bool(), serving: bool(), terminating: bool() })),
    deprecatedTopology: stringMap(),
    hints: obj({ forZones: atomicList(required(obj({ name: str() }), "name")) }),
    hostname: str(),
    nodeName: str(),
    targetRef: objectReferenceSchema,
    zone: str(),
  }),
  "addresses",
);

const endpointPortSchema: Schema = atomicObj({
  appProtocol: str(),
  name: str(),
  port: int32(),
  protocol: str(),
});

export const endpointSliceSchema: Schema = required(
  kindSchema({
    addressType: str(),
    endpoints: atomicList(endpointSchema),
    ports: atomicList(endpointPortSchema),
  }),
  "addressType",
  "endpoints",
);
