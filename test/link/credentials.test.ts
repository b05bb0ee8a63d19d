// readCredentials over Secrets as an informer caches them: each failure gets its own reason and a
// message that names the Secret but never its content; equal admitted kubeconfigs share a fingerprint.

import { describe, expect, it } from "vitest";
import { Reason } from "../../src/link/conditions.js";
import { CREDENTIALS_SECRET_TYPE, readCredentials, type SecretLike } from "../../src/link/credentials.js";

const TOKEN = "abcdef.0123456789abcdef";
const ref = { namespace: "svcmirror-system", name: "east-creds" };

function kubeconfig(opts: { token?: string; user?: string; extraUser?: string } = {}): string {
  return [
    "apiVersion: v1",
    "kind: Config",
    "clusters:",
    "- name: east",
    "  cluster:",
    "    server: https://east.example.com:6443",
    "users:",
    `- name: ${opts.user ?? "mirror"}`,
    "  user:",
    `    token: ${opts.token ?? TOKEN}`,
    ...(opts.extraUser === undefined ? [] : [`    ${opts.extraUser}`]),
    "contexts:",
    "- name: east",
    "  context:",
    "    cluster: east",
    `    user: ${opts.user ?? "mirror"}`,
    "current-context: east",
  ].join("\n");
}

function secret(
  text: string | undefined,
  type: string = CREDENTIALS_SECRET_TYPE,
  key = "kubeconfig",
): SecretLike {
  return {
    type,
    metadata: { name: ref.name, namespace: ref.namespace },
    ...(text === undefined ? {} : { data: { [key]: Buffer.from(text).toString("base64") } }),
  };
}

describe("readCredentials", () => {
  it.each<[string, SecretLike | undefined, string, string]>([
    ["missing Secret", undefined, Reason.SecretNotFound, "Secret svcmirror-system/east-creds does not exist"],
    ["Opaque Secret", secret(kubeconfig(), "Opaque"), Reason.SecretTypeInvalid, 'has type "Opaque"'],
    ["Secret without a type", { metadata: {} }, Reason.SecretTypeInvalid, 'has type "Opaque"'],
    ["no data", secret(undefined), Reason.SecretKeyMissing, 'no "kubeconfig" data key'],
    [
      "another key",
      secret(kubeconfig(), CREDENTIALS_SECRET_TYPE, "config"),
      Reason.SecretKeyMissing,
      '"kubeconfig"',
    ],
    ["blank kubeconfig", secret("  \n"), Reason.SecretKeyMissing, "or it is empty"],
    ["not YAML", secret(`users: [${TOKEN}`), Reason.KubeconfigInvalid, "not valid YAML"],
    ["not a mapping", secret("- a\n- b"), Reason.KubeconfigInvalid, "must be a mapping"],
    [
      "exec",
      secret(kubeconfig({ extraUser: "exec: {command: /bin/sh}" })),
      Reason.KubeconfigForbiddenField,
      '"exec"',
    ],
    [
      "token-file",
      secret(kubeconfig({ extraUser: "token-file: /var/run/secrets/kubernetes.io/serviceaccount/token" })),
      Reason.KubeconfigForbiddenField,
      '"token-file"',
    ],
  ])("%s", (_name, input, reason, messagePart) => {
    const result = readCredentials(input, ref, { allowInsecure: false });
    expect(result).toMatchObject({ ok: false, reason });
    if (result.ok) return;
    expect(result.message).toContain(messagePart);
    expect(result.message).not.toContain(TOKEN);
  });

  it("admits inline credentials and fingerprints what was admitted", () => {
    const first = readCredentials(secret(kubeconfig()), ref, { allowInsecure: false });
    const same = readCredentials(secret(`${kubeconfig()}\npreferences: {}\n`), ref, { allowInsecure: false });
    const rotated = readCredentials(secret(kubeconfig({ token: "zyxwvu.9876543210fedcba" })), ref, {
      allowInsecure: false,
    });
    if (!first.ok || !same.ok || !rotated.ok) throw new Error("expected all three to be admitted");
    expect(first.summary).toMatchObject({
      server: "https://east.example.com:6443",
      credentials: "token",
      user: "mirror",
    });
    expect(same.fingerprint).toBe(first.fingerprint);
    expect(rotated.fingerprint).not.toBe(first.fingerprint);
    expect(JSON.stringify(first.summary)).not.toContain(TOKEN);
  });
});
