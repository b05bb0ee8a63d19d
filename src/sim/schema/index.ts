// Public surface of the sim's schema machinery: OpenAPI v3 validation with kube-apiserver's messages,
// unknown-field pruning, structural defaulting, and the served kind of a CustomResourceDefinition.

export { kindFromCRD } from "./crd.js";
export { applySchemaDefaults, pruneNonNullableNulls } from "./defaults.js";
export { storageVersionHash } from "./hash.js";
export { validateListSetsAndMaps } from "./listtype.js";
export { type PruneOptions, type PruneResult, pruneUnknownFields } from "./prune.js";
export { type ValidateOptions, validateAgainstSchema } from "./validate.js";
