// resourceVersion parameters as the apiserver reads them: APIObjectVersioner.ParseResourceVersion
// (strconv.ParseUint, "" and "0" meaning "any"), the two ways its error surfaces (a reason-less 500
// from the watch cache, a 400 from the etcd store), and the ListOptions rules on resourceVersionMatch.

import { type ApiError, badRequest, internalNoReason } from "../errors.js";
import { fieldError, goLiteral, renderFieldError } from "../fielderrors.js";
import { goQuote } from "../gotext/quote.js";
import type { FieldError } from "../types.js";
import { invalidListOptions } from "./storage-errors.js";

const UINT64_MAX = 2n ** 64n - 1n;

/** The text of the storage.InvalidError that ParseResourceVersion returns for `raw`. */
function parseErrorText(raw: string, problem: "invalid syntax" | "value out of range"): string {
  const detail = `strconv.ParseUint: parsing ${goQuote(raw)}: ${problem}`;
  return renderFieldError(fieldError.invalid("resourceVersion", goLiteral(goQuote(raw)), detail));
}

/** Parses like strconv.ParseUint(raw, 10, 64): left to right, overflow reported where it happens. */
function parseUint64(raw: string): bigint | { error: string } {
  if (raw === "") return { error: parseErrorText(raw, "invalid syntax") };
  let value = 0n;
  for (const ch of raw) {
    if (ch < "0" || ch > "9") return { error: parseErrorText(raw, "invalid syntax") };
    value = value * 10n + BigInt(ch.charCodeAt(0) - 48);
    if (value > UINT64_MAX) return { error: parseErrorText(raw, "value out of range") };
  }
  return value;
}

/** A parsed resourceVersion: the number, and the decimal text Go prints for it. */
export interface ParsedRevision {
  readonly value: number;
  readonly printed: string;
}

function parseOr(raw: string, toError: (text: string) => ApiError): ParsedRevision {
  if (raw === "" || raw === "0") return { value: 0, printed: "0" };
  const parsed = parseUint64(raw);
  if (typeof parsed !== "bigint") throw toError(parsed.error);
  return { value: Number(parsed), printed: parsed.toString() };
}

/** The watch cache's parse: a bad value is a 500 without reason (`resourceVersion: Invalid value: …`). */
export function parseResourceVersion(raw: string): ParsedRevision {
  return parseOr(raw, internalNoReason);
}

/** The etcd store's parse: a bad value is a 400 `invalid resource version: …`. */
export function parseStorageResourceVersion(raw: string): ParsedRevision {
  return parseOr(raw, (text) => badRequest(`invalid resource version: ${text}`));
}

const MATCH_FIELD = "resourceVersionMatch";

/** ValidateListOptions for a list; throws the 422 the server answers. */
export function validateListOptions(rv: string, match: string, continueToken: string): void {
  if (match === "") return;
  const errs: FieldError[] = [];
  if (rv === "") {
    errs.push(
      fieldError.forbidden(
        MATCH_FIELD,
        "resourceVersionMatch is forbidden unless resourceVersion is provided",
      ),
    );
  }
  if (continueToken !== "") {
    errs.push(
      fieldError.forbidden(MATCH_FIELD, "resourceVersionMatch is forbidden when continue is provided"),
    );
  }
  if (match !== "Exact" && match !== "NotOlderThan") {
    errs.push(fieldError.notSupported(MATCH_FIELD, goLiteral(goQuote(match)), ["Exact", "NotOlderThan", ""]));
  }
  if (match === "Exact" && rv === "0") {
    errs.push(
      fieldError.forbidden(MATCH_FIELD, 'resourceVersionMatch "exact" is forbidden for resourceVersion "0"'),
    );
  }
  if (errs.length > 0) throw invalidListOptions(errs);
}

/** validateWatchOptions without sendInitialEvents (the WatchList feature is off in v1.28). */
export function validateWatchOptions(match: string): void {
  if (match === "") return;
  const errs = [
    fieldError.forbidden(
      MATCH_FIELD,
      "resourceVersionMatch is forbidden for watch unless sendInitialEvents is provided",
    ),
  ];
  if (match !== "NotOlderThan") {
    errs.push(fieldError.notSupported(MATCH_FIELD, goLiteral(goQuote(match)), ["NotOlderThan"]));
  }
  throw invalidListOptions(errs);
}
