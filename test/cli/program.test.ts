import { describe, expect, it } from "vitest";
import { type CliIo, runCli } from "../../src/cli/program.js";
import { RUN_OPTIONS } from "../../src/config.js";

async function cli(args: string[], env: Record<string, string> = {}) {
  let stdout = "";
  let stderr = "";
  const io: CliIo = {
    version: "1.2.3-test",
    env,
    readFile: () => undefined,
    hostname: () => "test-host",
    stdout: { write: (text: string) => (stdout += text) },
    stderr: { write: (text: string) => (stderr += text) },
    stop: new AbortController().signal,
  };
  const code = await runCli(["node", "svcmirror", ...args], io);
  return { code, stdout, stderr };
}

describe("svcmirror usage errors exit 2", () => {
  it.each([
    [["frobnicate"], "error: unknown command 'frobnicate'"],
    [["run", "--link", "east", "--bogus"], "error: unknown option '--bogus'"],
    [["run", "--link"], "error: option '--link <NAME>' argument missing"],
    [
      ["run", "--link", "east", "extra"],
      "error: too many arguments for 'run'. Expected 0 arguments but got 1.",
    ],
    [["sim", "--bogus"], "error: unknown option '--bogus'"],
    [["sim", "--port", "http"], 'error: --port: "http" is not a port number from 0 to 65535'],
    [
      ["run", "--link", "east", "--lease-duration", "abc"],
      'error: --lease-duration: "abc" is not a duration like 15s, 500ms or 1m30s (at most 596h)',
    ],
    [["run"], "error: --link is required (or set SVCMIRROR_LINK)"],
    [
      ["run", "--link", "east", "--kubeconfig", "/k", "--lease-duration", "5s", "--renew-deadline", "5s"],
      "error: --lease-duration (5s) must be greater than --renew-deadline (5s)",
    ],
    [
      ["run", "--link", "east"],
      "error: --kubeconfig is required outside a cluster (KUBERNETES_SERVICE_HOST is unset; or set SVCMIRROR_KUBECONFIG)",
    ],
  ])("%j", async (args, message) => {
    const { code, stderr } = await cli(args);
    expect(code).toBe(2);
    expect(stderr.split("\n")[0]).toBe(message);
  });

  it("names the environment variable a bad value came from, one line per problem, no stack", async () => {
    const { code, stderr } = await cli(["run", "--link", "east", "--kube-burst", "many"], {
      SVCMIRROR_RENEW_DEADLINE: "ten",
    });
    expect(code).toBe(2);
    expect(stderr).toBe(
      [
        'error: --renew-deadline: "ten" is not a duration like 15s, 500ms or 1m30s (at most 596h) (from SVCMIRROR_RENEW_DEADLINE)',
        'error: --kube-burst: "many" is not a positive integer',
        "",
      ].join("\n"),
    );
  });

  it("shows help on stderr without a command", async () => {
    const { code, stderr } = await cli([]);
    expect(code).toBe(2);
    expect(stderr).toContain("Usage: svcmirror [options] [command]");
  });
});

describe("svcmirror help", () => {
  it("lists run and sim and nothing that belongs to later issues", async () => {
    const { code, stdout } = await cli(["--help"]);
    expect(code).toBe(0);
    const commands = stdout
      .split("Commands:")[1]!
      .split("\n")
      .flatMap((line) => /^ {2}(\S+)/.exec(line)?.[1] ?? []);
    expect(commands).toEqual(["run", "sim", "help"]);
  });

  it("prints the version", async () => {
    const { code, stdout } = await cli(["--version"]);
    expect([code, stdout]).toEqual([0, "1.2.3-test\n"]);
  });

  it("documents every run flag with its environment variable and default", async () => {
    const { code, stdout } = await cli(["run", "--help"]);
    expect(code).toBe(0);
    const flat = stdout.replace(/\s+/g, " ");
    for (const option of RUN_OPTIONS) {
      expect(flat).toContain(option.flag);
      expect(flat).toContain(`[env: ${option.env}]`);
      if (option.defaultValue !== undefined) expect(flat).toContain(`(default: ${option.defaultValue})`);
    }
    expect(flat).toContain("Flags override their SVCMIRROR_* environment variables");
  });

  it("documents every sim flag", async () => {
    const { code, stdout } = await cli(["sim", "--help"]);
    expect(code).toBe(0);
    for (const flag of [
      "--port <P>",
      "--tls",
      "--token <T>",
      "--user-token <T>",
      "--kubeconfig-out <FILE>",
      "--no-sample",
    ]) {
      expect(stdout).toContain(flag);
    }
  });
});
