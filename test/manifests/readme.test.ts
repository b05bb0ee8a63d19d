// The README's "Running against real clusters" section, executed: the kubectl blocks that create
// the Link and build the credentials Secret from the remote ServiceAccount's token run with bash and
// kubectl against two embedded API servers (TLS, bearer tokens), after which `svcmirror run`,
// configured from the Deployment, must connect to the remote cluster. The section must also name
// every manifest file and say that mirroring is not there yet. Skipped where kubectl or bash is missing.

import { execFileSync, spawn } from "node:child_process";
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parse, stringify } from "yaml";
import { KUBECONFIG_KEY, readCredentials } from "../../src/link/credentials.js";
import type { ClusterPair } from "../scenarios/harness/index.js";
import { applyLinkCrd, awaitCondition, CONNECTED, ensureNamespace } from "../scenarios/harness/kube.js";
import { SIM_TOKEN, simProvider } from "../scenarios/harness/sim-provider.js";
import { startTestDaemon } from "../support/daemon.js";
import { loadDeployment, runConfigInPod } from "./support/deployment.js";
import { DAEMON_NAMESPACE, manifestFiles } from "./support/manifests.js";

const ROOT = new URL("../../", import.meta.url);
const README = readFileSync(new URL("README.md", ROOT), "utf8");
const SECTION_TITLE = "## Running against real clusters";

function section(): string {
  const start = README.indexOf(`${SECTION_TITLE}\n`);
  if (start < 0) return "";
  const next = README.indexOf("\n## ", start + SECTION_TITLE.length);
  return README.slice(start, next < 0 ? undefined : next);
}

function shellBlock(containing: string): string {
  const blocks = [...section().matchAll(/```sh\n([\s\S]*?)```/g)].map((m) => m[1] ?? "");
  const found = blocks.filter((block) => block.includes(containing));
  if (found.length !== 1)
    throw new Error(`expected one sh block with "${containing}", found ${found.length}`);
  return found[0] ?? "";
}

function available(command: string, args: string[]): boolean {
  try {
    execFileSync(command, args, { stdio: "ignore" });
    return true;
  } catch {
    return false;
  }
}

interface KubeconfigDoc {
  clusters: { name: string; cluster: Record<string, unknown> }[];
  users: { name: string; user: Record<string, unknown> }[];
  contexts: { name: string; context: { cluster: string; user: string } }[];
}

/** One kubeconfig with a context per sim, named as the README's $LOCAL and $REMOTE. */
function mergedKubeconfig(named: Record<string, string>): string {
  const merged: KubeconfigDoc = { clusters: [], users: [], contexts: [] };
  for (const [name, text] of Object.entries(named)) {
    const doc = parse(text) as KubeconfigDoc;
    merged.clusters.push({ name, cluster: doc.clusters[0]?.cluster ?? {} });
    merged.users.push({ name, user: doc.users[0]?.user ?? {} });
    merged.contexts.push({ name, context: { cluster: name, user: name } });
  }
  return stringify({ apiVersion: "v1", kind: "Config", ...merged, "current-context": "local" });
}

describe("README: Running against real clusters", () => {
  it("names every manifest file and says what does not work yet", () => {
    const text = section();
    expect(text).not.toBe("");
    for (const file of manifestFiles()) expect(text, file).toContain(`| \`${file}\` |`);
    expect(text).toContain("does not mirror yet");
  });
});

describe.skipIf(!available("kubectl", ["version", "--client"]) || !available("bash", ["--version"]))(
  "README: steps 4 and 5 run against two API servers",
  () => {
    let pair: ClusterPair;
    let workDir: string;
    let env: NodeJS.ProcessEnv;

    beforeAll(async () => {
      pair = await simProvider.start();
      const { local, remote } = pair.sims ?? {};
      if (local === undefined || remote === undefined) throw new Error("the sim provider gave no sims");
      workDir = mkdtempSync(join(tmpdir(), "svcmirror-readme-"));
      const kubeconfigPath = join(workDir, "contexts.kubeconfig");
      writeFileSync(kubeconfigPath, mergedKubeconfig({ local: local.kubeconfig, remote: remote.kubeconfig }));
      mkdirSync(join(workDir, "home"));
      mkdirSync(join(workDir, "shell"));
      env = {
        PATH: process.env.PATH,
        HOME: join(workDir, "home"),
        KUBECONFIG: kubeconfigPath,
        LOCAL: "local",
        REMOTE: "remote",
      };

      // Step 2 on the local cluster, as far as an API server without RBAC or Deployments goes.
      await applyLinkCrd(pair.local);
      await ensureNamespace(pair.local, DAEMON_NAMESPACE);
      // Step 3 on the remote cluster: the token Secret as Kubernetes' token controller fills it.
      await ensureNamespace(pair.remote, "svcmirror-remote");
      await pair.remote.clients.core.createNamespacedSecret({
        namespace: "svcmirror-remote",
        body: {
          metadata: {
            name: "svcmirror-remote-token",
            annotations: { "kubernetes.io/service-account.name": "svcmirror-remote" },
          },
          type: "kubernetes.io/service-account-token",
          data: {
            token: Buffer.from(SIM_TOKEN).toString("base64"),
            "ca.crt": Buffer.from(remote.caPem ?? "").toString("base64"),
            namespace: Buffer.from("svcmirror-remote").toString("base64"),
          },
        },
      });
    });

    afterAll(async () => {
      rmSync(workDir, { recursive: true, force: true });
      await pair?.cleanup();
    });

    /**
     * Runs a README block with bash. Asynchronously, because the API servers answering kubectl live in
     * this process; with stdin closed, because bash sources bashrc when stdin is a socket.
     */
    function run(block: string, cwd: string): Promise<string> {
      return new Promise((resolve, reject) => {
        const child = spawn("bash", ["-euo", "pipefail", "-c", block], {
          cwd,
          env,
          stdio: ["ignore", "pipe", "pipe"],
        });
        let output = "";
        child.stdout.on("data", (chunk: Buffer) => {
          output += chunk.toString("utf8");
        });
        child.stderr.on("data", (chunk: Buffer) => {
          output += chunk.toString("utf8");
        });
        child.on("error", reject);
        child.on("close", (code) => {
          if (code === 0) resolve(output);
          else reject(new Error(`bash exited ${code}:\n${block}\n${output}`));
        });
      });
    }

    it("creates the Link, fills its Secret from the token, and the daemon connects", async () => {
      const linkOutput = await run(shellBlock("apply -f manifests/example-link.yaml"), fileURLToPath(ROOT));
      expect(linkOutput).toMatch(/example/);
      await run(shellBlock("create secret generic"), join(workDir, "shell"));
      // The block removes the kubeconfig and CA files it wrote.
      expect(readdirSync(join(workDir, "shell"))).toEqual([]);

      const secret = await pair.local.clients.core.readNamespacedSecret({
        namespace: DAEMON_NAMESPACE,
        name: "example-credentials",
      });
      const credentials = readCredentials(
        { type: secret.type ?? "", data: secret.data ?? {} },
        { namespace: DAEMON_NAMESPACE, name: "example-credentials" },
        { allowInsecure: false },
      );
      expect(credentials).toMatchObject({
        ok: true,
        summary: { server: pair.sims?.remote.url, credentials: "token", certificateAuthority: "inline" },
      });
      expect(secret.data?.[KUBECONFIG_KEY]).toBeDefined();

      const { container } = loadDeployment();
      const config = runConfigInPod(container, {
        name: "svcmirror-example-6c4f-r2d2x",
        namespace: DAEMON_NAMESPACE,
      });
      const { stop, exit } = startTestDaemon(
        {
          ...config,
          adminAddr: { host: "127.0.0.1", port: 0 },
          election: { leaseDurationMs: 3000, renewDeadlineMs: 2000, retryPeriodMs: 250 },
        },
        { version: "0.0.0-test", loadKubeConfig: () => pair.local.kubeConfig },
      );
      try {
        await awaitCondition(pair.local, DAEMON_NAMESPACE, "example", CONNECTED);
      } finally {
        stop.abort();
      }
      expect(await exit).toBe(0);
    });
  },
);
