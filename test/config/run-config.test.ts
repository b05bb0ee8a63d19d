import { describe, expect, it } from "vitest";
import {
  ConfigError,
  type ConfigSources,
  parseRunConfig,
  RUN_OPTIONS,
  type RunConfig,
  type RunFlags,
  SERVICE_ACCOUNT_NAMESPACE_FILE,
} from "../../src/config.js";
import { problemsOf } from "./problems.js";

const IN_CLUSTER = { KUBERNETES_SERVICE_HOST: "10.96.0.1", KUBERNETES_SERVICE_PORT: "443" };

function sources(env: Record<string, string> = {}, files: Record<string, string> = {}): ConfigSources {
  return {
    env: { ...IN_CLUSTER, ...env },
    readFile: (path) => files[path],
    hostname: () => "laptop",
  };
}

function parse(
  flags: RunFlags,
  env: Record<string, string> = {},
  files: Record<string, string> = {},
): RunConfig {
  return parseRunConfig({ link: "east", ...flags }, sources(env, files));
}

describe("parseRunConfig defaults", () => {
  it("fills every option that is not given", () => {
    expect(parse({})).toEqual({
      link: "east",
      namespace: "svcmirror-system",
      kube: { kind: "in-cluster" },
      identity: "laptop",
      adminAddr: { port: 9999 },
      election: { leaseDurationMs: 15_000, renewDeadlineMs: 10_000, retryPeriodMs: 2000 },
      kubeQps: 20,
      kubeBurst: 30,
      log: { format: "json", level: "info" },
      allowInsecureRemote: false,
    } satisfies RunConfig);
  });

  it.each([
    ["the service account file, trimmed", { [SERVICE_ACCOUNT_NAMESPACE_FILE]: "team-a\n" }, "team-a"],
    ["svcmirror-system without the file", {}, "svcmirror-system"],
    [
      "svcmirror-system when the file is blank",
      { [SERVICE_ACCOUNT_NAMESPACE_FILE]: " \n" },
      "svcmirror-system",
    ],
  ])("namespace defaults to %s", (_, files, namespace) => {
    expect(parse({}, {}, files).namespace).toBe(namespace);
  });

  it.each([
    ["HOSTNAME (the pod name)", { HOSTNAME: "svcmirror-east-7d9f-abcde" }, "svcmirror-east-7d9f-abcde"],
    ["the host name when HOSTNAME is unset", {}, "laptop"],
    ["the host name when HOSTNAME is empty", { HOSTNAME: "" }, "laptop"],
  ])("identity defaults to %s", (_, env, identity) => {
    expect(parse({}, env).identity).toBe(identity);
  });

  it("uses the kubeconfig file when one is given, even inside a cluster", () => {
    expect(parse({ kubeconfig: "/etc/local.kubeconfig" }).kube).toEqual({
      kind: "file",
      path: "/etc/local.kubeconfig",
    });
  });

  it("refuses to start outside a cluster without --kubeconfig", () => {
    const problems = problemsOf(() =>
      parseRunConfig({ link: "east" }, { env: {}, readFile: () => undefined, hostname: () => "h" }),
    );
    expect(problems).toEqual([
      "--kubeconfig is required outside a cluster (KUBERNETES_SERVICE_HOST is unset; or set SVCMIRROR_KUBECONFIG)",
    ]);
  });
});

// One row per option: a value typed as the flag or set in its variable, and what it becomes.
const VALUES: ReadonlyArray<[keyof RunFlags, string, (c: RunConfig) => unknown, unknown]> = [
  ["link", "west.prod", (c) => c.link, "west.prod"],
  ["namespace", "mirrors", (c) => c.namespace, "mirrors"],
  ["kubeconfig", "/tmp/k.yaml", (c) => c.kube, { kind: "file", path: "/tmp/k.yaml" }],
  ["identity", "replica-1", (c) => c.identity, "replica-1"],
  ["adminAddr", "127.0.0.1:0", (c) => c.adminAddr, { host: "127.0.0.1", port: 0 }],
  ["leaseDuration", "1m30s", (c) => c.election.leaseDurationMs, 90_000],
  ["renewDeadline", "500ms", (c) => c.election.renewDeadlineMs, 500],
  ["retryPeriod", "1.5s", (c) => c.election.retryPeriodMs, 1500],
  ["kubeQps", "7.5", (c) => c.kubeQps, 7.5],
  ["kubeBurst", "100", (c) => c.kubeBurst, 100],
  ["logFormat", "plain", (c) => c.log.format, "plain"],
  ["logLevel", "debug", (c) => c.log.level, "debug"],
  ["allowInsecureRemote", "true", (c) => c.allowInsecureRemote, true],
];

describe("each run option", () => {
  it("has exactly one row in this table and a SVCMIRROR_ variable", () => {
    expect(VALUES.map(([key]) => key).sort()).toEqual(RUN_OPTIONS.map((o) => o.key).sort());
    for (const option of RUN_OPTIONS) expect(option.env).toMatch(/^SVCMIRROR_[A-Z_]+$/);
  });

  it.each(VALUES)("%s is read from its flag", (key, text, pick, expected) => {
    const flag = key === "allowInsecureRemote" ? true : text;
    expect(pick(parse({ [key]: flag }))).toEqual(expected);
  });

  it.each(VALUES)("%s is read from its environment variable", (key, text, pick, expected) => {
    const env = RUN_OPTIONS.find((o) => o.key === key)!.env;
    const flags: RunFlags = key === "link" ? {} : { link: "east" };
    expect(pick(parseRunConfig(flags, sources({ [env]: text })))).toEqual(expected);
  });

  it.each(VALUES)("%s from its flag wins over its environment variable", (key, text, pick, expected) => {
    const option = RUN_OPTIONS.find((o) => o.key === key)!;
    const flag = key === "allowInsecureRemote" ? true : text;
    const env = { [option.env]: key === "allowInsecureRemote" ? "false" : `${text}-from-env-is-ignored` };
    expect(pick(parse({ [key]: flag }, env))).toEqual(expected);
  });

  it("treats an empty environment variable as unset", () => {
    expect(
      parse({}, { SVCMIRROR_LEASE_DURATION: "", SVCMIRROR_NAMESPACE: "" }).election.leaseDurationMs,
    ).toBe(15_000);
  });

  it("takes the variable over the pod-namespace file", () => {
    const files = { [SERVICE_ACCOUNT_NAMESPACE_FILE]: "from-file" };
    expect(parse({}, { SVCMIRROR_NAMESPACE: "from-env" }, files).namespace).toBe("from-env");
  });

  it.each([
    ["1", true],
    ["0", false],
    ["false", false],
  ])("SVCMIRROR_ALLOW_INSECURE_REMOTE=%s reads as %s", (text, expected) => {
    expect(parse({}, { SVCMIRROR_ALLOW_INSECURE_REMOTE: text }).allowInsecureRemote).toBe(expected);
  });
});

describe("bad values", () => {
  it.each([
    [
      { leaseDuration: "abc" },
      {},
      '--lease-duration: "abc" is not a duration like 15s, 500ms or 1m30s (at most 596h)',
    ],
    [
      {},
      { SVCMIRROR_LEASE_DURATION: "abc" },
      '--lease-duration: "abc" is not a duration like 15s, 500ms or 1m30s (at most 596h) (from SVCMIRROR_LEASE_DURATION)',
    ],
    [
      {},
      { SVCMIRROR_RENEW_DEADLINE: "10" },
      '--renew-deadline: "10" is not a duration like 15s, 500ms or 1m30s (at most 596h) (from SVCMIRROR_RENEW_DEADLINE)',
    ],
    [
      { retryPeriod: "-2s" },
      {},
      '--retry-period: "-2s" is not a duration like 15s, 500ms or 1m30s (at most 596h)',
    ],
    [
      { link: "East" },
      {},
      `--link: "East" is not a valid Link name (lowercase letters, digits, '-' and '.', at most 63 characters)`,
    ],
    [
      { link: "a".repeat(64) },
      {},
      `--link: "${"a".repeat(64)}" is not a valid Link name (lowercase letters, digits, '-' and '.', at most 63 characters)`,
    ],
    [
      {},
      { SVCMIRROR_NAMESPACE: "my.ns" },
      `--namespace: "my.ns" is not a valid namespace name (lowercase letters, digits and '-', at most 63 characters) (from SVCMIRROR_NAMESPACE)`,
    ],
    [{ kubeconfig: "" }, {}, '--kubeconfig: "" must not be empty'],
    [{ identity: "  " }, {}, '--identity: "  " must not be empty'],
    [
      { adminAddr: "9999" },
      {},
      '--admin-addr: "9999" is not an address like :9999, 127.0.0.1:0 or [::1]:9999',
    ],
    [
      {},
      { SVCMIRROR_ADMIN_ADDR: ":70000" },
      '--admin-addr: ":70000" is not an address like :9999, 127.0.0.1:0 or [::1]:9999 (from SVCMIRROR_ADMIN_ADDR)',
    ],
    [{ kubeQps: "0" }, {}, '--kube-qps: "0" is not a positive number'],
    [
      {},
      { SVCMIRROR_KUBE_QPS: "fast" },
      '--kube-qps: "fast" is not a positive number (from SVCMIRROR_KUBE_QPS)',
    ],
    [{ kubeBurst: "2.5" }, {}, '--kube-burst: "2.5" is not a positive integer'],
    [
      {},
      { SVCMIRROR_KUBE_BURST: "0" },
      '--kube-burst: "0" is not a positive integer (from SVCMIRROR_KUBE_BURST)',
    ],
    [{ logFormat: "text" }, {}, '--log-format: "text" is not one of json, plain'],
    [
      {},
      { SVCMIRROR_LOG_LEVEL: "verbose" },
      '--log-level: "verbose" is not one of fatal, error, warn, info, debug, trace, silent (from SVCMIRROR_LOG_LEVEL)',
    ],
    [
      {},
      { SVCMIRROR_ALLOW_INSECURE_REMOTE: "yes please" },
      '--allow-insecure-remote: "yes please" is not true or false (from SVCMIRROR_ALLOW_INSECURE_REMOTE)',
    ],
  ] as Array<[RunFlags, Record<string, string>, string]>)("%j %j → %s", (flags, env, message) => {
    expect(problemsOf(() => parse(flags, env))).toEqual([message]);
  });

  it("names the pod-namespace file when its content is not a namespace", () => {
    const files = { [SERVICE_ACCOUNT_NAMESPACE_FILE]: "Not_A_Namespace" };
    expect(problemsOf(() => parse({}, {}, files))).toEqual([
      `--namespace: "Not_A_Namespace" is not a valid namespace name (lowercase letters, digits and '-', at most 63 characters) (from ${SERVICE_ACCOUNT_NAMESPACE_FILE})`,
    ]);
  });

  it("asks for --link or its variable when neither is set", () => {
    expect(problemsOf(() => parseRunConfig({}, sources()))).toEqual([
      "--link is required (or set SVCMIRROR_LINK)",
    ]);
  });

  it("reports every bad value at once, in option order, as one error message", () => {
    let error: unknown;
    try {
      parse({ logFormat: "xml", kubeBurst: "-1" }, { SVCMIRROR_RETRY_PERIOD: "2" });
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as Error).message).toBe(
      [
        '--retry-period: "2" is not a duration like 15s, 500ms or 1m30s (at most 596h) (from SVCMIRROR_RETRY_PERIOD)',
        '--kube-burst: "-1" is not a positive integer',
        '--log-format: "xml" is not one of json, plain',
      ].join("\n"),
    );
  });

  it("leaves election timing combinations to the elector (only the form is checked)", () => {
    const config = parse({ leaseDuration: "1s", renewDeadline: "5s", retryPeriod: "0" });
    expect(config.election).toEqual({ leaseDurationMs: 1000, renewDeadlineMs: 5000, retryPeriodMs: 0 });
  });
});
