// Structural schema of apiextensions.k8s.io/v1 CustomResourceDefinition. The openAPIV3Schema of each
// version is kept verbatim (preserve-unknown-fields): it is the user's schema, validated elsewhere.

import type { Schema } from "../types.js";
import { conditionsList, kindSchema } from "./common-schemas.js";
import { atomicList, bool, bytes, int32, obj, required, str, time, valueStruct } from "./schema-builders.js";

const namesSchema: Schema = required(
  obj({
    categories: atomicList(str()),
    kind: str(),
    listKind: str(),
    plural: str(),
    shortNames: atomicList(str()),
    singular: str(),
  }),
  "plural",
  "kind",
);

const printerColumnSchema: Schema = required(
  obj({ description: str(), format: str(), jsonPath: str(), name: str(), priority: int32(), type: str() }),
  "name",
  "type",
  "jsonPath",
);

const versionSchema: Schema = required(
  obj({
    additionalPrinterColumns: atomicList(printerColumnSchema),
    deprecated: bool(),
    deprecationWarning: str(),
    name: str(),
    schema: obj({ openAPIV3Schema: { type: "object", "x-kubernetes-preserve-unknown-fields": true } }),
    served: bool(),
    storage: bool(),
    subresources: obj({
      scale: obj({ labelSelectorPath: str(), specReplicasPath: str(), statusReplicasPath: str() }),
      // CustomResourceSubresourceStatus is an empty struct: `status: {}` switches the subresource on.
      status: { type: "object" },
    }),
  }),
  "name",
  "served",
  "storage",
);

const conversionSchema: Schema = required(
  obj({
    strategy: str(),
    webhook: obj({
      clientConfig: obj({
        caBundle: bytes(),
        service: required(
          obj({ name: str(), namespace: str(), path: str(), port: int32() }),
          "namespace",
          "name",
        ),
        url: str(),
      }),
      conversionReviewVersions: atomicList(str()),
    }),
  }),
  "strategy",
);

const crdConditionSchema: Schema = required(
  obj({ lastTransitionTime: time(), message: str(), reason: str(), status: str(), type: str() }),
  "type",
  "status",
);

export const crdSchema: Schema = kindSchema({
  spec: required(
    valueStruct(
      obj({
        conversion: conversionSchema,
        group: str(),
        names: valueStruct(namesSchema),
        preserveUnknownFields: bool(),
        scope: str(),
        versions: atomicList(versionSchema),
      }),
    ),
    "group",
    "names",
    "scope",
    "versions",
  ),
  status: valueStruct(
    obj({
      acceptedNames: valueStruct(namesSchema),
      conditions: conditionsList(crdConditionSchema),
      storedVersions: atomicList(str()),
    }),
  ),
});
