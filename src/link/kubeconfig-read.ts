// Typed readers over a parsed, untrusted kubeconfig. Each reader returns the value or throws
// KubeconfigRefused, which admitKubeconfig turns back into a value at its boundary. Messages name
// the entry and field and describe the expected type; they never echo a value.

import { Reason } from "./conditions.js";

export type YamlMap = { readonly [key: string]: unknown };

export type RefusalReason = typeof Reason.KubeconfigInvalid | typeof Reason.KubeconfigForbiddenField;

export class KubeconfigRefused extends Error {
  readonly reason: RefusalReason;

  constructor(reason: RefusalReason, message: string) {
    super(message);
    this.name = "KubeconfigRefused";
    this.reason = reason;
  }
}

export function invalid(message: string): KubeconfigRefused {
  return new KubeconfigRefused(Reason.KubeconfigInvalid, message);
}

const MAX_NAME_CHARS = 64;

/** A name from the kubeconfig, quoted and cut short: names are not secrets, but they are untrusted. */
export function quoteName(name: string): string {
  return JSON.stringify(name.length > MAX_NAME_CHARS ? `${name.slice(0, MAX_NAME_CHARS)}...` : name);
}

export function isMapping(value: unknown): value is YamlMap {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

export function readMapping(value: unknown, where: string): YamlMap {
  if (!isMapping(value)) throw invalid(`${where} must be a mapping`);
  return value;
}

/** Absent and null read as undefined, as client-go treats an empty YAML value. */
export function readString(map: YamlMap, field: string, where: string): string | undefined {
  const value = map[field];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== "string") throw invalid(`${where}: "${field}" must be a string`);
  return value;
}

export function readBoolean(map: YamlMap, field: string, where: string): boolean {
  const value = map[field];
  if (value === undefined || value === null) return false;
  if (typeof value !== "boolean") throw invalid(`${where}: "${field}" must be true or false`);
  return value;
}

export function readName(map: YamlMap, where: string): string {
  const name = readString(map, "name", where);
  if (name === undefined || name === "") throw invalid(`${where} has no name`);
  return name;
}
