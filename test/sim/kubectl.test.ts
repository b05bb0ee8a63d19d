// kubectl against the sim over HTTPS with a bearer token: get, apply (create, configure, unchanged),
// get -w, delete, and namespace deletion through the namespace controller. Skipped where kubectl is
// not on the PATH.

import { type ChildProcess, execFile, execFileSync, spawn } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Sim, startSim } from "../../src/sim/index.js";

const run = promisify(execFile);

function kubectlAvailable(): boolean {
  try {
    execFileSync("kubectl", ["version", "--client"], { stdio: "ignore" });
    return true;
  } catch {
    return false;
  }
}

const hasKubectl = kubectlAvailable();
if (!hasKubectl) console.warn("kubectl is not on the PATH: the kubectl tests against the sim are skipped");

const manifest = (targetPort: number): string => `apiVersion: v1
kind: Namespace
metadata:
  name: kt-demo
---
apiVersion: v1
kind: Service
metadata:
  name: web
  namespace: kt-demo
  labels:
    app: web
spec:
  ports:
  - name: http
    port: 80
    targetPort: ${targetPort}
`;

/** Collects a process's stdout and resolves once a line matches (or rejects at the deadline). */
function waitForLine(
  child: ChildProcess,
  lines: string[],
  match: RegExp,
  timeoutMs: number,
): Promise<string> {
  return new Promise((resolve, reject) => {
    const check = (): boolean => {
      const found = lines.find((l) => match.test(l));
      if (found === undefined) return false;
      clearTimeout(timer);
      child.stdout?.off("data", onData);
      resolve(found);
      return true;
    };
    const onData = (): void => {
      check();
    };
    const timer = setTimeout(
      () => reject(new Error(`no line matching ${match} in ${JSON.stringify(lines)}`)),
      timeoutMs,
    );
    child.stdout?.on("data", onData);
    check();
  });
}

describe.skipIf(!hasKubectl)("kubectl against the sim", () => {
  let sim: Sim;
  let dir: string;
  let env: NodeJS.ProcessEnv;

  const kubectl = async (...args: string[]): Promise<string> => {
    const { stdout } = await run("kubectl", args, { env, timeout: 20_000 });
    return stdout;
  };

  beforeAll(async () => {
    sim = await startSim({ tls: true, token: "kubectl-test-token" });
    dir = mkdtempSync(join(tmpdir(), "sim-kubectl-"));
    writeFileSync(join(dir, "kubeconfig"), sim.kubeconfig);
    env = { ...process.env, KUBECONFIG: join(dir, "kubeconfig"), HOME: dir };
  });

  afterAll(async () => {
    await sim?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it("gets the built-in namespaces and the kubernetes Service as tables", async () => {
    const namespaces = await kubectl("get", "namespaces");
    expect(namespaces).toMatch(/^NAME\s+STATUS\s+AGE/);
    for (const name of ["default", "kube-system", "kube-public", "kube-node-lease"]) {
      expect(namespaces).toMatch(new RegExp(`^${name}\\s+Active\\s`, "m"));
    }
    expect(await kubectl("get", "services", "-n", "default")).toMatch(
      /^kubernetes\s+ClusterIP\s+10\.96\.0\.1\s+<none>\s+443\/TCP/m,
    );
  });

  it("applies a manifest: created, then configured, then unchanged", async () => {
    const file = join(dir, "web.yaml");
    writeFileSync(file, manifest(8080));
    expect(await kubectl("apply", "-f", file)).toBe("namespace/kt-demo created\nservice/web created\n");
    writeFileSync(file, manifest(9090));
    expect(await kubectl("apply", "-f", file)).toBe("namespace/kt-demo unchanged\nservice/web configured\n");
    expect(await kubectl("apply", "-f", file)).toBe("namespace/kt-demo unchanged\nservice/web unchanged\n");
    const svc = JSON.parse(await kubectl("get", "service", "web", "-n", "kt-demo", "-o", "json"));
    expect(svc.spec.ports).toEqual([{ name: "http", port: 80, protocol: "TCP", targetPort: 9090 }]);
  });

  it("watches a Service change with get -w", async () => {
    const child = spawn(
      "kubectl",
      ["get", "service", "web", "-n", "kt-demo", "-w", "-o", 'jsonpath={.metadata.labels.step}{"\\n"}'],
      { env },
    );
    const lines: string[] = [];
    child.stdout.setEncoding("utf8");
    child.stdout.on("data", (chunk: string) => lines.push(...chunk.split("\n")));
    try {
      await waitForLine(child, lines, /^$/, 10_000);
      await kubectl("label", "service", "web", "-n", "kt-demo", "step=2");
      expect(await waitForLine(child, lines, /^2$/, 10_000)).toBe("2");
    } finally {
      child.kill();
    }
  });

  it("deletes the Service, then the namespace", async () => {
    expect(await kubectl("delete", "service", "web", "-n", "kt-demo")).toBe('service "web" deleted\n');
    await expect(kubectl("get", "service", "web", "-n", "kt-demo")).rejects.toThrow(/NotFound/);
    expect(await kubectl("delete", "namespace", "kt-demo")).toBe('namespace "kt-demo" deleted\n');
    await expect(kubectl("get", "namespace", "kt-demo")).rejects.toThrow(/NotFound/);
  });
});
