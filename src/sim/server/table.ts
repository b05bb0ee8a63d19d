// meta.k8s.io Table output (what `kubectl get` asks for): a few printer columns per kind, close to
// kube-apiserver's printers, plus a CRD's additionalPrinterColumns for its custom resources. Rows
// carry the object's metadata as a PartialObjectMetadata (the default includeObject=Metadata).

import type { JsonObject, KubeObject } from "../types.js";

export interface ColumnDefinition {
  readonly name: string;
  readonly type: string;
  readonly format: string;
  readonly description: string;
  readonly priority: number;
}

/** A CRD's additionalPrinterColumns entry. */
export interface PrinterColumn {
  readonly name: string;
  readonly type: string;
  readonly jsonPath: string;
  readonly format?: string;
  readonly description?: string;
  readonly priority?: number;
}

type Cell = string | number | boolean | null;

interface KindPrinter {
  readonly columns: readonly ColumnDefinition[];
  cells(obj: KubeObject, age: string): Cell[];
}

function column(
  name: string,
  description: string,
  type = "string",
  format = "",
  priority = 0,
): ColumnDefinition {
  return { name, type, format, description, priority };
}

const NAME = column(
  "Name",
  "Name must be unique within a namespace. Is required when creating resources, although some resources may allow a client to request the generation of an appropriate name automatically.",
  "string",
  "name",
);
const AGE = column(
  "Age",
  "CreationTimestamp is a timestamp representing the server time when this object was created.",
);

/** `5m`, or `5m30s` when the smaller unit is not zero. */
function twoUnits(big: number, bigUnit: string, small: number, smallUnit: string): string {
  return small === 0 ? `${big}${bigUnit}` : `${big}${bigUnit}${small}${smallUnit}`;
}

function humanDays(hours: number): string {
  const days = Math.floor(hours / 24);
  if (hours < 24 * 8) return twoUnits(days, "d", hours % 24, "h");
  if (hours < 24 * 365 * 2) return `${days}d`;
  const years = Math.floor(days / 365);
  if (hours < 24 * 365 * 8) return twoUnits(years, "y", days % 365, "d");
  return `${years}y`;
}

/** Go's duration.HumanDuration, the Age column's format. */
export function humanDuration(ms: number): string {
  const seconds = Math.floor(ms / 1000);
  if (seconds < -1) return "<invalid>";
  if (seconds < 0) return "0s";
  if (seconds < 120) return `${seconds}s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 10) return twoUnits(minutes, "m", seconds % 60, "s");
  if (minutes < 180) return `${minutes}m`;
  const hours = Math.floor(minutes / 60);
  if (hours < 8) return twoUnits(hours, "h", minutes % 60, "m");
  if (hours < 48) return `${hours}h`;
  return humanDays(hours);
}

function field(obj: unknown, path: readonly string[]): unknown {
  let cur: unknown = obj;
  for (const key of path) {
    if (cur === null || typeof cur !== "object") return undefined;
    cur = (cur as Record<string, unknown>)[key];
  }
  return cur;
}

function str(value: unknown, fallback = "<none>"): string {
  return typeof value === "string" && value !== "" ? value : fallback;
}

function servicePorts(obj: KubeObject): string {
  const ports = field(obj, ["spec", "ports"]);
  if (!Array.isArray(ports) || ports.length === 0) return "<none>";
  return ports
    .map((p: JsonObject) => {
      const node = typeof p.nodePort === "number" ? `:${p.nodePort}` : "";
      return `${String(p.port)}${node}/${str(p.protocol, "TCP")}`;
    })
    .join(",");
}

function sliceEndpoints(obj: KubeObject): string {
  const endpoints = field(obj, ["endpoints"]);
  if (!Array.isArray(endpoints) || endpoints.length === 0) return "<unset>";
  const addresses = endpoints.flatMap((e: JsonObject) => (Array.isArray(e.addresses) ? e.addresses : []));
  const shown = addresses.slice(0, 3).join(",");
  return addresses.length > 3 ? `${shown} + ${addresses.length - 3} more...` : shown;
}

function slicePorts(obj: KubeObject): string {
  const ports = field(obj, ["ports"]);
  if (!Array.isArray(ports) || ports.length === 0) return "<unset>";
  return ports.map((p: JsonObject) => (typeof p.port === "number" ? String(p.port) : "<unset>")).join(",");
}

function countKeys(value: unknown): number {
  return value !== null && typeof value === "object" ? Object.keys(value).length : 0;
}

const PRINTERS: Readonly<Record<string, KindPrinter>> = {
  "/Namespace": {
    columns: [NAME, column("Status", "The status of the namespace"), AGE],
    cells: (o, age) => [o.metadata.name ?? "", str(field(o, ["status", "phase"]), ""), age],
  },
  "/Service": {
    columns: [
      NAME,
      column("Type", "The type of the service"),
      column("Cluster-IP", "The cluster IP of the service"),
      column("External-IP", "The external IP of the service"),
      column("Port(s)", "The ports of the service"),
      AGE,
      column("Selector", "The selector of the service", "string", "", 1),
    ],
    cells: (o, age) => {
      const selector = field(o, ["spec", "selector"]) as Record<string, string> | undefined;
      const selectorText = selector
        ? Object.entries(selector)
            .map(([k, v]) => `${k}=${v}`)
            .join(",")
        : "<none>";
      const type = str(field(o, ["spec", "type"]), "ClusterIP");
      const external = type === "ExternalName" ? str(field(o, ["spec", "externalName"])) : "<none>";
      return [
        o.metadata.name ?? "",
        type,
        str(field(o, ["spec", "clusterIP"])),
        external,
        servicePorts(o),
        age,
        selectorText || "<none>",
      ];
    },
  },
  "discovery.k8s.io/EndpointSlice": {
    columns: [
      NAME,
      column("AddressType", "The address type of the endpoint slice"),
      column("Ports", "The ports of the endpoint slice"),
      column("Endpoints", "The addresses of the endpoint slice"),
      AGE,
    ],
    cells: (o, age) => [
      o.metadata.name ?? "",
      str(field(o, ["addressType"]), ""),
      slicePorts(o),
      sliceEndpoints(o),
      age,
    ],
  },
  "coordination.k8s.io/Lease": {
    columns: [NAME, column("Holder", "The holder of the lease"), AGE],
    cells: (o, age) => [o.metadata.name ?? "", str(field(o, ["spec", "holderIdentity"]), ""), age],
  },
  "/Secret": {
    columns: [
      NAME,
      column("Type", "The type of the secret"),
      column("Data", "The number of data entries", "integer"),
      AGE,
    ],
    cells: (o, age) => [
      o.metadata.name ?? "",
      str(field(o, ["type"]), ""),
      countKeys(field(o, ["data"])),
      age,
    ],
  },
  "/ConfigMap": {
    columns: [NAME, column("Data", "The number of data entries", "integer"), AGE],
    cells: (o, age) => [
      o.metadata.name ?? "",
      countKeys(field(o, ["data"])) + countKeys(field(o, ["binaryData"])),
      age,
    ],
  },
};

const DEFAULT_PRINTER: KindPrinter = {
  columns: [NAME, AGE],
  cells: (o, age) => [o.metadata.name ?? "", age],
};

function printerColumnCell(obj: KubeObject, col: PrinterColumn, nowMs: number): Cell {
  const path = col.jsonPath
    .replace(/^\./, "")
    .split(".")
    .filter((p) => p !== "");
  const value = field(obj, path);
  if (value === undefined || value === null) return null;
  if (col.type === "date" && typeof value === "string") return humanDuration(nowMs - Date.parse(value));
  if (typeof value === "object") return JSON.stringify(value);
  return value as Cell;
}

function crdPrinter(columns: readonly PrinterColumn[], nowMs: number): KindPrinter {
  const defs = columns.map((c) =>
    column(c.name, c.description ?? "", c.type === "date" ? "date" : c.type, c.format ?? "", c.priority ?? 0),
  );
  const hasAge = columns.length > 0;
  return {
    columns: hasAge ? [NAME, ...defs] : [NAME, AGE],
    cells: (o, age) =>
      hasAge
        ? [o.metadata.name ?? "", ...columns.map((c) => printerColumnCell(o, c, nowMs))]
        : [o.metadata.name ?? "", age],
  };
}

export interface TableOptions {
  readonly group: string;
  readonly kind: string;
  /** apiVersion of the Table itself (meta.k8s.io/v1 or v1beta1). */
  readonly tableVersion: "v1" | "v1beta1";
  readonly nowMs: number;
  /** A CRD's printer columns; undefined for built-in kinds. */
  readonly printerColumns?: readonly PrinterColumn[];
  /** Omit columnDefinitions (every watch event after the first). */
  readonly withoutColumns?: boolean;
}

function partialObject(obj: KubeObject, tableVersion: string): JsonObject {
  return {
    kind: "PartialObjectMetadata",
    apiVersion: `meta.k8s.io/${tableVersion}`,
    metadata: obj.metadata as JsonObject,
  };
}

/** A Table of the given objects, with list metadata (resourceVersion/continue) when converting a list. */
export function toTable(
  objects: readonly KubeObject[],
  opts: TableOptions,
  listMeta: JsonObject = {},
): JsonObject {
  const printer =
    opts.printerColumns !== undefined
      ? crdPrinter(opts.printerColumns, opts.nowMs)
      : (PRINTERS[`${opts.group}/${opts.kind}`] ?? DEFAULT_PRINTER);
  const rows = objects.map((obj) => {
    const created = obj.metadata.creationTimestamp;
    const age = typeof created === "string" ? humanDuration(opts.nowMs - Date.parse(created)) : "<unknown>";
    return { cells: printer.cells(obj, age), object: partialObject(obj, opts.tableVersion) };
  });
  const table: JsonObject = {
    kind: "Table",
    apiVersion: `meta.k8s.io/${opts.tableVersion}`,
    metadata: listMeta,
  };
  if (!opts.withoutColumns) table.columnDefinitions = printer.columns as unknown as JsonObject[];
  table.rows = rows as unknown as JsonObject[];
  return table;
}
