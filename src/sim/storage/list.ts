// LIST as kube-apiserver v1.28 answers it. Like the Cacher, it first decides whether the watch cache
// can serve the request (resourceVersion "0" or NotOlderThan, no continue, no limit unless rv is
// "0") — then it answers with current objects at the cache's revision and ignores limit. Otherwise
// it reads "storage" the way the etcd3 store does: at the latest revision, an exact one, or a
// continue token's, with pagination, 410 for compacted revisions and etcd's future-revision error.

import { badRequest } from "../errors.js";
import type { KubeObject } from "../types.js";
import { ContinueTokenError, decodeContinue, encodeContinue } from "./continue-token.js";
import { type Keyspace, keyOf, prefixOf } from "./keyspace.js";
import {
  type ParsedRevision,
  parseResourceVersion,
  parseStorageResourceVersion,
  validateListOptions,
} from "./resource-version.js";
import { compileFilter, type ObjectFilter, parseSelectors } from "./selectors.js";
import { continueTooOld, futureRevision, listTooOld, tooLargeResourceVersion } from "./storage-errors.js";
import type { ListQuery, ListResult } from "./types.js";

export interface ListSource {
  readonly space: Keyspace;
  /** The revision of the resource's watch cache (its last event, or the start of its window). */
  readonly cacheRevision: number;
  /** The store's current revision. */
  readonly revision: number;
  readonly compactedRevision: number;
}

interface ReadPlan {
  readonly prefix: string;
  /** The only key to read when a metadata.name term pins it (a non-recursive read: no paging). */
  readonly single: string | undefined;
  readonly filter: ObjectFilter;
  readonly limit: number;
}

/** Cacher's shouldDelegateList. */
function servedByStorage(rv: string, match: string, token: string, limit: number): boolean {
  return rv === "" || token !== "" || (limit > 0 && rv !== "0") || (match !== "" && match !== "NotOlderThan");
}

function readSingle(
  source: ListSource,
  key: string,
  rev: number | undefined,
  filter: ObjectFilter,
): KubeObject[] {
  const entry = source.space.get(key);
  const obj = rev === undefined ? entry?.current : entry?.at(rev);
  return obj !== undefined && filter.matches(obj) ? [obj] : [];
}

function fromCache(source: ListSource, plan: ReadPlan, rv: string): ListResult {
  const requested = parseResourceVersion(rv);
  if (requested.value > source.revision) throw tooLargeResourceVersion(requested.printed, source.revision, 1);
  const resourceVersion = String(Math.max(source.cacheRevision, requested.value));
  if (plan.single !== undefined) {
    return { items: readSingle(source, plan.single, undefined, plan.filter), resourceVersion };
  }
  const items: KubeObject[] = [];
  source.space.scan(plan.prefix, plan.prefix, undefined, (_entry, obj) => {
    if (plan.filter.matches(obj)) items.push(obj);
    return true;
  });
  return { items, resourceVersion };
}

interface StorageRead {
  /** The revision to read at; 0 = the latest. */
  readonly withRev: number;
  /** Where a continue token resumes, relative to the prefix. */
  readonly resumeAt: string | undefined;
}

function decodeToken(token: string, rv: string): StorageRead {
  let position: ReturnType<typeof decodeContinue>;
  try {
    position = decodeContinue(token);
  } catch (err) {
    if (err instanceof ContinueTokenError) throw badRequest(`invalid continue token: ${err.message}`);
    throw err;
  }
  if (rv !== "" && rv !== "0")
    throw badRequest("specifying resource version is not allowed when using continue");
  return { withRev: Math.max(position.rv, 0), resumeAt: position.start };
}

function storageRead(plan: ReadPlan, query: ListQuery, from: ParsedRevision | undefined): StorageRead {
  const token = query.continueToken ?? "";
  if (token !== "") return decodeToken(token, query.resourceVersion ?? "");
  const match = query.resourceVersionMatch ?? "";
  if (from === undefined) return { withRev: 0, resumeAt: undefined };
  if (match === "Exact") return { withRev: from.value, resumeAt: undefined };
  const legacyExact = match === "" && plan.single === undefined && plan.limit > 0 && from.value > 0;
  return { withRev: legacyExact ? from.value : 0, resumeAt: undefined };
}

function checkReadable(source: ListSource, read: StorageRead, from: ParsedRevision | undefined): void {
  if (read.withRev > source.revision) throw futureRevision();
  if (read.withRev > 0 && read.withRev < source.compactedRevision) {
    if (read.resumeAt === undefined) throw listTooOld();
    throw continueTooOld(encodeContinue({ start: read.resumeAt, rv: -1 }));
  }
  if (from !== undefined && from.value > source.revision) {
    throw tooLargeResourceVersion(from.printed, source.revision, 0);
  }
}

function readPage(source: ListSource, plan: ReadPlan, read: StorageRead, readRev: number): ListResult {
  const rev = read.withRev > 0 ? read.withRev : undefined;
  const items: KubeObject[] = [];
  let lastKey = "";
  let remaining = 0;
  const start = plan.prefix + (read.resumeAt ?? "");
  source.space.scan(plan.prefix, start, rev, (entry, obj) => {
    if (plan.limit > 0 && items.length >= plan.limit) {
      remaining += 1;
      return plan.filter.empty;
    }
    if (plan.filter.matches(obj)) {
      items.push(obj);
      lastKey = entry.key;
    }
    return true;
  });
  const result: ListResult = { items, resourceVersion: String(readRev) };
  if (remaining > 0) {
    result.continue = encodeContinue({ start: `${lastKey.slice(plan.prefix.length)}\0`, rv: readRev });
    if (plan.filter.empty) result.remainingItemCount = remaining;
  }
  return result;
}

function fromStorage(source: ListSource, plan: ReadPlan, query: ListQuery): ListResult {
  const rv = query.resourceVersion ?? "";
  const from = rv === "" ? undefined : parseStorageResourceVersion(rv);
  const read = storageRead(plan, query, from);
  checkReadable(source, read, from);
  const readRev = read.withRev > 0 ? read.withRev : source.revision;
  if (plan.single !== undefined) {
    const rev = read.withRev > 0 ? read.withRev : undefined;
    return { items: readSingle(source, plan.single, rev, plan.filter), resourceVersion: String(readRev) };
  }
  return readPage(source, plan, read, readRev);
}

/**
 * The revision the watch cache must reach before it can serve this list (0 when the list needs no
 * wait: it is read from storage, or its resourceVersion is unparsable and list() will say so).
 */
export function cacheWaitRevision(query: ListQuery): number {
  const rv = query.resourceVersion ?? "";
  const limit = query.limit !== undefined && query.limit > 0 ? query.limit : 0;
  if (servedByStorage(rv, query.resourceVersionMatch ?? "", query.continueToken ?? "", limit)) return 0;
  try {
    return parseResourceVersion(rv).value;
  } catch {
    return 0;
  }
}

/** Answers a list, or throws the ApiError the real server answers (400, 410, 422, 500, 504). */
export function listObjects(source: ListSource, query: ListQuery): ListResult {
  const parsed = parseSelectors(query);
  const rv = query.resourceVersion ?? "";
  const match = query.resourceVersionMatch ?? "";
  const token = query.continueToken ?? "";
  validateListOptions(rv, match, token);
  const filter = compileFilter(query, parsed);
  const limit = query.limit !== undefined && query.limit > 0 ? query.limit : 0;
  // The registry reads one key for a metadata.name selector when it can build the key (a namespace,
  // or a cluster-scoped resource) and no continue token is given (SelectionPredicate.MatchesSingle).
  const pinned = token === "" && (query.namespace !== undefined || source.space.clusterScoped);
  const plan: ReadPlan = {
    prefix: prefixOf(query.namespace),
    single:
      filter.singleName !== undefined && pinned ? keyOf(query.namespace ?? "", filter.singleName) : undefined,
    filter,
    limit,
  };
  return servedByStorage(rv, match, token, limit)
    ? fromStorage(source, plan, query)
    : fromCache(source, plan, rv);
}
