import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { z } from "zod";
import { LINK_MODES, linkSchema, PROBLEM_REASONS } from "../../src/link/schema.js";

interface CrdSchema {
  type?: string;
  properties?: Record<string, CrdSchema>;
  additionalProperties?: CrdSchema;
  items?: CrdSchema;
  required?: string[];
  [key: string]: unknown;
}

const crd = parse(readFileSync(new URL("../../manifests/crd-link.yaml", import.meta.url), "utf8"));
const version = crd.spec.versions[0];
const root: CrdSchema = version.schema.openAPIV3Schema;

describe("manifests/crd-link.yaml", () => {
  it("is a CustomResourceDefinition whose names agree with DESIGN.md", () => {
    expect(crd.apiVersion).toBe("apiextensions.k8s.io/v1");
    expect(crd.kind).toBe("CustomResourceDefinition");
    expect(crd.spec.group).toBe("svcmirror.io");
    expect(crd.spec.scope).toBe("Namespaced");
    expect(crd.spec.names).toMatchObject({
      kind: "Link",
      listKind: "LinkList",
      plural: "links",
      singular: "link",
    });
    expect(crd.spec.names.shortNames).toContain("lnk");
    expect(crd.metadata.name).toBe(`${crd.spec.names.plural}.${crd.spec.group}`);
  });

  it("serves and stores exactly v1alpha1, with the status subresource", () => {
    expect(crd.spec.versions).toHaveLength(1);
    expect(version).toMatchObject({
      name: "v1alpha1",
      served: true,
      storage: true,
      subresources: { status: {} },
    });
  });

  it("has the printer columns kubectl shows", () => {
    const columns = version.additionalPrinterColumns.map((c: { name: string; jsonPath: string }) => [
      c.name,
      c.jsonPath,
    ]);
    expect(columns).toEqual([
      ["Cluster", ".spec.targetClusterName"],
      ["Mode", ".status.mode"],
      ["Ready", '.status.conditions[?(@.type=="Ready")].status'],
      ["Reason", '.status.conditions[?(@.type=="Ready")].reason'],
      ["Mirrored", ".status.mirroredServices"],
      ["Age", ".metadata.creationTimestamp"],
    ]);
    for (const column of version.additionalPrinterColumns) {
      expect(["string", "integer", "number", "boolean", "date"]).toContain(column.type);
    }
  });

  it("is structural: every node has a type, and nothing preserves unknown fields", () => {
    const untyped: string[] = [];
    const walk = (node: CrdSchema, path: string): void => {
      if (node.type === undefined) untyped.push(path);
      expect(node["x-kubernetes-preserve-unknown-fields"], path).toBeUndefined();
      for (const [key, child] of Object.entries(node.properties ?? {})) walk(child, `${path}.${key}`);
      if (node.items) walk(node.items, `${path}[]`);
      if (node.additionalProperties) walk(node.additionalProperties, `${path}{}`);
      for (const key of node.required ?? [])
        expect(node.properties, `${path} requires ${key}`).toHaveProperty(key);
    };
    walk(root, "");
    expect(untyped).toEqual([]);
  });

  it("types every field of DESIGN.md's Link spec and status", () => {
    const spec = root.properties?.spec?.properties ?? {};
    expect(Object.keys(spec).sort()).toEqual(
      [
        "clusterCredentialsSecret",
        "excludedAnnotations",
        "excludedLabels",
        "gatewayAddress",
        "gatewayIdentity",
        "gatewayPort",
        "probeSpec",
        "remoteDiscoverySelector",
        "selector",
        "targetClusterDomain",
        "targetClusterName",
      ].sort(),
    );
    expect(Object.keys(spec.probeSpec?.properties ?? {}).sort()).toEqual(
      ["failureThreshold", "path", "period", "timeout", "port"].sort(),
    );
    const status = root.properties?.status?.properties ?? {};
    expect(status.problems?.items?.properties?.reason?.enum).toEqual([...PROBLEM_REASONS]);
    expect(status.mode?.enum).toEqual([...LINK_MODES]);
    expect(status.problems?.maxItems).toBe(100);
  });
});

/** The keywords both sides state; formats and Kubernetes extensions are CRD-only vocabulary. */
const COMPARED = [
  "type",
  "enum",
  "minimum",
  "maximum",
  "minLength",
  "maxLength",
  "pattern",
  "maxItems",
  "default",
];
const JS_MAX_SAFE = Number.MAX_SAFE_INTEGER;

function normalize(key: string, value: unknown): unknown {
  // zod writes a regex's source, escaping "/"; an unbounded int is capped at MAX_SAFE_INTEGER.
  if (key === "pattern" && typeof value === "string") return value.replaceAll("\\/", "/");
  if (key === "maximum" && value === JS_MAX_SAFE) return undefined;
  if (key === "minimum" && value === -JS_MAX_SAFE) return undefined;
  return value;
}

function compare(crdNode: CrdSchema, zodNode: CrdSchema, path: string, out: string[]): void {
  for (const key of COMPARED) {
    const a = normalize(key, crdNode[key]);
    const b = normalize(key, zodNode[key]);
    if (JSON.stringify(a) !== JSON.stringify(b))
      out.push(`${path}: ${key} crd=${JSON.stringify(a)} zod=${JSON.stringify(b)}`);
  }
  const required = (n: CrdSchema): string => JSON.stringify([...(n.required ?? [])].sort());
  if (required(crdNode) !== required(zodNode))
    out.push(`${path}: required crd=${required(crdNode)} zod=${required(zodNode)}`);
  const keys = new Set([...Object.keys(crdNode.properties ?? {}), ...Object.keys(zodNode.properties ?? {})]);
  for (const key of keys) {
    const a = crdNode.properties?.[key];
    const b = zodNode.properties?.[key];
    if (a === undefined || b === undefined) out.push(`${path}.${key}: only in ${a ? "crd" : "zod"}`);
    else compare(a, b, `${path}.${key}`, out);
  }
  if (crdNode.items && zodNode.items) compare(crdNode.items, zodNode.items, `${path}[]`, out);
  if (crdNode.additionalProperties && zodNode.additionalProperties) {
    compare(crdNode.additionalProperties, zodNode.additionalProperties, `${path}{}`, out);
  }
}

describe("the CRD schema and the zod schema", () => {
  it("state the same fields, types, bounds, patterns, enums and defaults", () => {
    const zodView = z.toJSONSchema(linkSchema, { io: "input" }) as CrdSchema;
    const crdView = structuredClone(root);
    // metadata: the CRD may only constrain name; zod also reads namespace, uid, resourceVersion, generation.
    const zodMeta = zodView.properties?.metadata as CrdSchema;
    zodMeta.properties = { name: zodMeta.properties?.name as CrdSchema };
    zodMeta.required = [];
    // The API server always fills metadata, so the CRD need not require it; zod does.
    zodView.required = (zodView.required ?? []).filter((key) => key !== "metadata");
    // date-time: the CRD says format: date-time; zod spells the same check as a long regex.
    const zodCondition = (zodView.properties?.status?.properties?.conditions?.items ?? {}) as CrdSchema;
    delete zodCondition.properties?.lastTransitionTime?.pattern;
    const differences: string[] = [];
    compare(crdView, zodView, "", differences);
    expect(differences).toEqual([]);
  });
});
