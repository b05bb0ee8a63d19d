// Reads the remote cluster's credentials out of the Link's Secret: the Secret must exist, be of type
// svcmirror.io/remote-kubeconfig and hold a non-empty `kubeconfig` key, whose text then goes through
// the untrusted-kubeconfig gate (kubeconfig.ts). Pure: the caller hands in the Secret as its informer
// cached it. Each failure is a value with its own condition reason; no message carries Secret data.
// The fingerprint identifies what was admitted, so a Secret edit that changes nothing the connection
// uses (labels, an unused context) does not reconnect.

import { createHash } from "node:crypto";
import { Reason } from "./conditions.js";
import {
  type AdmitKubeconfigOptions,
  type AdmittedKubeconfig,
  admitKubeconfig,
  type KubeconfigSummary,
  redactKubeconfig,
} from "./kubeconfig.js";

export const CREDENTIALS_SECRET_TYPE = "svcmirror.io/remote-kubeconfig";
export const KUBECONFIG_KEY = "kubeconfig";

/** The parts of a core/v1 Secret read here. */
export interface SecretLike {
  type?: string;
  data?: Record<string, string>;
  metadata?: { name?: string; namespace?: string; resourceVersion?: string };
}

export type CredentialsReason =
  | typeof Reason.SecretNotFound
  | typeof Reason.SecretTypeInvalid
  | typeof Reason.SecretKeyMissing
  | typeof Reason.KubeconfigInvalid
  | typeof Reason.KubeconfigForbiddenField;

export type Credentials =
  | {
      readonly ok: true;
      readonly kubeconfig: AdmittedKubeconfig;
      /** Hex digest of the admitted kubeconfig: equal fingerprints connect the same way. */
      readonly fingerprint: string;
      /** Loggable: names and kinds of credential, no secrets. */
      readonly summary: KubeconfigSummary;
    }
  | { readonly ok: false; readonly reason: CredentialsReason; readonly message: string };

export interface SecretRef {
  readonly namespace: string;
  readonly name: string;
}

function fingerprint(kubeconfig: AdmittedKubeconfig): string {
  return createHash("sha256").update(JSON.stringify(kubeconfig)).digest("hex").slice(0, 16);
}

/** Judges the Secret `ref` as cached (undefined when it does not exist). Never throws. */
export function readCredentials(
  secret: SecretLike | undefined,
  ref: SecretRef,
  opts: AdmitKubeconfigOptions,
): Credentials {
  const where = `Secret ${ref.namespace}/${ref.name}`;
  if (secret === undefined) {
    return { ok: false, reason: Reason.SecretNotFound, message: `${where} does not exist` };
  }
  if (secret.type !== CREDENTIALS_SECRET_TYPE) {
    const actual = JSON.stringify(secret.type ?? "Opaque");
    return {
      ok: false,
      reason: Reason.SecretTypeInvalid,
      message: `${where} has type ${actual}; it must have type "${CREDENTIALS_SECRET_TYPE}"`,
    };
  }
  const encoded = secret.data?.[KUBECONFIG_KEY] ?? "";
  const text = Buffer.from(encoded, "base64").toString("utf8");
  if (text.trim() === "") {
    return {
      ok: false,
      reason: Reason.SecretKeyMissing,
      message: `${where} has no "${KUBECONFIG_KEY}" data key, or it is empty`,
    };
  }
  const admission = admitKubeconfig(text, opts);
  if (!admission.ok) {
    return { ok: false, reason: admission.reason, message: `${where}: ${admission.message}` };
  }
  return {
    ok: true,
    kubeconfig: admission.kubeconfig,
    fingerprint: fingerprint(admission.kubeconfig),
    summary: redactKubeconfig(admission.kubeconfig),
  };
}
