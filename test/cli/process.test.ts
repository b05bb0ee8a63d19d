// The svcmirror process as users run it: spawned through tsx, driven by signals, checked by exit code.

import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { CoreV1Api, DiscoveryV1Api, KubeConfig, VersionApi } from "@kubernetes/client-node";
import { afterEach, describe, expect, it } from "vitest";
import { withDeadline } from "../support/logs.js";

const REPO = fileURLToPath(new URL("../..", import.meta.url));
const START_DEADLINE_MS = 20_000;

interface Spawned {
  child: ChildProcess;
  stdout: () => string;
  stderr: () => string;
  /** Resolves with the first match of `pattern` in the stream's output so far or to come. */
  waitFor: (stream: "stdout" | "stderr", pattern: RegExp) => Promise<RegExpMatchArray>;
  exit: Promise<number | null>;
}

const running: ChildProcess[] = [];

afterEach(() => {
  for (const child of running.splice(0)) {
    if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
  }
});

function svcmirror(args: string[], env: Record<string, string> = {}): Spawned {
  const child = spawn(process.execPath, ["--import", "tsx", "src/cli.ts", ...args], {
    cwd: REPO,
    env: { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  running.push(child);
  const output = { stdout: "", stderr: "" };
  const watchers: Array<() => void> = [];
  for (const stream of ["stdout", "stderr"] as const) {
    child[stream]?.on("data", (chunk: Buffer) => {
      output[stream] += chunk.toString("utf8");
      for (const watcher of [...watchers]) watcher();
    });
  }
  const exit = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
  const waitFor = (stream: "stdout" | "stderr", pattern: RegExp) =>
    withDeadline(
      new Promise<RegExpMatchArray>((resolve, reject) => {
        const check = (): void => {
          const match = output[stream].match(pattern);
          if (match !== null) {
            watchers.splice(watchers.indexOf(check), 1);
            resolve(match);
          }
        };
        watchers.push(check);
        check();
        void exit.then(() => reject(new Error(`exited before ${pattern} on ${stream}:\n${output.stderr}`)));
      }),
      START_DEADLINE_MS,
      `${pattern} on ${stream}`,
    );
  return { child, stdout: () => output.stdout, stderr: () => output.stderr, waitFor, exit };
}

function tempFile(name: string): string {
  return join(mkdtempSync(join(tmpdir(), "svcmirror-cli-")), name);
}

describe("svcmirror (process)", () => {
  it("prints the package version", async () => {
    const { version } = JSON.parse(readFileSync(join(REPO, "package.json"), "utf8")) as { version: string };
    const proc = svcmirror(["--version"]);
    expect(await withDeadline(proc.exit, START_DEADLINE_MS, "exit")).toBe(0);
    expect(proc.stdout()).toBe(`${version}\n`);
  });
});

describe("svcmirror run (process)", () => {
  it("exits 2 with one line naming the flag for a bad value", async () => {
    const proc = svcmirror(["run", "--link", "east", "--lease-duration", "abc"]);
    expect(await withDeadline(proc.exit, START_DEADLINE_MS, "exit")).toBe(2);
    expect(proc.stderr()).toBe(
      'error: --lease-duration: "abc" is not a duration like 15s, 500ms or 1m30s (at most 596h)\n',
    );
  });

  it("exits 2 naming the environment variable a bad value came from", async () => {
    const proc = svcmirror(["run", "--link", "east"], { SVCMIRROR_ADMIN_ADDR: "everywhere" });
    expect(await withDeadline(proc.exit, START_DEADLINE_MS, "exit")).toBe(2);
    expect(proc.stderr()).toContain('--admin-addr: "everywhere"');
    expect(proc.stderr()).toContain("(from SVCMIRROR_ADMIN_ADDR)");
    expect(proc.stderr()).not.toMatch(/\n\s+at /);
  });

  it("serves the admin endpoints until SIGTERM, then exits 0", async () => {
    const kubeconfig = tempFile("local.kubeconfig");
    writeFileSync(
      kubeconfig,
      "apiVersion: v1\nkind: Config\nclusters: [{name: c, cluster: {server: 'https://127.0.0.1:6443'}}]\n" +
        "users: [{name: u, user: {}}]\ncontexts: [{name: x, context: {cluster: c, user: u}}]\ncurrent-context: x\n",
    );
    const proc = svcmirror(["run", "--admin-addr", "127.0.0.1:0"], {
      SVCMIRROR_LINK: "east",
      SVCMIRROR_KUBECONFIG: kubeconfig,
    });
    const [line] = await proc.waitFor("stdout", /.*"msg":"admin server listening".*/);
    const port = (JSON.parse(line) as { port: number }).port;
    await proc.waitFor("stdout", /"msg":"svcmirror started"/);
    expect((await fetch(`http://127.0.0.1:${port}/ready`)).status).toBe(200);

    proc.child.kill("SIGTERM");
    expect(await withDeadline(proc.exit, START_DEADLINE_MS, "exit")).toBe(0);
    expect(proc.stdout()).toContain('"msg":"svcmirror stopped"');
  });

  it("writes plain log lines with --log-format plain", async () => {
    const kubeconfig = tempFile("local.kubeconfig");
    writeFileSync(
      kubeconfig,
      "apiVersion: v1\nkind: Config\nclusters: [{name: c, cluster: {server: 'https://127.0.0.1:6443'}}]\n" +
        "users: [{name: u, user: {}}]\ncontexts: [{name: x, context: {cluster: c, user: u}}]\ncurrent-context: x\n",
    );
    const proc = svcmirror([
      "run",
      "--link",
      "east",
      "--kubeconfig",
      kubeconfig,
      "--admin-addr",
      "127.0.0.1:0",
      "--log-format",
      "plain",
    ]);
    await proc.waitFor("stdout", /INFO.*svcmirror started/);
    proc.child.kill("SIGINT");
    expect(await withDeadline(proc.exit, START_DEADLINE_MS, "exit")).toBe(0);
    expect(proc.stdout()).toMatch(/INFO.*svcmirror stopped/);
    expect(proc.stdout()).not.toContain('"msg"');
  });
});

describe("svcmirror sim (process)", () => {
  it("serves a seeded cluster to client-node with the kubeconfig it writes, then stops on SIGTERM", async () => {
    const kubeconfigFile = tempFile("sim.kubeconfig");
    const proc = svcmirror(["sim", "--port", "0", "--kubeconfig-out", kubeconfigFile]);
    await proc.waitFor("stderr", /sim ready/);
    expect(statSync(kubeconfigFile).mode & 0o777).toBe(0o600);
    expect(proc.stdout()).toContain(`kubectl --kubeconfig ${kubeconfigFile} get svc -A`);

    const kubeConfig = new KubeConfig();
    kubeConfig.loadFromString(readFileSync(kubeconfigFile, "utf8"));
    const version = await kubeConfig.makeApiClient(VersionApi).getCode();
    expect(version.gitVersion).toMatch(/^v1\./);

    const services = await kubeConfig.makeApiClient(CoreV1Api).listNamespacedService({ namespace: "demo" });
    const exported = services.items
      .filter((s) => s.metadata?.labels?.["svcmirror.io/exported"] === "true")
      .map((s) => s.metadata?.name)
      .sort();
    expect(exported).toEqual(["api", "web"]);
    const slices = await kubeConfig.makeApiClient(DiscoveryV1Api).listNamespacedEndpointSlice({
      namespace: "demo",
      labelSelector: "kubernetes.io/service-name=web",
    });
    expect(slices.items.flatMap((s) => s.endpoints.flatMap((e) => e.addresses))).toEqual([
      "10.244.1.11",
      "10.244.2.12",
    ]);

    proc.child.kill("SIGTERM");
    expect(await withDeadline(proc.exit, START_DEADLINE_MS, "exit")).toBe(0);
    await expect(kubeConfig.makeApiClient(VersionApi).getCode()).rejects.toThrow();
  });

  it("starts empty with --no-sample, over TLS with a token when asked", async () => {
    const kubeconfigFile = tempFile("sim.kubeconfig");
    const proc = svcmirror([
      "sim",
      "--no-sample",
      "--tls",
      "--token",
      "t0ken",
      "--kubeconfig-out",
      kubeconfigFile,
    ]);
    await proc.waitFor("stderr", /sim ready/);
    const kubeConfig = new KubeConfig();
    kubeConfig.loadFromString(readFileSync(kubeconfigFile, "utf8"));
    expect(kubeConfig.getCurrentCluster()?.server).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
    const namespaces = await kubeConfig.makeApiClient(CoreV1Api).listNamespace();
    expect(namespaces.items.map((n) => n.metadata?.name)).not.toContain("demo");
    expect(proc.stdout()).not.toContain("-n demo");

    proc.child.kill("SIGINT");
    expect(await withDeadline(proc.exit, START_DEADLINE_MS, "exit")).toBe(0);
  });
});
