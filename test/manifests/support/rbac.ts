// A small RBAC authorizer over the Roles, ClusterRoles and bindings of a set of manifests, with the
// semantics of kube-apiserver's RBAC for the rules these manifests use: a RoleBinding grants its
// role's rules inside the binding's namespace, a ClusterRoleBinding grants a ClusterRole everywhere,
// "*" matches anything, and `resourceNames` limits a rule to named objects. Aggregated ClusterRoles
// and non-resource URLs are not modelled (the manifests use neither; the tests check that).

import type { ManifestObject } from "./manifests.js";

export interface PolicyRule {
  apiGroups?: string[];
  resources?: string[];
  verbs: string[];
  resourceNames?: string[];
  nonResourceURLs?: string[];
}

export interface RoleObject extends ManifestObject {
  rules?: PolicyRule[];
  aggregationRule?: unknown;
}

export interface BindingObject extends ManifestObject {
  roleRef: { apiGroup: string; kind: "Role" | "ClusterRole"; name: string };
  subjects?: { kind: string; name: string; namespace?: string }[];
}

export interface ServiceAccountRef {
  name: string;
  namespace: string;
}

/** One authorization question, as kube-apiserver's RequestInfo states it. */
export interface ResourceRequest {
  verb: string;
  /** "" for the core group. */
  group: string;
  resource: string;
  subresource?: string;
  /** "" for cluster-scoped resources and for requests across all namespaces. */
  namespace: string;
  /** The object's name, when the request names one. */
  name?: string;
}

/** A rule as it applies: inside `namespace`, or everywhere when `namespace` is undefined. */
export interface BoundRule {
  namespace?: string;
  rule: PolicyRule;
  /** "Role/name" or "ClusterRole/name", for messages. */
  from: string;
}

export const WRITE_VERBS = ["create", "update", "patch", "delete", "deletecollection"] as const;

function bindsAccount(binding: BindingObject, account: ServiceAccountRef): boolean {
  return (binding.subjects ?? []).some(
    (s) => s.kind === "ServiceAccount" && s.name === account.name && s.namespace === account.namespace,
  );
}

function findRole(
  objects: readonly ManifestObject[],
  kind: string,
  name: string,
  namespace?: string,
): RoleObject {
  const role = objects.find(
    (o) =>
      o.kind === kind &&
      o.metadata.name === name &&
      (kind === "ClusterRole" || o.metadata.namespace === namespace),
  );
  if (role === undefined) throw new Error(`binding refers to ${kind} ${name}, which is not in the manifests`);
  return role as RoleObject;
}

/** Every rule that applies to `account`, with where it applies. */
export function boundRules(objects: readonly ManifestObject[], account: ServiceAccountRef): BoundRule[] {
  const bound: BoundRule[] = [];
  for (const object of objects) {
    if (object.kind !== "RoleBinding" && object.kind !== "ClusterRoleBinding") continue;
    const binding = object as BindingObject;
    if (!bindsAccount(binding, account)) continue;
    const namespace = binding.kind === "RoleBinding" ? binding.metadata.namespace : undefined;
    const role = findRole(objects, binding.roleRef.kind, binding.roleRef.name, namespace);
    if (role.aggregationRule !== undefined)
      throw new Error(`${role.metadata.name}: aggregation is not modelled`);
    const from = `${role.kind}/${role.metadata.name}`;
    for (const rule of role.rules ?? [])
      bound.push({ rule, from, ...(namespace === undefined ? {} : { namespace }) });
  }
  return bound;
}

function matches(values: readonly string[] | undefined, value: string): boolean {
  return (values ?? []).some((v) => v === "*" || v === value);
}

export function ruleAllows(rule: PolicyRule, request: ResourceRequest): boolean {
  const resource =
    request.subresource === undefined ? request.resource : `${request.resource}/${request.subresource}`;
  if (!matches(rule.verbs, request.verb)) return false;
  if (!matches(rule.apiGroups, request.group)) return false;
  if (!matches(rule.resources, resource)) return false;
  const names = rule.resourceNames ?? [];
  return names.length === 0 || (request.name !== undefined && names.includes(request.name));
}

/** Whether the account's bound rules allow `request`; returns the granting rule's origin or undefined. */
export function authorize(rules: readonly BoundRule[], request: ResourceRequest): string | undefined {
  const granted = rules.find(
    (b) => (b.namespace === undefined || b.namespace === request.namespace) && ruleAllows(b.rule, request),
  );
  return granted?.from;
}
