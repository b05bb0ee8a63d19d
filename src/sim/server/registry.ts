// The set of resources the sim serves at this moment: the built-in kinds plus the kinds of every
// Established CRD. Routing, discovery and OpenAPI all read from here, so a CRD that is deleted stops
// being routable, discoverable and documented at the same instant.

import type { ResourceKind } from "../types.js";

/** Built-in stored kinds, CRD-defined kinds, and virtual create-only review resources (no storage). */
export type KindSource =
  | { readonly type: "builtin" }
  | { readonly type: "crd"; readonly crdName: string }
  | { readonly type: "review" };

export interface ServedKind {
  readonly kind: ResourceKind;
  readonly source: KindSource;
  /** The storage resource id: `services`, or `discovery.k8s.io/endpointslices`. */
  readonly storageId: string;
}

/** The order kube-apiserver v1.28 lists its built-in groups in (by group priority). */
const BUILTIN_GROUP_ORDER = [
  "",
  "apiregistration.k8s.io",
  "apps",
  "events.k8s.io",
  "authentication.k8s.io",
  "authorization.k8s.io",
  "autoscaling",
  "batch",
  "certificates.k8s.io",
  "networking.k8s.io",
  "policy",
  "rbac.authorization.k8s.io",
  "storage.k8s.io",
  "admissionregistration.k8s.io",
  "apiextensions.k8s.io",
  "scheduling.k8s.io",
  "coordination.k8s.io",
  "node.k8s.io",
  "discovery.k8s.io",
  "flowcontrol.apiserver.k8s.io",
];

function storageIdOf(kind: Pick<ResourceKind, "group" | "plural">): string {
  return kind.group ? `${kind.group}/${kind.plural}` : kind.plural;
}

/** Kube-aware version order: GA before beta before alpha, higher numbers first, others last by name. */
function compareVersions(a: string, b: string): number {
  const rank = (v: string): [number, number, number] => {
    const m = /^v(\d+)(?:(alpha|beta)(\d+))?$/.exec(v);
    if (!m) return [3, 0, 0];
    const stage = m[2] === undefined ? 0 : m[2] === "beta" ? 1 : 2;
    return [stage, -Number(m[1]), -Number(m[3] ?? 0)];
  };
  const [ra, rb] = [rank(a), rank(b)];
  for (let i = 0; i < 3; i++) {
    const d = (ra[i] ?? 0) - (rb[i] ?? 0);
    if (d !== 0) return d;
  }
  return a.localeCompare(b);
}

export interface GroupVersions {
  readonly group: string;
  /** Preferred version first. */
  readonly versions: readonly string[];
}

export class KindRegistry {
  private readonly byGvr = new Map<string, ServedKind>();

  constructor(builtins: readonly ResourceKind[]) {
    for (const kind of builtins) this.add(kind, { type: "builtin" });
  }

  private static key(group: string, version: string, plural: string): string {
    return `${group}/${version}/${plural}`;
  }

  add(kind: ResourceKind, source: KindSource): ServedKind {
    const served: ServedKind = { kind, source, storageId: storageIdOf(kind) };
    this.byGvr.set(KindRegistry.key(kind.group, kind.version, kind.plural), served);
    return served;
  }

  /** Stops serving every version of a CRD's kind; returns what was removed. */
  removeCrd(crdName: string): ServedKind[] {
    const removed: ServedKind[] = [];
    for (const [key, served] of this.byGvr) {
      if (served.source.type === "crd" && served.source.crdName === crdName) {
        this.byGvr.delete(key);
        removed.push(served);
      }
    }
    return removed;
  }

  lookup(group: string, version: string, plural: string): ServedKind | undefined {
    return this.byGvr.get(KindRegistry.key(group, version, plural));
  }

  /** Any served version of the resource (for cross-version needs such as namespace cleanup). */
  all(): ServedKind[] {
    return [...this.byGvr.values()];
  }

  hasGroupVersion(group: string, version: string): boolean {
    return this.all().some((s) => s.kind.group === group && s.kind.version === version);
  }

  /** True when the group is served only through CRDs (its unknown paths get the plain-text 404). */
  isCustomGroup(group: string): boolean {
    const inGroup = this.all().filter((s) => s.kind.group === group);
    return inGroup.length > 0 && inGroup.every((s) => s.source.type === "crd");
  }

  /** Kinds served at one group/version, sorted by resource name as discovery lists them. */
  kindsOf(group: string, version: string): ServedKind[] {
    return this.all()
      .filter((s) => s.kind.group === group && s.kind.version === version)
      .sort((a, b) => (a.kind.plural < b.kind.plural ? -1 : a.kind.plural > b.kind.plural ? 1 : 0));
  }

  /** Every served group except the legacy core group, in kube-apiserver's order. */
  groups(): GroupVersions[] {
    const versions = new Map<string, Set<string>>();
    for (const { kind } of this.all()) {
      if (kind.group === "") continue;
      const set = versions.get(kind.group) ?? new Set<string>();
      set.add(kind.version);
      versions.set(kind.group, set);
    }
    const position = (g: string): number => {
      const i = BUILTIN_GROUP_ORDER.indexOf(g);
      return i < 0 ? BUILTIN_GROUP_ORDER.length : i;
    };
    return [...versions.entries()]
      .sort(([a], [b]) => position(a) - position(b) || a.localeCompare(b))
      .map(([group, set]) => ({ group, versions: [...set].sort(compareVersions) }));
  }
}
