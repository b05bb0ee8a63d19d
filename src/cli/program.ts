// The `svcmirror` command line: commander parses argv, config.ts interprets the values, and each
// action hands a validated config to its runner. Exit codes: 0 after an orderly stop or help,
// 1 when the command failed at run time, 2 for a usage error (unknown command or flag, bad value).

import { Command, CommanderError, Option } from "commander";
import {
  ConfigError,
  type ConfigSources,
  DEFAULT_SIM_KUBECONFIG_FILE,
  parseRunConfig,
  parseSimConfig,
  RUN_OPTIONS,
  type RunFlags,
  type SimFlags,
} from "../config.js";
import { ElectionConfigError, resolveTimings } from "../election/config.js";
import { runDaemon } from "../main.js";

export const USAGE_EXIT_CODE = 2;

export interface TextSink {
  write(text: string): unknown;
}

/** Everything the CLI takes from its process, so tests can run it in-process. */
export interface CliIo extends ConfigSources {
  /** svcmirror's version (package.json), for --version and the API User-Agent. */
  version: string;
  stdout: TextSink;
  stderr: TextSink;
  /** Aborted when the process is asked to stop (SIGTERM/SIGINT). */
  stop: AbortSignal;
}

const RUN_HELP = `
Flags override their SVCMIRROR_* environment variables, which override the defaults.
Durations are written like 15s, 500ms or 1m30s.

Example:
  svcmirror run --link east --kubeconfig ~/.kube/config --admin-addr 127.0.0.1:9999 --log-format plain`;

const SIM_HELP = `
The sim is an embedded Kubernetes API server for trying svcmirror and running its tests without a
cluster. It keeps everything in memory and runs until Ctrl-C (SIGINT) or SIGTERM.

Example:
  svcmirror sim --port 6443 --kubeconfig-out sim.kubeconfig
  kubectl --kubeconfig sim.kubeconfig get svc -A`;

function runOption(spec: (typeof RUN_OPTIONS)[number]): Option {
  const flags = spec.valueName === undefined ? spec.flag : `${spec.flag} <${spec.valueName}>`;
  const defaults = spec.defaultValue === undefined ? "" : ` (default: ${spec.defaultValue})`;
  return new Option(flags, `${spec.description}${defaults} [env: ${spec.env}]`);
}

function buildProgram(io: CliIo, setExitCode: (code: number) => void): Command {
  const program = new Command("svcmirror")
    .description("Mirror Services and EndpointSlices from a remote Kubernetes cluster into the local one.")
    .version(io.version)
    .exitOverride()
    .configureOutput({
      writeOut: (text) => io.stdout.write(text),
      writeErr: (text) => io.stderr.write(text),
    });

  const run = program
    .command("run")
    .description("run the mirror daemon for one Link (one Deployment per linked cluster)")
    .addHelpText("after", RUN_HELP);
  for (const spec of RUN_OPTIONS) run.addOption(runOption(spec));
  run.action(async (flags: RunFlags) => {
    const config = parseRunConfig(flags, io);
    // The elector's rules on how the timings relate, checked before anything starts.
    resolveTimings(config.election);
    setExitCode(await runDaemon(config, { stop: io.stop, version: io.version }));
  });

  program
    .command("sim")
    .description("start an embedded Kubernetes API server to try svcmirror without a cluster")
    .option("--port <P>", "port to serve on, on 127.0.0.1; 0 picks a free port (default: 0)")
    .option("--tls", "serve HTTPS with a generated self-signed CA (put into the kubeconfig)")
    .option("--token <T>", "require this bearer token for the admin user (default: no authentication)")
    .option(
      "--user-token <T>",
      "also accept this token for a user with no permissions (answered 403, as RBAC would)",
    )
    .option(
      "--kubeconfig-out <FILE>",
      `write the admin kubeconfig here (default: ${DEFAULT_SIM_KUBECONFIG_FILE})`,
    )
    .option("--sample", "seed namespace demo with exported Services and their EndpointSlices (default)")
    .option("--no-sample", "start with an empty cluster")
    .addHelpText("after", SIM_HELP)
    .action(async (flags: SimFlags) => {
      const config = parseSimConfig(flags);
      // Loaded on demand: the daemon (`run`) never needs the embedded API server in memory.
      const { runSim } = await import("./sim-command.js");
      setExitCode(await runSim(config, io));
    });

  return program;
}

function describeError(err: unknown): string {
  const parts: string[] = [];
  for (let e: unknown = err; e !== undefined; e = e instanceof Error ? e.cause : undefined) {
    parts.push(e instanceof Error ? e.message : String(e));
  }
  return parts.join(": ");
}

/** Runs one command line (`argv` as in process.argv) and resolves with the process exit code. */
export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  let exitCode = 0;
  const program = buildProgram(io, (code) => {
    exitCode = code;
  });
  try {
    await program.parseAsync([...argv], { from: "node" });
    return exitCode;
  } catch (err) {
    if (err instanceof CommanderError) return err.exitCode === 0 ? 0 : USAGE_EXIT_CODE;
    if (err instanceof ConfigError || err instanceof ElectionConfigError) {
      for (const problem of err.problems) io.stderr.write(`error: ${problem}\n`);
      return USAGE_EXIT_CODE;
    }
    io.stderr.write(`error: ${describeError(err)}\n`);
    return 1;
  }
}
