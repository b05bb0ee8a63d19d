// The scenario harness itself: which provider the environment picks, the kubeconfigs provider over
// two real API servers given as files (two sims here), its up-front refusal of a remote kubeconfig
// the Secret gate would refuse, and the k3s provider deciding quickly whether it can run.

import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Sim, startSim } from "../../src/sim/index.js";
import { resolveProvider } from "./harness/index.js";
import { containerRuntimeProblem } from "./harness/k3s-provider.js";
import { withExec } from "./harness/kubeconfig-variants.js";
import { kubeconfigsProvider } from "./harness/kubeconfigs-provider.js";
import { providerName } from "./harness/provider.js";

describe("providerName", () => {
  it.each([
    [{}, "sim"],
    [{ SVCMIRROR_E2E_PROVIDER: "sim" }, "sim"],
    [{ SVCMIRROR_E2E_PROVIDER: "kubeconfigs" }, "kubeconfigs"],
    [{ SVCMIRROR_E2E_PROVIDER: "k3s" }, "k3s"],
  ])("%j → %s", (env, name) => {
    expect(providerName(env)).toBe(name);
  });

  it("refuses an unknown provider by name", () => {
    expect(() => providerName({ SVCMIRROR_E2E_PROVIDER: "kind" })).toThrow(
      /"kind" is not one of sim, kubeconfigs, k3s/,
    );
  });
});

describe("kubeconfigs provider", () => {
  let sims: Sim[];
  let dir: string;

  beforeAll(async () => {
    sims = await Promise.all([startSim({ tls: true, token: "a" }), startSim({ tls: true, token: "b" })]);
    dir = mkdtempSync(join(tmpdir(), "svcmirror-e2e-"));
    writeFileSync(join(dir, "local.kubeconfig"), sims[0]?.kubeconfig ?? "");
    writeFileSync(join(dir, "remote.kubeconfig"), sims[1]?.kubeconfig ?? "");
    writeFileSync(join(dir, "exec.kubeconfig"), withExec(sims[1]?.kubeconfig ?? ""));
  });

  afterAll(async () => {
    await Promise.all(sims.map((sim) => sim.stop()));
  });

  it("is unavailable, saying why, without SVCMIRROR_E2E_KUBECONFIGS", async () => {
    const resolved = await resolveProvider({ SVCMIRROR_E2E_PROVIDER: "kubeconfigs" });
    expect(resolved.skipReason).toContain("SVCMIRROR_E2E_KUBECONFIGS");
    expect(resolved.label).toContain("skipped");
  });

  it("serves the two clusters named by the files", async () => {
    const env = {
      SVCMIRROR_E2E_KUBECONFIGS: `${join(dir, "local.kubeconfig")},${join(dir, "remote.kubeconfig")}`,
    };
    const pair = await kubeconfigsProvider(env).start();
    expect(pair.remoteKubeconfigForSecret).toBe(sims[1]?.kubeconfig);
    expect(pair.allowInsecureRemote).toBe(false);
    expect(pair.local.clients.server).toBe(sims[0]?.url);
    const remoteNamespaces = await pair.remote.clients.core.listNamespace();
    expect(remoteNamespaces.items.map((n) => n.metadata?.name)).toContain("default");
    await pair.cleanup();
  });

  it("refuses up front a remote kubeconfig the Secret gate would refuse", async () => {
    const env = {
      SVCMIRROR_E2E_KUBECONFIGS: `${join(dir, "local.kubeconfig")},${join(dir, "exec.kubeconfig")}`,
    };
    await expect(kubeconfigsProvider(env).start()).rejects.toThrow(
      /KubeconfigForbiddenField.*"exec".*--flatten/s,
    );
  });
});

describe("k3s provider", () => {
  it("decides within seconds whether a container runtime is there, and skips with the reason if not", async () => {
    const startedMs = Date.now();
    const resolved = await resolveProvider({ SVCMIRROR_E2E_PROVIDER: "k3s" });
    expect(Date.now() - startedMs).toBeLessThan(5_000);
    const problem = await containerRuntimeProblem();
    expect(resolved.skipReason).toBe(problem);
    if (problem !== undefined) expect(resolved.label).toBe(`provider k3s — skipped: ${problem}`);
  });
});
