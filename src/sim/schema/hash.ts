// Discovery's storageVersionHash: the first 8 bytes of sha256("<group>/<version>/<kind>"), base64.
// The version is the one objects are *stored* in, not the one being served: a CRD's storage version,
// and for built-ins the apiserver's storage version (EndpointSlice and CustomResourceDefinition hash
// as v1beta1 in v1.28, see fixtures 010 and 013).

import { createHash } from "node:crypto";

export function storageVersionHash(group: string, version: string, kind: string): string {
  const digest = createHash("sha256").update(`${group}/${version}/${kind}`).digest();
  return digest.subarray(0, 8).toString("base64");
}
