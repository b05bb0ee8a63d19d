// Patch formats, server-side apply and managedFields for the embedded kube-apiserver. The request
// pipeline decodes bodies, calls these, then decodes, defaults and validates the result itself.

export { applyConfiguration, applyConversionError } from "./apply.js";
export { applyJsonPatch } from "./jsonpatch.js";
export { applyMergePatch } from "./merge.js";
export type { ApplyOptions, FieldManagerOptions } from "./options.js";
export { objectMetaSchema, zeroObject } from "./shape.js";
export { applyStrategicMergePatch } from "./strategic.js";
export { recordUpdate } from "./update.js";
export { defaultFieldManager } from "./useragent.js";
export { parseApplyBody, strictDecodingErrors } from "./yaml11.js";
