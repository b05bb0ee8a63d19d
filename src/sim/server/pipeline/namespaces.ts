// The NamespaceLifecycle admission plugin: no creation in a namespace that does not exist (404
// naming the namespace) or is being terminated (403 NamespaceTerminating), and the three immortal
// namespaces cannot be deleted. Reads and updates are not affected.

import { forbidden, notFound } from "../../errors.js";
import type { Storage } from "../../storage/index.js";
import type { KubeObject } from "../../types.js";
import type { ServedKind } from "../registry.js";

const IMMORTAL_NAMESPACES = new Set(["default", "kube-system", "kube-public"]);

function isTerminating(ns: KubeObject): boolean {
  return (
    ns.metadata.deletionTimestamp !== undefined ||
    (ns.status as { phase?: string } | undefined)?.phase === "Terminating"
  );
}

/** Admission of a create of `obj` (already carrying its namespace and, if known, its name). */
export function admitCreate(storage: Storage, served: ServedKind, obj: KubeObject): void {
  if (!served.kind.namespaced) return;
  const namespace = obj.metadata.namespace ?? "";
  const ns = storage.get({ resource: "namespaces", namespace: "", name: namespace });
  if (!ns) throw notFound({ group: "", resource: "namespaces" }, namespace);
  if (isTerminating(ns)) {
    throw forbidden(
      { group: served.kind.group, resource: served.kind.plural },
      obj.metadata.name ?? "",
      `unable to create new content in namespace ${namespace} because it is being terminated`,
      [
        {
          reason: "NamespaceTerminating",
          message: `namespace ${namespace} is being terminated`,
          field: "metadata.namespace",
        },
      ],
    );
  }
}

export function admitNamespaceDelete(name: string): void {
  if (IMMORTAL_NAMESPACES.has(name)) {
    throw forbidden({ group: "", resource: "namespaces" }, name, "this namespace may not be deleted");
  }
}
