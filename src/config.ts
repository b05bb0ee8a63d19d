// The one place that interprets command-line flags and environment variables. Every `run` option is
// resolved flag → SVCMIRROR_* variable → default and then validated with zod; each bad value becomes
// one line naming the flag and where the value came from. Only the form of each value is checked
// here: rules that relate several values (the election timings) belong to the component using them.
// The process edge (src/cli.ts) hands in argv-derived values, the environment and a file reader.

import { isIP, isIPv6 } from "node:net";
import { z } from "zod";
import type { ElectionTimings } from "./election/config.js";
import { DNS_LABEL_MAX_LENGTH, isDnsLabel, isDnsSubdomain } from "./link/names.js";
import { LOG_FORMATS, LOG_LEVELS, type LogFormat, type LogLevel } from "./log.js";
import { parseDurationMs } from "./runtime/duration.js";

export const SERVICE_ACCOUNT_NAMESPACE_FILE = "/var/run/secrets/kubernetes.io/serviceaccount/namespace";
export const DEFAULT_NAMESPACE = "svcmirror-system";
export const DEFAULT_SIM_KUBECONFIG_FILE = "sim.kubeconfig";

export interface ConfigSources {
  env: Readonly<Record<string, string | undefined>>;
  /** The file's text, or undefined when it is missing or unreadable. */
  readFile(path: string): string | undefined;
  hostname(): string;
}

/** `run` values as commander hands them over: strings, and booleans for switches. */
export interface RunFlags {
  link?: string;
  namespace?: string;
  kubeconfig?: string;
  identity?: string;
  adminAddr?: string;
  leaseDuration?: string;
  renewDeadline?: string;
  retryPeriod?: string;
  kubeQps?: string;
  kubeBurst?: string;
  logFormat?: string;
  logLevel?: string;
  allowInsecureRemote?: boolean;
}

export interface RunOptionSpec {
  key: keyof RunFlags;
  flag: string;
  /** Placeholder shown in help; absent for switches. */
  valueName?: string;
  env: string;
  description: string;
  /** Static default as typed on the command line; dynamic defaults are described in `description`. */
  defaultValue?: string;
}

export const RUN_OPTIONS: readonly RunOptionSpec[] = [
  {
    key: "link",
    flag: "--link",
    valueName: "NAME",
    env: "SVCMIRROR_LINK",
    description: "name of the Link resource (in --namespace) this daemon serves; required",
  },
  {
    key: "namespace",
    flag: "--namespace",
    valueName: "NS",
    env: "SVCMIRROR_NAMESPACE",
    description: `namespace of the Link, its Secret and the Lease; default: the pod's namespace, else ${DEFAULT_NAMESPACE}`,
  },
  {
    key: "kubeconfig",
    flag: "--kubeconfig",
    valueName: "FILE",
    env: "SVCMIRROR_KUBECONFIG",
    description: "kubeconfig of the local cluster; default: in-cluster service account",
  },
  {
    key: "identity",
    flag: "--identity",
    valueName: "ID",
    env: "SVCMIRROR_IDENTITY",
    description:
      "this replica's identity in the Lease, distinct per replica; default: $HOSTNAME (the pod name)",
  },
  {
    key: "adminAddr",
    flag: "--admin-addr",
    valueName: "HOST:PORT",
    env: "SVCMIRROR_ADMIN_ADDR",
    description:
      "listen address of /ping /live /ready /metrics /status; empty host = all interfaces, port 0 = any free port",
    defaultValue: ":9999",
  },
  {
    key: "leaseDuration",
    flag: "--lease-duration",
    valueName: "DURATION",
    env: "SVCMIRROR_LEASE_DURATION",
    description: "how long followers wait after the last observed renewal before taking the lease over",
    defaultValue: "15s",
  },
  {
    key: "renewDeadline",
    flag: "--renew-deadline",
    valueName: "DURATION",
    env: "SVCMIRROR_RENEW_DEADLINE",
    description: "how long the leader keeps trying to renew before it stops leading",
    defaultValue: "10s",
  },
  {
    key: "retryPeriod",
    flag: "--retry-period",
    valueName: "DURATION",
    env: "SVCMIRROR_RETRY_PERIOD",
    description: "interval between lease acquire/renew attempts",
    defaultValue: "2s",
  },
  {
    key: "kubeQps",
    flag: "--kube-qps",
    valueName: "N",
    env: "SVCMIRROR_KUBE_QPS",
    description: "sustained rate of API requests per second to each cluster",
    defaultValue: "20",
  },
  {
    key: "kubeBurst",
    flag: "--kube-burst",
    valueName: "N",
    env: "SVCMIRROR_KUBE_BURST",
    description: "API requests allowed in a burst above --kube-qps",
    defaultValue: "30",
  },
  {
    key: "logFormat",
    flag: "--log-format",
    valueName: "FORMAT",
    env: "SVCMIRROR_LOG_FORMAT",
    description: `log format: ${LOG_FORMATS.join(" or ")}`,
    defaultValue: "json",
  },
  {
    key: "logLevel",
    flag: "--log-level",
    valueName: "LEVEL",
    env: "SVCMIRROR_LOG_LEVEL",
    description: `log level: ${LOG_LEVELS.join(", ")}`,
    defaultValue: "info",
  },
  {
    key: "allowInsecureRemote",
    flag: "--allow-insecure-remote",
    env: "SVCMIRROR_ALLOW_INSECURE_REMOTE",
    description:
      "accept remote kubeconfigs (from Link Secrets) that set insecure-skip-tls-verify; off by default",
    defaultValue: "false",
  },
];

export interface ListenAddress {
  /** Undefined = all interfaces. */
  host?: string;
  /** 0 = any free port. */
  port: number;
}

export type KubeSource = { kind: "file"; path: string } | { kind: "in-cluster" };

export interface RunConfig {
  link: string;
  namespace: string;
  kube: KubeSource;
  identity: string;
  adminAddr: ListenAddress;
  election: ElectionTimings;
  kubeQps: number;
  kubeBurst: number;
  log: { format: LogFormat; level: LogLevel };
  allowInsecureRemote: boolean;
}

/** A usage error: every line names a flag. The CLI prints the message and exits 2. */
export class ConfigError extends Error {
  readonly problems: readonly string[];

  constructor(problems: readonly string[]) {
    super(problems.join("\n"));
    this.name = "ConfigError";
    this.problems = problems;
  }
}

const HOSTNAME = /^[A-Za-z0-9]([-A-Za-z0-9]*[A-Za-z0-9])?(\.[A-Za-z0-9]([-A-Za-z0-9]*[A-Za-z0-9])?)*$/;
const HOST_PORT = /^(?:\[([^\]]+)\]|([^:[\]]*)):(\d{1,5})$/;

/** "HOST:PORT", ":PORT" or "[IPv6]:PORT"; an empty host means all interfaces. */
export function parseListenAddress(text: string): ListenAddress | undefined {
  const match = HOST_PORT.exec(text);
  if (match === null) return undefined;
  const port = Number(match[3]);
  if (port > 65535) return undefined;
  const [, bracketed, plain] = match;
  if (bracketed !== undefined) return isIPv6(bracketed) ? { host: bracketed, port } : undefined;
  if (plain === undefined || plain === "") return { port };
  return isIP(plain) !== 0 || HOSTNAME.test(plain) ? { host: plain, port } : undefined;
}

/** A zod string schema that maps text to a value with `parse`, or reports `message` when it returns undefined. */
function parsedString<T>(parse: (text: string) => T | undefined, message: string): z.ZodType<T, string> {
  return z.string().transform((text, ctx) => {
    const value = parse(text);
    if (value === undefined) {
      ctx.addIssue({ code: "custom", message });
      return z.NEVER;
    }
    return value;
  });
}

const DECIMAL = /^(\d+\.?\d*|\.\d+)$/;
const COUNT = /^[1-9]\d{0,8}$/;

const BOOLEAN_WORDS: Readonly<Record<string, boolean>> = { true: true, "1": true, false: false, "0": false };

function matching(re: RegExp, maxLength: number): (text: string) => string | undefined {
  return (text) => (text.length <= maxLength && re.test(text) ? text : undefined);
}

const duration = parsedString(parseDurationMs, "is not a duration like 15s, 500ms or 1m30s (at most 596h)");

const runSchema = z.object({
  // The Link name is written as the value of the svcmirror.io/link label, hence 63 characters.
  link: parsedString(
    (text) => (isDnsSubdomain(text) && text.length <= DNS_LABEL_MAX_LENGTH ? text : undefined),
    "is not a valid Link name (lowercase letters, digits, '-' and '.', at most 63 characters)",
  ),
  namespace: parsedString(
    (text) => (isDnsLabel(text) ? text : undefined),
    "is not a valid namespace name (lowercase letters, digits and '-', at most 63 characters)",
  ),
  kubeconfig: parsedString((text) => (text === "" ? undefined : text), "must not be empty").optional(),
  identity: parsedString((text) => (text.trim() === "" ? undefined : text), "must not be empty"),
  adminAddr: parsedString(parseListenAddress, "is not an address like :9999, 127.0.0.1:0 or [::1]:9999"),
  leaseDuration: duration,
  renewDeadline: duration,
  retryPeriod: duration,
  kubeQps: parsedString((text) => {
    const qps = DECIMAL.test(text) ? Number(text) : 0;
    return qps > 0 ? qps : undefined;
  }, "is not a positive number"),
  kubeBurst: parsedString(
    (text) => (COUNT.test(text) ? Number(text) : undefined),
    "is not a positive integer",
  ),
  logFormat: z.enum(LOG_FORMATS, { error: `is not one of ${LOG_FORMATS.join(", ")}` }),
  logLevel: z.enum(LOG_LEVELS, { error: `is not one of ${LOG_LEVELS.join(", ")}` }),
  allowInsecureRemote: parsedString((text) => BOOLEAN_WORDS[text], "is not true or false"),
});

interface Resolved {
  raw: string | undefined;
  /** Where a value not typed as the flag came from, for error messages. */
  from?: string;
}

function resolveDefault(spec: RunOptionSpec, sources: ConfigSources): Resolved {
  if (spec.key === "namespace") {
    const podNamespace = sources.readFile(SERVICE_ACCOUNT_NAMESPACE_FILE)?.trim();
    return podNamespace
      ? { raw: podNamespace, from: SERVICE_ACCOUNT_NAMESPACE_FILE }
      : { raw: DEFAULT_NAMESPACE, from: "default" };
  }
  if (spec.key === "identity") {
    const pod = sources.env.HOSTNAME;
    return pod ? { raw: pod, from: "HOSTNAME" } : { raw: sources.hostname(), from: "the host name" };
  }
  return { raw: spec.defaultValue, from: "default" };
}

function resolve(spec: RunOptionSpec, flags: RunFlags, sources: ConfigSources): Resolved {
  const flag = flags[spec.key];
  if (flag !== undefined) return { raw: String(flag) };
  // An empty variable counts as unset: Deployments often template `value: ""`.
  const fromEnv = sources.env[spec.env];
  if (fromEnv !== undefined && fromEnv !== "") return { raw: fromEnv, from: spec.env };
  return resolveDefault(spec, sources);
}

function describeProblem(spec: RunOptionSpec, resolved: Resolved, message: string): string {
  if (resolved.raw === undefined) return `${spec.flag} is required (or set ${spec.env})`;
  const from = resolved.from === undefined ? "" : ` (from ${resolved.from})`;
  return `${spec.flag}: ${JSON.stringify(resolved.raw)} ${message}${from}`;
}

function kubeSource(path: string | undefined, env: ConfigSources["env"]): KubeSource | string {
  if (path !== undefined) return { kind: "file", path };
  if (env.KUBERNETES_SERVICE_HOST && env.KUBERNETES_SERVICE_PORT) return { kind: "in-cluster" };
  return "--kubeconfig is required outside a cluster (KUBERNETES_SERVICE_HOST is unset; or set SVCMIRROR_KUBECONFIG)";
}

/** Resolves and validates the `run` options; throws ConfigError listing every bad value. */
export function parseRunConfig(flags: RunFlags, sources: ConfigSources): RunConfig {
  const resolved = new Map(RUN_OPTIONS.map((spec) => [spec, resolve(spec, flags, sources)] as const));
  const input = Object.fromEntries([...resolved].map(([spec, value]) => [spec.key, value.raw]));
  const result = runSchema.safeParse(input);
  if (!result.success) {
    throw new ConfigError(
      result.error.issues.map((issue) => {
        const spec = RUN_OPTIONS.find((s) => s.key === issue.path[0]);
        if (spec === undefined) return issue.message;
        return describeProblem(spec, resolved.get(spec) ?? { raw: undefined }, issue.message);
      }),
    );
  }
  const v = result.data;
  const kube = kubeSource(v.kubeconfig, sources.env);
  if (typeof kube === "string") throw new ConfigError([kube]);
  return {
    link: v.link,
    namespace: v.namespace,
    kube,
    identity: v.identity,
    adminAddr: v.adminAddr,
    election: {
      leaseDurationMs: v.leaseDuration,
      renewDeadlineMs: v.renewDeadline,
      retryPeriodMs: v.retryPeriod,
    },
    kubeQps: v.kubeQps,
    kubeBurst: v.kubeBurst,
    log: { format: v.logFormat, level: v.logLevel },
    allowInsecureRemote: v.allowInsecureRemote,
  };
}

/** `sim` values as commander hands them over. */
export interface SimFlags {
  port?: string;
  tls?: boolean;
  token?: string;
  userToken?: string;
  kubeconfigOut?: string;
  sample?: boolean;
}

export interface SimConfig {
  /** 0 = any free port. */
  port: number;
  tls: boolean;
  token?: string;
  userToken?: string;
  kubeconfigOut: string;
  sample: boolean;
}

// A bearer token travels in an HTTP header, so it must be visible ASCII without spaces.
const TOKEN = /^[\x21-\x7e]+$/;
const token = parsedString(matching(TOKEN, 4096), "is not a token (visible ASCII characters, no spaces)");

const SIM_FLAG_NAMES: Readonly<Record<keyof SimFlags, string>> = {
  port: "--port",
  tls: "--tls",
  token: "--token",
  userToken: "--user-token",
  kubeconfigOut: "--kubeconfig-out",
  sample: "--sample",
};

const simSchema = z
  .object({
    port: parsedString(
      (text) => (/^\d{1,5}$/.test(text) && Number(text) <= 65535 ? Number(text) : undefined),
      "is not a port number from 0 to 65535",
    ),
    tls: z.boolean(),
    token: token.optional(),
    userToken: token.optional(),
    kubeconfigOut: z.string().min(1, { error: "must not be empty" }),
    sample: z.boolean(),
  })
  .refine((v) => v.userToken === undefined || v.userToken !== v.token, {
    path: ["userToken"],
    error: "must differ from --token",
  });

/** Validates the `sim` options; throws ConfigError naming each bad flag. */
export function parseSimConfig(flags: SimFlags): SimConfig {
  const input = {
    port: flags.port ?? "0",
    tls: flags.tls ?? false,
    token: flags.token,
    userToken: flags.userToken,
    kubeconfigOut: flags.kubeconfigOut ?? DEFAULT_SIM_KUBECONFIG_FILE,
    sample: flags.sample ?? true,
  };
  const result = simSchema.safeParse(input);
  if (result.success) return result.data;
  throw new ConfigError(
    result.error.issues.map((issue) => {
      const key = issue.path[0] as keyof SimFlags;
      const raw = input[key];
      // Token values are credentials: never echo them.
      const secret = key === "token" || key === "userToken";
      const shown = typeof raw === "string" && !secret ? ` ${JSON.stringify(raw)}` : "";
      return `${SIM_FLAG_NAMES[key]}:${shown} ${issue.message}`;
    }),
  );
}
