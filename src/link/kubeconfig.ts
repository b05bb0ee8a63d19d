// The gate for a kubeconfig taken from a Link's Secret, which is untrusted input. client-node would
// run `exec` and `auth-provider` commands and read any path it names (the daemon's own
// service-account token included), so only an allow-list reaches it: the chosen context's server,
// inline CA, TLS server name, and inline token or client certificate. Fields that would change how
// the daemon connects are refused with a named reason; unknown fields are dropped. Only the chosen
// context, its cluster and its user are read: other entries never reach client-node.

import type { Cluster, Context, User } from "@kubernetes/client-node";
import { parseDocument } from "yaml";
import { Reason } from "./conditions.js";
import {
  invalid,
  KubeconfigRefused,
  quoteName,
  type RefusalReason,
  readBoolean,
  readMapping,
  readName,
  readString,
  type YamlMap,
} from "./kubeconfig-read.js";

export interface AdmitKubeconfigOptions {
  /** Accept `insecure-skip-tls-verify: true` and plain-http servers (the daemon's allowInsecureRemote). */
  readonly allowInsecure: boolean;
}

/** The shape `KubeConfig.loadFromOptions` takes: exactly one cluster, user and context. */
export interface AdmittedKubeconfig {
  readonly clusters: Cluster[];
  readonly users: User[];
  readonly contexts: Context[];
  readonly currentContext: string;
}

export type KubeconfigAdmission =
  | {
      readonly ok: true;
      readonly kubeconfig: AdmittedKubeconfig;
      readonly server: string;
      readonly context: string;
      /** TLS is not verified (or the server is plain http); callers should say so in a log line. */
      readonly insecure: boolean;
    }
  | { readonly ok: false; readonly reason: RefusalReason; readonly message: string };

const MAX_YAML_ALIASES = 50;
const READS_FILE = "it would read a file inside the svcmirror pod";
const IMPERSONATION = "impersonation is not supported";
const BASIC_AUTH = "basic authentication is not supported (Kubernetes removed it in 1.19)";

/** Fields client-node (or kubectl) would honour that the gate refuses, and why. */
const FORBIDDEN_USER_FIELDS: Readonly<Record<string, string>> = {
  exec: "it would run a command inside the svcmirror pod",
  "auth-provider": "auth-provider plugins run code or read files inside the svcmirror pod",
  "token-file": READS_FILE,
  tokenFile: READS_FILE,
  "client-certificate": READS_FILE,
  "client-key": READS_FILE,
  username: BASIC_AUTH,
  password: BASIC_AUTH,
  as: IMPERSONATION,
  "as-uid": IMPERSONATION,
  "as-groups": IMPERSONATION,
  "as-user-extra": IMPERSONATION,
};

const FORBIDDEN_CLUSTER_FIELDS: Readonly<Record<string, string>> = {
  "certificate-authority": READS_FILE,
  // A proxy named by the Secret's author could point anywhere the pod's network reaches.
  "proxy-url": "proxies are not supported",
};

const INLINE_HINT =
  "use inline data (token, client-certificate-data, client-key-data, certificate-authority-data)";

function refuseForbidden(entry: YamlMap, table: Readonly<Record<string, string>>, where: string): void {
  for (const [field, why] of Object.entries(table)) {
    const value = entry[field];
    if (value !== undefined && value !== null && value !== "") {
      throw new KubeconfigRefused(
        Reason.KubeconfigForbiddenField,
        `${where}: field "${field}" is not allowed: ${why}; ${INLINE_HINT}`,
      );
    }
  }
}

/** Base64 of PEM text containing `${marker}-----`; the content itself never appears in a message. */
function readInlinePem(entry: YamlMap, field: string, marker: string, where: string): string | undefined {
  const value = readString(entry, field, where);
  if (value === undefined || value === "") return undefined;
  const compact = value.replace(/\s+/g, "");
  const isBase64 = /^[A-Za-z0-9+/]*={0,2}$/.test(compact);
  const decoded = isBase64 ? Buffer.from(compact, "base64").toString("latin1") : "";
  if (!decoded.includes("-----BEGIN ") || !decoded.includes(`${marker}-----`)) {
    throw invalid(`${where}: "${field}" is not base64-encoded PEM data (${marker})`);
  }
  return compact;
}

function parseYaml(text: string): YamlMap {
  const doc = parseDocument(text, { uniqueKeys: true });
  const first = doc.errors[0];
  if (first !== undefined) {
    // The parser's own message quotes the source line, which may hold a token: give the position only.
    const at = first.linePos?.[0];
    const where = at === undefined ? "" : ` at line ${at.line}, column ${at.col}`;
    throw invalid(`kubeconfig is not valid YAML (${first.code}${where})`);
  }
  let root: unknown;
  try {
    root = doc.toJS({ maxAliasCount: MAX_YAML_ALIASES });
  } catch {
    throw invalid("kubeconfig is not valid YAML (too many aliases)");
  }
  return readMapping(root, "kubeconfig");
}

interface NamedEntry {
  readonly name: string;
  readonly body: YamlMap;
}

/** `clusters`, `users` or `contexts`: a list of `{name, <bodyKey>: {...}}` with unique names. */
function readNamedList(root: YamlMap, listKey: string, bodyKey: string): NamedEntry[] {
  const list = root[listKey] ?? [];
  if (!Array.isArray(list)) throw invalid(`kubeconfig: "${listKey}" must be a list`);
  const entries: NamedEntry[] = [];
  for (const [i, item] of list.entries()) {
    const entry = readMapping(item, `${listKey}[${i}]`);
    const name = readName(entry, `${listKey}[${i}]`);
    const body = readMapping(entry[bodyKey] ?? {}, `${listKey}[${i}].${bodyKey}`);
    if (entries.some((e) => e.name === name)) {
      throw invalid(`kubeconfig: ${listKey} has two entries named ${quoteName(name)}`);
    }
    entries.push({ name, body });
  }
  return entries;
}

function selectContext(root: YamlMap): NamedEntry {
  const contexts = readNamedList(root, "contexts", "context");
  const current = readString(root, "current-context", "kubeconfig") ?? "";
  if (current !== "") {
    const found = contexts.find((c) => c.name === current);
    if (found === undefined)
      throw invalid(`kubeconfig: current-context ${quoteName(current)} names no context`);
    return found;
  }
  const [only, ...rest] = contexts;
  if (only === undefined) throw invalid("kubeconfig has no contexts");
  if (rest.length > 0) throw invalid(`kubeconfig has ${contexts.length} contexts and no current-context`);
  return only;
}

function findEntry(
  root: YamlMap,
  listKey: string,
  bodyKey: string,
  name: string,
  context: string,
): NamedEntry {
  const found = readNamedList(root, listKey, bodyKey).find((e) => e.name === name);
  if (found === undefined) {
    throw invalid(`context ${quoteName(context)} names ${bodyKey} ${quoteName(name)}, which is not defined`);
  }
  return found;
}

function readServer(
  entry: YamlMap,
  where: string,
  allowInsecure: boolean,
): { server: string; plainHttp: boolean } {
  const raw = readString(entry, "server", where) ?? "";
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw invalid(`${where}: "server" must be an https:// URL`);
  }
  if (url.username !== "" || url.password !== "") {
    throw invalid(`${where}: "server" must not carry credentials in the URL`);
  }
  if (url.search !== "" || url.hash !== "")
    throw invalid(`${where}: "server" must not have a query or fragment`);
  const plainHttp = url.protocol === "http:";
  if (url.protocol !== "https:" && !plainHttp) throw invalid(`${where}: "server" must be an https:// URL`);
  if (plainHttp && !allowInsecure) {
    throw new KubeconfigRefused(
      Reason.KubeconfigForbiddenField,
      `${where}: plain-http "server" is not allowed unless svcmirror runs with --allow-insecure-remote`,
    );
  }
  return { server: raw.replace(/\/$/, ""), plainHttp };
}

function admitCluster(found: NamedEntry, allowInsecure: boolean): Cluster {
  const where = `cluster ${quoteName(found.name)}`;
  refuseForbidden(found.body, FORBIDDEN_CLUSTER_FIELDS, where);
  const skipVerify = readBoolean(found.body, "insecure-skip-tls-verify", where);
  if (skipVerify && !allowInsecure) {
    throw new KubeconfigRefused(
      Reason.KubeconfigForbiddenField,
      `${where}: "insecure-skip-tls-verify: true" is not allowed unless svcmirror runs with --allow-insecure-remote`,
    );
  }
  const { server, plainHttp } = readServer(found.body, where, allowInsecure);
  const caData = readInlinePem(found.body, "certificate-authority-data", "CERTIFICATE", where);
  const tlsServerName = readString(found.body, "tls-server-name", where);
  return {
    name: found.name,
    server,
    // client-node refuses an http:// server unless this flag is set, so plain http implies it.
    skipTLSVerify: skipVerify || plainHttp,
    ...(caData === undefined ? {} : { caData }),
    ...(tlsServerName === undefined || tlsServerName === "" ? {} : { tlsServerName }),
  };
}

function readToken(entry: YamlMap, where: string): string | undefined {
  const token = readString(entry, "token", where)?.trim();
  if (token === undefined || token === "") return undefined;
  if (!/^[\x21-\x7e]+$/.test(token)) {
    throw invalid(`${where}: "token" has characters that cannot be sent in an HTTP header`);
  }
  return token;
}

function admitUser(found: NamedEntry): User {
  const where = `user ${quoteName(found.name)}`;
  refuseForbidden(found.body, FORBIDDEN_USER_FIELDS, where);
  const token = readToken(found.body, where);
  const certData = readInlinePem(found.body, "client-certificate-data", "CERTIFICATE", where);
  const keyData = readInlinePem(found.body, "client-key-data", "PRIVATE KEY", where);
  if ((certData === undefined) !== (keyData === undefined)) {
    throw invalid(`${where}: "client-certificate-data" and "client-key-data" must be given together`);
  }
  if (token === undefined && certData === undefined) {
    throw invalid(`${where} has no inline credentials; ${INLINE_HINT}`);
  }
  return {
    name: found.name,
    ...(token === undefined ? {} : { token }),
    ...(certData === undefined ? {} : { certData }),
    ...(keyData === undefined ? {} : { keyData }),
  };
}

function admit(text: string, opts: AdmitKubeconfigOptions): KubeconfigAdmission {
  const root = parseYaml(text);
  const chosen = selectContext(root);
  const where = `context ${quoteName(chosen.name)}`;
  const clusterName = readString(chosen.body, "cluster", where) ?? "";
  const userName = readString(chosen.body, "user", where) ?? "";
  if (clusterName === "") throw invalid(`${where} names no cluster`);
  if (userName === "")
    throw invalid(`${where} names no user; svcmirror needs credentials for the remote cluster`);
  const cluster = admitCluster(
    findEntry(root, "clusters", "cluster", clusterName, chosen.name),
    opts.allowInsecure,
  );
  const user = admitUser(findEntry(root, "users", "user", userName, chosen.name));
  const context: Context = { name: chosen.name, cluster: cluster.name, user: user.name };
  return {
    ok: true,
    kubeconfig: { clusters: [cluster], users: [user], contexts: [context], currentContext: context.name },
    server: cluster.server,
    context: context.name,
    insecure: cluster.skipTLSVerify,
  };
}

/**
 * Admits the kubeconfig text from a credentials Secret, or says why not. Chooses current-context,
 * or the only context when none is set. Never throws for bad input, and no message carries a token,
 * key or certificate.
 */
export function admitKubeconfig(text: string, opts: AdmitKubeconfigOptions): KubeconfigAdmission {
  try {
    return admit(text, opts);
  } catch (err) {
    if (err instanceof KubeconfigRefused) return { ok: false, reason: err.reason, message: err.message };
    throw err;
  }
}

/** A loggable description of an admitted kubeconfig: names and kinds of credential, no secrets. */
export interface KubeconfigSummary {
  readonly context: string;
  readonly cluster: string;
  readonly server: string;
  readonly user: string;
  readonly credentials: "token" | "client-certificate" | "token+client-certificate";
  readonly certificateAuthority: "inline" | "system";
  readonly tlsServerName?: string;
  readonly insecure: boolean;
}

export function redactKubeconfig(kubeconfig: AdmittedKubeconfig): KubeconfigSummary {
  const context = kubeconfig.contexts.find((c) => c.name === kubeconfig.currentContext);
  const cluster = kubeconfig.clusters.find((c) => c.name === context?.cluster);
  const user = kubeconfig.users.find((u) => u.name === context?.user);
  const hasToken = user?.token !== undefined;
  const hasCert = user?.certData !== undefined;
  let credentials: KubeconfigSummary["credentials"] = hasToken ? "token" : "client-certificate";
  if (hasToken && hasCert) credentials = "token+client-certificate";
  return {
    context: kubeconfig.currentContext,
    cluster: cluster?.name ?? "",
    server: cluster?.server ?? "",
    user: user?.name ?? "",
    credentials,
    certificateAuthority: cluster?.caData === undefined ? "system" : "inline",
    ...(cluster?.tlsServerName === undefined ? {} : { tlsServerName: cluster.tlsServerName }),
    insecure: cluster?.skipTLSVerify ?? false,
  };
}
