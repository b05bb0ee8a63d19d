import { describe, expect, it } from "vitest";
import { humanDuration, toTable } from "../../../src/sim/server/table.js";
import type { KubeObject } from "../../../src/sim/types.js";

const S = 1000;
const M = 60 * S;
const H = 60 * M;
const D = 24 * H;

describe("Age as duration.HumanDuration prints it", () => {
  it.each([
    [-3 * S, "<invalid>"],
    [-1 * S, "0s"],
    [0, "0s"],
    [119 * S, "119s"],
    [2 * M, "2m"],
    [5 * M + 30 * S, "5m30s"],
    [10 * M + 30 * S, "10m"],
    [3 * H, "3h"],
    [3 * H + 7 * M, "3h7m"],
    [8 * H + 7 * M, "8h"],
    [47 * H, "47h"],
    [2 * D, "2d"],
    [2 * D + 5 * H, "2d5h"],
    [30 * D, "30d"],
    [2 * 365 * D + 3 * D, "2y3d"],
    [9 * 365 * D, "9y"],
  ])("%d ms → %s", (ms, text) => {
    expect(humanDuration(ms)).toBe(text);
  });
});

describe("Table output", () => {
  const now = Date.parse("2026-01-01T00:10:00Z");
  const svc: KubeObject = {
    apiVersion: "v1",
    kind: "Service",
    metadata: { name: "web", namespace: "ns", creationTimestamp: "2026-01-01T00:00:00Z" },
    spec: {
      type: "ClusterIP",
      clusterIP: "10.96.0.10",
      ports: [
        { port: 80, protocol: "TCP" },
        { port: 443, protocol: "TCP" },
      ],
      selector: { app: "web" },
    },
  };

  it("prints a Service like kube-apiserver's printer", () => {
    const table = toTable([svc], { group: "", kind: "Service", tableVersion: "v1", nowMs: now });
    expect(table.kind).toBe("Table");
    expect(table.apiVersion).toBe("meta.k8s.io/v1");
    expect((table.columnDefinitions as { name: string }[]).map((c) => c.name)).toEqual([
      "Name",
      "Type",
      "Cluster-IP",
      "External-IP",
      "Port(s)",
      "Age",
      "Selector",
    ]);
    expect(table.rows).toEqual([
      {
        cells: ["web", "ClusterIP", "10.96.0.10", "<none>", "80/TCP,443/TCP", "10m", "app=web"],
        object: { kind: "PartialObjectMetadata", apiVersion: "meta.k8s.io/v1", metadata: svc.metadata },
      },
    ]);
  });

  it("uses a CRD's printer columns and leaves out column definitions when asked", () => {
    const link: KubeObject = { ...svc, kind: "Link", spec: { targetClusterName: "east" } };
    const table = toTable([link], {
      group: "svcmirror.io",
      kind: "Link",
      tableVersion: "v1",
      nowMs: now,
      printerColumns: [
        { name: "Target", type: "string", jsonPath: ".spec.targetClusterName" },
        { name: "Age", type: "date", jsonPath: ".metadata.creationTimestamp" },
      ],
      withoutColumns: true,
    });
    expect(table.columnDefinitions).toBeUndefined();
    expect((table.rows as { cells: unknown[] }[])[0]?.cells).toEqual(["web", "east", "10m"]);
  });

  it("falls back to Name and Age", () => {
    const table = toTable([{ ...svc, kind: "Thing" }], {
      group: "x.io",
      kind: "Thing",
      tableVersion: "v1beta1",
      nowMs: now,
    });
    expect((table.rows as { cells: unknown[] }[])[0]?.cells).toEqual(["web", "10m"]);
    expect(table.apiVersion).toBe("meta.k8s.io/v1beta1");
  });
});
