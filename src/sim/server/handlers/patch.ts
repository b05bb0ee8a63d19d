// PATCH in its four flavours. JSON, merge and strategic patches are applied to the stored object
// and the result goes through the update pipeline; server-side apply merges a configuration with
// field ownership and may create the object (201). Strategic merge is 415 for custom resources and
// application/json is 415 everywhere. A patched object that fails typed decoding is answered as the
// real patcher answers it: 422 naming the patched object (merge, JSON) or the patch (strategic), or
// the apply manager's 500. For apply, fieldValidation only governs repeated keys in the body: an
// unknown field already fails typed patch creation (500) whatever it says, as in kube 1.28.

import {
  ApiError,
  badRequest,
  type DecodeError,
  failure,
  invalid,
  notFound,
  unsupportedMediaType,
} from "../../errors.js";
import { fieldError, renderFieldError } from "../../fielderrors.js";
import { goV } from "../../gotext/fmt.js";
import { GoJsonSyntaxError, parseGoJson } from "../../gotext/json.js";
import {
  applyConfiguration,
  applyConversionError,
  applyJsonPatch,
  applyMergePatch,
  applyStrategicMergePatch,
  parseApplyBody,
  recordUpdate,
  strictDecodingErrors,
} from "../../patch/index.js";
import type { Json, JsonObject, KubeObject } from "../../types.js";
import type { RequestContext } from "../context.js";
import { requestMediaType } from "../negotiation.js";
import { readBody } from "../pipeline/body.js";
import { createObject, writeContext } from "../pipeline/create.js";
import { decodeTyped } from "../pipeline/decode.js";
import { fieldManagerOptions, managerOf } from "../pipeline/fieldmanager.js";
import { admitCreate } from "../pipeline/namespaces.js";
import { patchedJson, touchedByJsonPatch } from "../pipeline/patchorder.js";
import { checkResourceVersion, commitUpdate } from "../pipeline/update.js";
import { type FieldValidation, parseWriteQuery, type WriteQuery } from "../query.js";
import { matchNamespace } from "./create.js";
import { objectKey } from "./keys.js";
import { writeObject } from "./output.js";
import { matchName } from "./update.js";

type PatchType = "json" | "merge" | "strategic" | "apply";

const PATCH_TYPES: Readonly<Record<string, PatchType>> = {
  "application/json-patch+json": "json",
  "application/merge-patch+json": "merge",
  "application/strategic-merge-patch+json": "strategic",
  "application/apply-patch+yaml": "apply",
};

/** Custom resources answer an unusable patch type in the CRD handler's words, without details. */
const CUSTOM_RESOURCE_PATCH_TYPES =
  "application/json-patch+json, application/merge-patch+json, application/apply-patch+yaml";

function patchTypeOf(ctx: RequestContext): PatchType {
  const type = PATCH_TYPES[requestMediaType(ctx.req.headers["content-type"])];
  const usable = type !== undefined && (type !== "strategic" || ctx.served.kind.strategicMergePatch);
  if (usable) return type;
  if (ctx.served.source.type !== "crd") throw unsupportedMediaType();
  const message = `the body of the request was in an unknown format - accepted media types include: ${CUSTOM_RESOURCE_PATCH_TYPES}`;
  throw new ApiError(failure(415, "UnsupportedMediaType", message));
}

function checkOptions(type: PatchType, wq: WriteQuery): void {
  const optionsKind = { group: "meta.k8s.io", kind: "PatchOptions" };
  if (type === "apply" && wq.fieldManager === undefined) {
    throw invalid(optionsKind, "", [fieldError.required("fieldManager", "is required for apply patch")]);
  }
  if (type !== "apply" && wq.force) {
    throw invalid(optionsKind, "", [
      fieldError.forbidden("force", "may not be specified for non-apply patch"),
    ]);
  }
}

/** The 422 the patcher gives when the patched object does not decode: `"" is invalid: patch: …`. */
function patchInvalid(shown: string, cause: string): ApiError {
  const err = fieldError.invalid("patch", shown, cause);
  return new ApiError(
    failure(422, "Invalid", ` "" is invalid: ${renderFieldError(err)}`, {
      causes: [{ reason: err.reason, message: err.message, field: err.field }],
    }),
  );
}

function parsePatchBody(body: Buffer): Json {
  try {
    return parseGoJson(body) as Json;
  } catch (err) {
    if (err instanceof GoJsonSyntaxError) throw badRequest(err.message);
    throw err;
  }
}

function applyPatch(type: PatchType, live: KubeObject, patch: Json, ctx: RequestContext): Json {
  const target = live as unknown as JsonObject;
  if (type === "json") return applyJsonPatch(target, patch);
  if (type === "merge") return applyMergePatch(target, patch);
  if (patch === null || typeof patch !== "object" || Array.isArray(patch)) {
    throw badRequest(
      "the body of the request was in an unknown format - accepted media types include: application/strategic-merge-patch+json",
    );
  }
  return applyStrategicMergePatch(target, patch, ctx.served.kind.schema);
}

async function patchExisting(
  ctx: RequestContext,
  type: PatchType,
  wq: WriteQuery,
  body: Buffer,
): Promise<void> {
  const { served, info, deps } = ctx;
  const live = deps.storage.get(objectKey(served, info.namespace, info.name));
  if (!live) throw notFound({ group: served.kind.group, resource: served.kind.plural }, info.name);
  const patch = parsePatchBody(body);
  const patched = applyPatch(type, live, patch, ctx);
  if (patched === null || typeof patched !== "object" || Array.isArray(patched))
    throw badRequest("patched object is not an object");
  const touched = type === "json" ? touchedByJsonPatch(patch) : patch;
  const wrap = (err: DecodeError): ApiError =>
    patchInvalid(type === "strategic" ? goV(patch) : patchedJson(patched, live, touched), err.message);
  const decoded = decodeTyped(served, structuredClone(patched), wq.fieldValidation, wrap);
  const obj = decoded.obj;
  served.kind.applyDefaults?.(obj);
  matchName(ctx, obj);
  matchNamespace(ctx, obj);
  if (!obj.metadata.resourceVersion) obj.metadata.resourceVersion = live.metadata.resourceVersion ?? "";
  recordUpdate(live, obj, fieldManagerOptions(ctx, managerOf(ctx, wq), writeContext(ctx, wq.dryRun).now));
  checkResourceVersion(ctx, obj, live);
  const outcome = commitUpdate(ctx, ctx.info.subresource, obj, live, wq.dryRun);
  writeObject(ctx, 200, outcome.obj, [...decoded.warnings, ...(served.kind.warnings?.(outcome.obj) ?? [])]);
}

function parseConfig(ctx: RequestContext, text: string): KubeObject {
  const config = parseApplyBody(text);
  if (config === null || typeof config !== "object" || Array.isArray(config)) {
    throw badRequest(
      `error decoding YAML: the object provided is unrecognized (must be of type ${ctx.served.kind.kind})`,
    );
  }
  return config as unknown as KubeObject;
}

/**
 * The apply patcher's strict YAML check, made once the apply itself succeeded: repeated keys are a
 * 400 under Strict, one Warning each under Warn, nothing under Ignore.
 */
function repeatedKeyWarnings(text: string, validation: FieldValidation): string[] {
  if (validation === "Ignore") return [];
  const problems = strictDecodingErrors(text);
  if (problems.length > 0 && validation === "Strict") {
    throw badRequest(
      `error strict decoding YAML: error converting YAML to JSON: yaml: unmarshal errors:\n  ${problems.join("\n  ")}`,
    );
  }
  return problems;
}

/** Server-side apply; creates the object when it does not exist (201). */
async function serverSideApply(ctx: RequestContext, wq: WriteQuery, body: Buffer): Promise<void> {
  const { served, info, deps } = ctx;
  const text = body.toString("utf8");
  const config = parseConfig(ctx, text);
  const live = deps.storage.get(objectKey(served, info.namespace, info.name)) ?? null;
  if (!live && info.subresource !== "")
    throw notFound({ group: served.kind.group, resource: served.kind.plural }, info.name);
  const wctx = writeContext(ctx, wq.dryRun);
  const merged = applyConfiguration(live, config, {
    ...fieldManagerOptions(ctx, managerOf(ctx, wq), wctx.now),
    force: wq.force,
    kind: served.kind.kind,
  });
  const decoded = decodeTyped(
    served,
    structuredClone(merged) as unknown as JsonObject,
    wq.fieldValidation,
    (err) => applyConversionError(config, err.message),
  );
  const warnings = [...repeatedKeyWarnings(text, wq.fieldValidation), ...decoded.warnings];
  const obj = decoded.obj;
  served.kind.applyDefaults?.(obj);
  matchName(ctx, obj);
  matchNamespace(ctx, obj);
  if (!live) {
    admitCreate(deps.storage, served, obj);
    const stored = createObject(ctx, obj, wq.dryRun);
    writeObject(ctx, 201, stored, [...warnings, ...(served.kind.warnings?.(stored) ?? [])]);
    return;
  }
  if (!obj.metadata.resourceVersion) obj.metadata.resourceVersion = live.metadata.resourceVersion ?? "";
  checkResourceVersion(ctx, obj, live);
  const outcome = commitUpdate(ctx, ctx.info.subresource, obj, live, wq.dryRun);
  writeObject(ctx, 200, outcome.obj, [...warnings, ...(served.kind.warnings?.(outcome.obj) ?? [])]);
}

export async function handlePatch(ctx: RequestContext): Promise<void> {
  const type = patchTypeOf(ctx);
  const wq = parseWriteQuery(ctx.query, "PatchOptions");
  checkOptions(type, wq);
  const body = await readBody(ctx.req);
  if (type === "apply") return serverSideApply(ctx, wq, body);
  return patchExisting(ctx, type, wq, body);
}
