// The 409 an apply gets when it would change fields other managers own (apimachinery's
// NewConflictError): one FieldManagerConflict cause per field, and a message that lists them,
// grouped by manager in the order of their identifiers when there is more than one.

import { ApiError, failure, type StatusCause } from "../errors.js";
import type { FieldSet } from "./fieldset.js";
import { describeManager, type Managers } from "./managed.js";
import { pathToString } from "./pathelement.js";

export function conflictError(conflicts: ReadonlyMap<string, FieldSet>, managers: Managers): ApiError {
  const causes: StatusCause[] = [];
  const groups: string[] = [];
  let single = "";
  for (const id of [...conflicts.keys()].sort()) {
    const record = managers.get(id);
    const set = conflicts.get(id);
    if (!record || !set) continue;
    const who = describeManager(record);
    const fields = set.paths().map(pathToString);
    for (const field of fields) {
      causes.push({ reason: "FieldManagerConflict", message: `conflict with ${who}`, field });
      single = `conflict with ${who}: ${field}`;
    }
    groups.push([`conflicts with ${who}:`, ...fields.map((field) => `- ${field}`)].join("\n"));
  }
  const message =
    causes.length === 1
      ? `Apply failed with 1 conflict: ${single}`
      : `Apply failed with ${causes.length} conflicts: ${groups.join("\n")}`;
  return new ApiError(failure(409, "Conflict", message, { causes }));
}
