// Content negotiation over the Accept header, as apiserver's negotiation package does it: media ranges
// are tried in order (q-values respected), parameters select a transformation (`as=Table`,
// `as=APIGroupDiscoveryList`, `as=PartialObjectMetadata[List]`), and nothing acceptable means 406.
// Protobuf is advertised in the 406 message like the real server but never chosen: the sim speaks JSON/YAML.

import { notAcceptable } from "../errors.js";

export interface MediaRange {
  readonly type: string;
  readonly subtype: string;
  readonly params: Readonly<Record<string, string>>;
  readonly q: number;
}

/** What the response body should be. */
export type Representation =
  | { readonly format: "json" }
  | { readonly format: "yaml" }
  | { readonly format: "table"; readonly version: "v1" | "v1beta1" }
  | { readonly format: "partial"; readonly version: "v1" | "v1beta1" }
  | { readonly format: "discovery"; readonly version: "v2" | "v2beta1" };

/** The list kube-apiserver prints in its 406 message for resource endpoints. */
const RESOURCE_MEDIA_TYPES = [
  "application/json",
  "application/yaml",
  "application/vnd.kubernetes.protobuf",
  "application/json;stream=watch",
  "application/vnd.kubernetes.protobuf;stream=watch",
] as const;

function parseRange(text: string): MediaRange | undefined {
  const [mime = "", ...paramTexts] = text.split(";").map((s) => s.trim());
  const [type, subtype] = mime.toLowerCase().split("/");
  if (!type || !subtype) return undefined;
  const params: Record<string, string> = {};
  let q = 1;
  for (const p of paramTexts) {
    const eq = p.indexOf("=");
    if (eq < 0) continue;
    const key = p.slice(0, eq).trim().toLowerCase();
    const value = p.slice(eq + 1).trim();
    if (key === "q") q = Number.parseFloat(value);
    else params[key] = value;
  }
  return { type, subtype, params, q: Number.isFinite(q) ? q : 0 };
}

/** Media ranges in preference order: by q-value, ties keep the client's order. */
export function parseAccept(header: string | undefined): MediaRange[] {
  if (header === undefined || header.trim() === "") return [{ type: "*", subtype: "*", params: {}, q: 1 }];
  const ranges = header
    .split(",")
    .map(parseRange)
    .filter((r): r is MediaRange => r !== undefined && r.q > 0);
  return ranges
    .map((range, index) => ({ range, index }))
    .sort((a, b) => b.range.q - a.range.q || a.index - b.index)
    .map(({ range }) => range);
}

function isJsonLike(range: MediaRange): boolean {
  return (
    (range.type === "application" && range.subtype === "json") ||
    (range.type === "application" && range.subtype === "*") ||
    (range.type === "*" && range.subtype === "*")
  );
}

function transformation(range: MediaRange): Representation | undefined {
  const { as, g, v } = range.params;
  if (as === "Table" && g === "meta.k8s.io" && (v === "v1" || v === "v1beta1")) {
    return { format: "table", version: v };
  }
  if (
    (as === "PartialObjectMetadata" || as === "PartialObjectMetadataList") &&
    g === "meta.k8s.io" &&
    (v === "v1" || v === "v1beta1")
  ) {
    return { format: "partial", version: v };
  }
  return undefined;
}

export interface NegotiationOptions {
  /** Allow `as=Table` / `as=PartialObjectMetadata*` (resource reads). */
  readonly transforms: boolean;
  /** Allow aggregated discovery (`/api`, `/apis`). */
  readonly aggregatedDiscovery: boolean;
}

function pick(range: MediaRange, opts: NegotiationOptions): Representation | undefined {
  if (range.type === "application" && range.subtype === "yaml" && !range.params.as) return { format: "yaml" };
  if (!isJsonLike(range)) return undefined;
  if (range.params.as === undefined) return { format: "json" };
  if (opts.aggregatedDiscovery && range.params.as === "APIGroupDiscoveryList") {
    const v = range.params.v;
    if (range.params.g === "apidiscovery.k8s.io" && (v === "v2" || v === "v2beta1")) {
      return { format: "discovery", version: v };
    }
    return undefined;
  }
  return opts.transforms ? transformation(range) : undefined;
}

/** Chooses the representation or throws the 406 Status listing what the server can produce. */
export function negotiate(accept: string | undefined, opts: NegotiationOptions): Representation {
  for (const range of parseAccept(accept)) {
    const chosen = pick(range, opts);
    if (chosen) return chosen;
  }
  throw notAcceptable(RESOURCE_MEDIA_TYPES);
}

/** The Content-Type header of a response in the given representation. */
export function contentTypeOf(rep: Representation): string {
  if (rep.format === "yaml") return "application/yaml";
  if (rep.format === "discovery") {
    return `application/json;g=apidiscovery.k8s.io;v=${rep.version};as=APIGroupDiscoveryList`;
  }
  return "application/json";
}

/** The base media type of a request body, lower-cased and without parameters. */
export function requestMediaType(contentType: string | undefined): string {
  return (contentType ?? "").split(";")[0]?.trim().toLowerCase() ?? "";
}
