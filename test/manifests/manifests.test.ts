// Every file under manifests/ parses as multi-document YAML, and the objects agree with each other:
// labels, namespaces (local objects in svcmirror-system, remote ones in their own namespace), unique
// names, bindings that name existing accounts and roles, and a kustomization that lists every file
// meant for the local cluster (built with `kubectl kustomize` where kubectl is on the PATH).

import { execFileSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import {
  DAEMON_NAMESPACE,
  loadManifest,
  MANIFESTS_DIR,
  type ManifestObject,
  manifestFiles,
  parseManifests,
} from "./support/manifests.js";
import type { BindingObject } from "./support/rbac.js";

const CLUSTER_SCOPED_KINDS = new Set([
  "Namespace",
  "CustomResourceDefinition",
  "ClusterRole",
  "ClusterRoleBinding",
]);
const REMOTE_FILE = "remote-rbac.yaml";
const REMOTE_NAMESPACE = "svcmirror-remote";

/** Files under manifests/ that `kubectl apply -k manifests/` must not apply, and why. */
const NOT_IN_KUSTOMIZATION: Readonly<Record<string, string>> = {
  "kustomization.yaml": "the kustomization itself",
  [REMOTE_FILE]: "applied to the remote cluster",
  "example-link.yaml": "placeholders to fill in, applied once the Link CRD is Established",
};

function kubectlAvailable(): boolean {
  try {
    execFileSync("kubectl", ["version", "--client"], { stdio: "ignore" });
    return true;
  } catch {
    return false;
  }
}

const [kustomization] = loadManifest("kustomization.yaml") as unknown as { resources?: string[] }[];
const objectFiles = manifestFiles().filter((f) => f !== "kustomization.yaml");
const byFile = new Map(objectFiles.map((file) => [file, loadManifest(file)] as const));
const localObjects = [...byFile].filter(([file]) => file !== REMOTE_FILE).flatMap(([, objects]) => objects);
const remoteObjects = byFile.get(REMOTE_FILE) ?? [];

function describeObject(o: ManifestObject): string {
  return `${o.kind} ${o.metadata.namespace ?? ""}/${o.metadata.name}`;
}

describe("manifests/", () => {
  it.each(objectFiles)("%s parses into Kubernetes objects", (file) => {
    const objects = byFile.get(file) ?? [];
    expect(objects.length).toBeGreaterThan(0);
    for (const object of objects) {
      expect(typeof object.apiVersion, file).toBe("string");
      expect(typeof object.kind, file).toBe("string");
      expect(object.metadata?.name, `${file}: ${object.kind} without a name`).toMatch(
        /^[a-z0-9][-a-z0-9.]*$/,
      );
    }
  });

  it("refuses a file with a YAML error (the loader can fail)", () => {
    expect(() => parseManifests("kind: A\n  bad: indentation\n", "bad")).toThrow();
  });

  it("labels every object as part of svcmirror", () => {
    const unlabelled = [...localObjects, ...remoteObjects].filter(
      (o) => o.metadata.labels?.["app.kubernetes.io/part-of"] !== "svcmirror",
    );
    expect(unlabelled.map(describeObject)).toEqual([]);
  });

  it.each([
    ["local", localObjects, DAEMON_NAMESPACE],
    ["remote", remoteObjects, REMOTE_NAMESPACE],
  ] as const)(
    "puts the %s objects in their namespace, which the manifests create",
    (_side, objects, namespace) => {
      for (const object of objects) {
        const expected = CLUSTER_SCOPED_KINDS.has(object.kind) ? undefined : namespace;
        expect(object.metadata.namespace, describeObject(object)).toBe(expected);
      }
      expect(objects.some((o) => o.kind === "Namespace" && o.metadata.name === namespace)).toBe(true);
    },
  );

  it("names no object twice", () => {
    const keys = [...localObjects, ...remoteObjects].map((o) => `${o.apiVersion} ${describeObject(o)}`);
    expect(keys.filter((key, i) => keys.indexOf(key) !== i)).toEqual([]);
  });

  it("binds only accounts and roles that exist", () => {
    for (const objects of [localObjects, remoteObjects]) {
      for (const binding of objects.filter((o) => o.kind.endsWith("Binding")) as BindingObject[]) {
        for (const subject of binding.subjects ?? []) {
          expect(subject.kind).toBe("ServiceAccount");
          const account = objects.find(
            (o) =>
              o.kind === "ServiceAccount" &&
              o.metadata.name === subject.name &&
              o.metadata.namespace === subject.namespace,
          );
          expect(account, `${describeObject(binding)} binds a missing account`).toBeDefined();
        }
        const role = objects.find(
          (o) =>
            o.kind === binding.roleRef.kind &&
            o.metadata.name === binding.roleRef.name &&
            (o.kind === "ClusterRole" || o.metadata.namespace === binding.metadata.namespace),
        );
        expect(role, `${describeObject(binding)} refers to a missing role`).toBeDefined();
      }
    }
  });
});

describe("manifests/kustomization.yaml", () => {
  const expected = manifestFiles().filter((f) => NOT_IN_KUSTOMIZATION[f] === undefined);

  it("lists every manifest for the local cluster, and nothing else", () => {
    expect([...(kustomization?.resources ?? [])].sort()).toEqual(expected);
  });

  it.skipIf(!kubectlAvailable())("builds with kubectl kustomize into exactly those objects", () => {
    const built = execFileSync("kubectl", ["kustomize", fileURLToPath(MANIFESTS_DIR)], { encoding: "utf8" });
    const keys = (objects: readonly ManifestObject[]): string[] => objects.map(describeObject).sort();
    const listed = expected.flatMap((file) => byFile.get(file) ?? []);
    expect(keys(parseManifests(built, "kubectl kustomize"))).toEqual(keys(listed));
  });
});
