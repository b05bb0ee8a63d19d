// Public surface of the sim's schema machinery: OpenAPI v3 validation with kube-apiserver's messages,
// unknown-field pruning, structural defaulting, and the served kind of a CustomResourceDefinition.

export { storageVersionHash } from "./hash.js";
export { type ValidateOptions, validateAgainstSchema } from "./validate.js";
