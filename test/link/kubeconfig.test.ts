import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { KubeConfig } from "@kubernetes/client-node";
import { describe, expect, it } from "vitest";
import { stringify } from "yaml";
import { type AdmittedKubeconfig, admitKubeconfig, redactKubeconfig } from "../../src/link/kubeconfig.js";

// Credential material that must never appear in a message or a log summary.
const TOKEN = "sekret-token-7f3a9c41e2";
const pem = (label: string, body: string): string =>
  Buffer.from(`-----BEGIN ${label}-----\n${body}\n-----END ${label}-----\n`).toString("base64");
const CA_DATA = pem("CERTIFICATE", "Q0FCT0RZ");
const CERT_DATA = pem("CERTIFICATE", "Q0VSVEJPRFk");
const KEY_DATA = pem("RSA PRIVATE KEY", "S0VZQk9EWVNFQ1JFVA");
const SECRETS = [TOKEN, CA_DATA, CERT_DATA, KEY_DATA, "Q0VSVEJPRFk", "S0VZQk9EWVNFQ1JFVA"];

type Entry = Record<string, unknown>;

interface Parts {
  cluster?: Entry;
  user?: Entry;
  context?: Entry;
  currentContext?: string | null;
  extra?: Entry;
}

/** A one-context kubeconfig; each part overrides the defaults field by field. */
function kubeconfig(parts: Parts = {}): string {
  const doc: Entry = {
    apiVersion: "v1",
    kind: "Config",
    clusters: [
      {
        name: "east",
        cluster: {
          server: "https://east.example.com:6443",
          "certificate-authority-data": CA_DATA,
          ...parts.cluster,
        },
      },
    ],
    users: [{ name: "mirror", user: { token: TOKEN, ...parts.user } }],
    contexts: [{ name: "east-ctx", context: { cluster: "east", user: "mirror", ...parts.context } }],
    ...(parts.currentContext === null ? {} : { "current-context": parts.currentContext ?? "east-ctx" }),
    ...parts.extra,
  };
  return stringify(doc);
}

const strict = { allowInsecure: false };

function expectNoSecrets(value: unknown): void {
  const text = JSON.stringify(value);
  for (const secret of SECRETS) expect(text).not.toContain(secret);
}

describe("admitKubeconfig accepts inline credentials", () => {
  it("a token with an inline CA, dropping every field it does not know", () => {
    const result = admitKubeconfig(
      kubeconfig({
        cluster: {
          extensions: [{ name: "x", extension: {} }],
          "disable-compression": true,
          "tls-server-name": "kube.east",
        },
        context: { namespace: "default", extensions: [] },
        extra: { preferences: { colors: true } },
      }),
      strict,
    );
    expect(result).toEqual({
      ok: true,
      server: "https://east.example.com:6443",
      context: "east-ctx",
      insecure: false,
      kubeconfig: {
        clusters: [
          {
            name: "east",
            server: "https://east.example.com:6443",
            caData: CA_DATA,
            tlsServerName: "kube.east",
            skipTLSVerify: false,
          },
        ],
        users: [{ name: "mirror", token: TOKEN }],
        contexts: [{ name: "east-ctx", cluster: "east", user: "mirror" }],
        currentContext: "east-ctx",
      },
    });
  });

  it("a client certificate and key, without a CA (system roots)", () => {
    const result = admitKubeconfig(
      kubeconfig({
        cluster: { "certificate-authority-data": null },
        user: { token: null, "client-certificate-data": CERT_DATA, "client-key-data": KEY_DATA },
      }),
      strict,
    );
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.kubeconfig.users).toEqual([{ name: "mirror", certData: CERT_DATA, keyData: KEY_DATA }]);
    expect(result.kubeconfig.clusters[0]).not.toHaveProperty("caData");
  });

  it("a token written as a YAML block (trailing newline trimmed)", () => {
    const text = kubeconfig().replace(`token: ${TOKEN}`, `token: |\n        ${TOKEN}`);
    const result = admitKubeconfig(text, strict);
    expect(result.ok && result.kubeconfig.users[0]?.token).toBe(TOKEN);
  });

  it("empty file-reference fields, as some generators write them", () => {
    const result = admitKubeconfig(
      kubeconfig({
        user: { "client-certificate": "", exec: null },
        cluster: { "certificate-authority": "" },
      }),
      strict,
    );
    expect(result.ok).toBe(true);
  });

  it("and its result loads into client-node, which then sends the token and trusts only the inline CA", async () => {
    const result = admitKubeconfig(
      kubeconfig({ cluster: { server: "https://east.example.com:6443/" } }),
      strict,
    );
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    const kc = new KubeConfig();
    kc.loadFromOptions(result.kubeconfig);
    expect(kc.getCurrentCluster()?.server).toBe("https://east.example.com:6443");
    const init = (await kc.applyToFetchOptions({})) as unknown as {
      headers: Headers;
      agent?: { options?: { ca?: Buffer } };
    };
    expect(init.headers.get("Authorization")).toBe(`Bearer ${TOKEN}`);
    expect(init.agent?.options?.ca?.toString()).toContain("-----BEGIN CERTIFICATE-----");
  });
});

describe("admitKubeconfig chooses the context", () => {
  const two = (current: string | null): string =>
    stringify({
      clusters: [
        { name: "a", cluster: { server: "https://a.example.com" } },
        { name: "b", cluster: { server: "https://b.example.com" } },
      ],
      users: [
        { name: "human", user: { exec: { command: "aws", args: ["eks", "get-token"] } } },
        { name: "robot", user: { token: TOKEN } },
      ],
      contexts: [
        { name: "ctx-a", context: { cluster: "a", user: "human" } },
        { name: "ctx-b", context: { cluster: "b", user: "robot" } },
      ],
      ...(current === null ? {} : { "current-context": current }),
    });

  it("uses current-context and reads nothing else: an exec user elsewhere never reaches client-node", () => {
    const result = admitKubeconfig(two("ctx-b"), strict);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.context).toBe("ctx-b");
    expect(result.server).toBe("https://b.example.com");
    expect(result.kubeconfig.users.map((u) => u.name)).toEqual(["robot"]);
    expect(result.kubeconfig.clusters.map((c) => c.name)).toEqual(["b"]);
  });

  it("refuses the exec user when it is the chosen one", () => {
    expect(admitKubeconfig(two("ctx-a"), strict)).toMatchObject({
      ok: false,
      reason: "KubeconfigForbiddenField",
    });
  });

  it("uses the only context when current-context is not set", () => {
    const result = admitKubeconfig(kubeconfig({ currentContext: null }), strict);
    expect(result.ok && result.context).toBe("east-ctx");
  });

  it.each([
    {
      name: "several contexts, none current",
      text: two(null),
      message: "kubeconfig has 2 contexts and no current-context",
    },
    {
      name: "current-context names no context",
      text: two("ctx-c"),
      message: 'kubeconfig: current-context "ctx-c" names no context',
    },
    {
      name: "no contexts",
      text: stringify({ clusters: [], users: [], contexts: [] }),
      message: "kubeconfig has no contexts",
    },
    {
      name: "context names a missing cluster",
      text: kubeconfig({ context: { cluster: "west" } }),
      message: 'context "east-ctx" names cluster "west", which is not defined',
    },
    {
      name: "context names a missing user",
      text: kubeconfig({ context: { user: "nobody" } }),
      message: 'context "east-ctx" names user "nobody", which is not defined',
    },
    {
      name: "context names no user",
      text: kubeconfig({ context: { user: null } }),
      message: 'context "east-ctx" names no user; svcmirror needs credentials for the remote cluster',
    },
  ])("refuses: $name", ({ text, message }) => {
    expect(admitKubeconfig(text, strict)).toEqual({ ok: false, reason: "KubeconfigInvalid", message });
  });
});

interface RefusalCase {
  readonly name: string;
  readonly text: string;
  readonly reason: "KubeconfigInvalid" | "KubeconfigForbiddenField";
  readonly message: RegExp;
  readonly opts?: { allowInsecure: boolean };
}

const refusals: RefusalCase[] = [
  {
    name: "exec user",
    text: kubeconfig({
      user: {
        exec: { apiVersion: "client.authentication.k8s.io/v1", command: "/bin/sh", args: ["-c", "id"] },
      },
    }),
    reason: "KubeconfigForbiddenField",
    message: /^user "mirror": field "exec" is not allowed: it would run a command inside the svcmirror pod/,
  },
  {
    name: "auth-provider user",
    text: kubeconfig({
      user: { "auth-provider": { name: "gcp", config: { "cmd-path": "/usr/bin/gcloud" } } },
    }),
    reason: "KubeconfigForbiddenField",
    message: /^user "mirror": field "auth-provider" is not allowed/,
  },
  {
    name: "token-file (client-node's spelling)",
    text: kubeconfig({
      user: { token: null, "token-file": "/var/run/secrets/kubernetes.io/serviceaccount/token" },
    }),
    reason: "KubeconfigForbiddenField",
    message:
      /^user "mirror": field "token-file" is not allowed: it would read a file inside the svcmirror pod/,
  },
  {
    name: "tokenFile (client-go's spelling)",
    text: kubeconfig({ user: { tokenFile: "/etc/passwd" } }),
    reason: "KubeconfigForbiddenField",
    message: /field "tokenFile" is not allowed/,
  },
  {
    name: "client-certificate path",
    text: kubeconfig({ user: { "client-certificate": "/etc/ssl/cert.pem", "client-key-data": KEY_DATA } }),
    reason: "KubeconfigForbiddenField",
    message: /field "client-certificate" is not allowed/,
  },
  {
    name: "client-key path",
    text: kubeconfig({ user: { "client-key": "/etc/ssl/key.pem" } }),
    reason: "KubeconfigForbiddenField",
    message: /field "client-key" is not allowed/,
  },
  {
    name: "certificate-authority path",
    text: kubeconfig({
      cluster: { "certificate-authority": "/var/run/secrets/kubernetes.io/serviceaccount/ca.crt" },
    }),
    reason: "KubeconfigForbiddenField",
    message: /^cluster "east": field "certificate-authority" is not allowed: it would read a file/,
  },
  {
    name: "proxy-url",
    text: kubeconfig({ cluster: { "proxy-url": "socks5://10.0.0.1:1080" } }),
    reason: "KubeconfigForbiddenField",
    message: /field "proxy-url" is not allowed: proxies are not supported/,
  },
  {
    name: "basic auth",
    text: kubeconfig({ user: { username: "admin", password: "hunter2" } }),
    reason: "KubeconfigForbiddenField",
    message: /field "username" is not allowed: basic authentication is not supported/,
  },
  {
    name: "impersonation",
    text: kubeconfig({ user: { as: "system:admin" } }),
    reason: "KubeconfigForbiddenField",
    message: /field "as" is not allowed: impersonation is not supported/,
  },
  {
    name: "insecure-skip-tls-verify without the flag",
    text: kubeconfig({ cluster: { "insecure-skip-tls-verify": true, "certificate-authority-data": null } }),
    reason: "KubeconfigForbiddenField",
    message:
      /^cluster "east": "insecure-skip-tls-verify: true" is not allowed unless svcmirror runs with --allow-insecure-remote/,
  },
  {
    name: "plain-http server without the flag",
    text: kubeconfig({ cluster: { server: "http://east.example.com:8080" } }),
    reason: "KubeconfigForbiddenField",
    message: /plain-http "server" is not allowed unless svcmirror runs with --allow-insecure-remote/,
  },
  {
    name: "insecure-skip-tls-verify as a string",
    text: kubeconfig({ cluster: { "insecure-skip-tls-verify": "true" } }),
    reason: "KubeconfigInvalid",
    message: /"insecure-skip-tls-verify" must be true or false/,
    opts: { allowInsecure: true },
  },
  {
    name: "garbage YAML",
    text: "clusters: [\n  - name: x\n token: : : {",
    reason: "KubeconfigInvalid",
    message: /^kubeconfig is not valid YAML \([A-Z_]+ at line \d+, column \d+\)$/,
  },
  {
    name: "YAML that is not a mapping",
    text: "- a\n- b\n",
    reason: "KubeconfigInvalid",
    message: /^kubeconfig must be a mapping$/,
  },
  { name: "empty text", text: "", reason: "KubeconfigInvalid", message: /^kubeconfig must be a mapping$/ },
  {
    name: "two YAML documents",
    text: `${kubeconfig()}---\n${kubeconfig()}`,
    reason: "KubeconfigInvalid",
    message: /MULTIPLE_DOCS/,
  },
  {
    name: "duplicate keys",
    text: `${kubeconfig()}current-context: other\n`,
    reason: "KubeconfigInvalid",
    message: /DUPLICATE_KEY/,
  },
  {
    name: "alias bomb",
    text: `a: &a [x, x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]\nc: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]\nd: [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c]\n`,
    reason: "KubeconfigInvalid",
    message: /too many aliases/,
  },
  {
    name: "clusters not a list",
    text: kubeconfig({ extra: { clusters: { east: {} } } }),
    reason: "KubeconfigInvalid",
    message: /"clusters" must be a list/,
  },
  {
    name: "duplicate user names",
    text: kubeconfig({
      extra: {
        users: [
          { name: "mirror", user: { token: TOKEN } },
          { name: "mirror", user: { token: "x" } },
        ],
      },
    }),
    reason: "KubeconfigInvalid",
    message: /users has two entries named "mirror"/,
  },
  {
    name: "server missing",
    text: kubeconfig({ cluster: { server: null } }),
    reason: "KubeconfigInvalid",
    message: /"server" must be an https:\/\/ URL/,
  },
  {
    name: "server not a URL",
    text: kubeconfig({ cluster: { server: "east:6443" } }),
    reason: "KubeconfigInvalid",
    message: /"server" must be an https:\/\/ URL/,
  },
  {
    name: "server with credentials in the URL",
    text: kubeconfig({ cluster: { server: `https://mirror:${TOKEN}@east.example.com` } }),
    reason: "KubeconfigInvalid",
    message: /"server" must not carry credentials in the URL/,
  },
  {
    name: "user without credentials",
    text: kubeconfig({ user: { token: null } }),
    reason: "KubeconfigInvalid",
    message: /^user "mirror" has no inline credentials/,
  },
  {
    name: "token that is not a string",
    text: kubeconfig({ user: { token: 12345 } }),
    reason: "KubeconfigInvalid",
    message: /^user "mirror": "token" must be a string$/,
  },
  {
    name: "token with a space inside",
    text: kubeconfig({ user: { token: `${TOKEN} ${TOKEN}` } }),
    reason: "KubeconfigInvalid",
    message: /"token" has characters that cannot be sent in an HTTP header/,
  },
  {
    name: "certificate without key",
    text: kubeconfig({ user: { token: null, "client-certificate-data": CERT_DATA } }),
    reason: "KubeconfigInvalid",
    message: /"client-certificate-data" and "client-key-data" must be given together/,
  },
  {
    name: "key data that is not PEM",
    text: kubeconfig({ user: { "client-certificate-data": CERT_DATA, "client-key-data": CERT_DATA } }),
    reason: "KubeconfigInvalid",
    message: /"client-key-data" is not base64-encoded PEM data \(PRIVATE KEY\)/,
  },
  {
    name: "CA data that is not base64",
    text: kubeconfig({ cluster: { "certificate-authority-data": "-----BEGIN CERTIFICATE-----" } }),
    reason: "KubeconfigInvalid",
    message: /"certificate-authority-data" is not base64-encoded PEM data/,
  },
];

describe("admitKubeconfig refuses", () => {
  it.each(refusals)("$name", ({ text, reason, message, opts }) => {
    const result = admitKubeconfig(text, opts ?? strict);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.reason).toBe(reason);
    expect(result.message).toMatch(message);
  });

  it("with messages that never contain a token, key or certificate", () => {
    for (const { text, opts } of refusals) expectNoSecrets(admitKubeconfig(text, opts ?? strict));
  });

  it("a token-file without reading it", () => {
    const dir = mkdtempSync(join(tmpdir(), "svcmirror-kubeconfig-"));
    const path = join(dir, "token");
    writeFileSync(path, "canary-file-content");
    const result = admitKubeconfig(kubeconfig({ user: { token: null, "token-file": path } }), strict);
    expect(result).toMatchObject({ ok: false, reason: "KubeconfigForbiddenField" });
    expect(JSON.stringify(result)).not.toContain("canary-file-content");
  });

  it("a garbage line holding a token without quoting it", () => {
    const result = admitKubeconfig(`users:\n- name: x\n  user:\n    token: ${TOKEN}: [\n`, strict);
    expect(result.ok).toBe(false);
    expectNoSecrets(result);
  });
});

describe("admitKubeconfig with allowInsecure", () => {
  const allow = { allowInsecure: true };

  it("accepts insecure-skip-tls-verify and reports it", () => {
    const result = admitKubeconfig(
      kubeconfig({ cluster: { "insecure-skip-tls-verify": true, "certificate-authority-data": null } }),
      allow,
    );
    expect(result).toMatchObject({ ok: true, insecure: true });
    expect(result.ok && result.kubeconfig.clusters[0]?.skipTLSVerify).toBe(true);
  });

  it("accepts a plain-http server and marks it insecure, as client-node requires for http", () => {
    const result = admitKubeconfig(kubeconfig({ cluster: { server: "http://127.0.0.1:8080" } }), allow);
    expect(result).toMatchObject({ ok: true, insecure: true, server: "http://127.0.0.1:8080" });
  });

  it("still refuses exec and file references", () => {
    expect(admitKubeconfig(kubeconfig({ user: { exec: { command: "id" } } }), allow)).toMatchObject({
      ok: false,
      reason: "KubeconfigForbiddenField",
    });
    expect(
      admitKubeconfig(kubeconfig({ cluster: { "certificate-authority": "/ca.crt" } }), allow),
    ).toMatchObject({ ok: false, reason: "KubeconfigForbiddenField" });
  });

  it("leaves secure kubeconfigs secure", () => {
    expect(admitKubeconfig(kubeconfig(), allow)).toMatchObject({ ok: true, insecure: false });
  });
});

describe("redactKubeconfig", () => {
  function admitted(parts: Parts, allowInsecure = false): AdmittedKubeconfig {
    const result = admitKubeconfig(kubeconfig(parts), { allowInsecure });
    if (!result.ok) throw new Error(result.message);
    return result.kubeconfig;
  }

  it("summarizes names and kinds of credential without any secret", () => {
    const summary = redactKubeconfig(admitted({ cluster: { "tls-server-name": "kube.east" } }));
    expect(summary).toEqual({
      context: "east-ctx",
      cluster: "east",
      server: "https://east.example.com:6443",
      user: "mirror",
      credentials: "token",
      certificateAuthority: "inline",
      tlsServerName: "kube.east",
      insecure: false,
    });
    expectNoSecrets(summary);
  });

  it("names client certificates, both kinds together, system CAs and insecure clusters", () => {
    const cert = redactKubeconfig(
      admitted({
        cluster: { "certificate-authority-data": null },
        user: { token: null, "client-certificate-data": CERT_DATA, "client-key-data": KEY_DATA },
      }),
    );
    expect(cert).toMatchObject({ credentials: "client-certificate", certificateAuthority: "system" });
    expectNoSecrets(cert);
    const both = redactKubeconfig(
      admitted({ user: { "client-certificate-data": CERT_DATA, "client-key-data": KEY_DATA } }),
    );
    expect(both.credentials).toBe("token+client-certificate");
    const insecure = redactKubeconfig(admitted({ cluster: { "insecure-skip-tls-verify": true } }, true));
    expect(insecure.insecure).toBe(true);
  });
});
