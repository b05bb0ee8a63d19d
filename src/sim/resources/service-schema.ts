// Structural schema of core/v1 Service as kube v1.28's OpenAPI describes it, including the list
// semantics apply and strategic merge rely on: ports are a map keyed by port+protocol (merge key
// `port`), the selector is an atomic map, clusterIPs and the other string lists are atomic.

import type { Schema } from "../types.js";
import { conditionSchema, conditionsList, kindSchema } from "./common-schemas.js";
import {
  atomicList,
  bool,
  int32,
  intOrString,
  mapList,
  obj,
  required,
  str,
  stringMap,
  valueStruct,
  withDefault,
} from "./schema-builders.js";

const servicePortSchema: Schema = required(
  obj({
    appProtocol: str(),
    name: str(),
    nodePort: int32(),
    port: int32(),
    protocol: withDefault(str(), "TCP"),
    targetPort: intOrString(),
  }),
  "port",
);

const serviceSpecSchema: Schema = obj({
  allocateLoadBalancerNodePorts: bool(),
  clusterIP: str(),
  clusterIPs: atomicList(str()),
  externalIPs: atomicList(str()),
  externalName: str(),
  externalTrafficPolicy: str(),
  healthCheckNodePort: int32(),
  internalTrafficPolicy: str(),
  ipFamilies: atomicList(str()),
  ipFamilyPolicy: str(),
  loadBalancerClass: str(),
  loadBalancerIP: str(),
  loadBalancerSourceRanges: atomicList(str()),
  ports: mapList(servicePortSchema, { keys: ["port", "protocol"], mergeKey: "port", patchStrategy: "merge" }),
  publishNotReadyAddresses: bool(),
  selector: stringMap(true),
  sessionAffinity: str(),
  sessionAffinityConfig: obj({ clientIP: obj({ timeoutSeconds: int32() }) }),
  type: str(),
});

const portStatusSchema: Schema = required(
  obj({ error: str(), port: int32(), protocol: str() }),
  "port",
  "protocol",
);

const loadBalancerIngressSchema: Schema = obj({
  hostname: str(),
  ip: str(),
  ports: atomicList(portStatusSchema),
});

const serviceStatusSchema: Schema = obj({
  conditions: conditionsList(conditionSchema),
  loadBalancer: valueStruct(obj({ ingress: atomicList(loadBalancerIngressSchema) })),
});

export const serviceSchema: Schema = kindSchema({
  spec: valueStruct(serviceSpecSchema),
  status: valueStruct(serviceStatusSchema),
});
