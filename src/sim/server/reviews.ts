// SelfSubjectAccessReview (authorization.k8s.io/v1): the one resource every authenticated user may
// create, answering "may I?" with the sim's fixed RBAC. Nothing is stored; the answer echoes the
// request with the field manager's entry and status.allowed (fixture 280).

import { badRequest } from "../errors.js";
import { recordUpdate } from "../patch/index.js";
import type { JsonObject, KubeObject, ResourceKind, Schema } from "../types.js";
import { allowsNonResource, allowsResource } from "./auth.js";
import type { RequestContext } from "./context.js";
import { writeObject } from "./handlers/output.js";
import { readBody } from "./pipeline/body.js";
import { writeContext } from "./pipeline/create.js";
import { decodeObject, parseBody } from "./pipeline/decode.js";
import { fieldManagerOptions, managerOf } from "./pipeline/fieldmanager.js";
import { parseWriteQuery } from "./query.js";

const stringField: Schema = { type: "string" };

const reviewSchema: Schema = {
  type: "object",
  properties: {
    apiVersion: stringField,
    kind: stringField,
    metadata: { type: "object", "x-kubernetes-preserve-unknown-fields": true },
    spec: {
      type: "object",
      // A value struct in Go (no "." entry in managedFields).
      default: {},
      properties: {
        resourceAttributes: {
          type: "object",
          properties: {
            namespace: stringField,
            verb: stringField,
            group: stringField,
            version: stringField,
            resource: stringField,
            subresource: stringField,
            name: stringField,
          },
        },
        nonResourceAttributes: { type: "object", properties: { path: stringField, verb: stringField } },
      },
    },
    status: { type: "object", default: {}, "x-kubernetes-preserve-unknown-fields": true },
  },
};

export const SELF_SUBJECT_ACCESS_REVIEW: ResourceKind = {
  group: "authorization.k8s.io",
  version: "v1",
  kind: "SelfSubjectAccessReview",
  listKind: "SelfSubjectAccessReviewList",
  plural: "selfsubjectaccessreviews",
  singular: "selfsubjectaccessreview",
  namespaced: false,
  shortNames: [],
  verbs: ["create"],
  subresources: [],
  schema: reviewSchema,
  deleteReturnsObject: false,
  allowCreateOnUpdate: false,
  allowUnconditionalUpdate: false,
  strategicMergePatch: false,
  validateCreate: () => [],
  validateUpdate: () => [],
};

function str(obj: unknown, key: string): string {
  const value = obj !== null && typeof obj === "object" ? (obj as Record<string, unknown>)[key] : undefined;
  return typeof value === "string" ? value : "";
}

function allowed(ctx: RequestContext, spec: JsonObject | undefined): boolean {
  const resource = spec?.resourceAttributes;
  if (resource && typeof resource === "object") {
    const attrs = {
      verb: str(resource, "verb"),
      group: str(resource, "group"),
      resource: str(resource, "resource"),
      ...(str(resource, "subresource") ? { subresource: str(resource, "subresource") } : {}),
      ...(str(resource, "namespace") ? { namespace: str(resource, "namespace") } : {}),
      ...(str(resource, "name") ? { name: str(resource, "name") } : {}),
    };
    return allowsResource(ctx.user, attrs);
  }
  const path = str(spec?.nonResourceAttributes, "path");
  if (path === "") throw badRequest("spec.resourceAttributes or spec.nonResourceAttributes is required");
  return allowsNonResource(ctx.user, path);
}

export async function handleSelfSubjectAccessReview(ctx: RequestContext): Promise<void> {
  const wq = parseWriteQuery(ctx.query, "CreateOptions");
  const body = await readBody(ctx.req);
  const value = parseBody(body, ctx.req.headers["content-type"], SELF_SUBJECT_ACCESS_REVIEW.kind);
  const { obj } = decodeObject(ctx.deps.registry, ctx.served, value, wq.fieldValidation, body);
  const review: KubeObject = {
    kind: SELF_SUBJECT_ACCESS_REVIEW.kind,
    apiVersion: "authorization.k8s.io/v1",
    metadata: { creationTimestamp: null },
    spec: obj.spec,
  };
  recordUpdate(null, review, fieldManagerOptions(ctx, managerOf(ctx, wq), writeContext(ctx, false).now));
  review.status = { allowed: allowed(ctx, obj.spec as JsonObject | undefined) };
  writeObject(ctx, 201, review);
}
