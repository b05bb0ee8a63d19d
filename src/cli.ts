#!/usr/bin/env node
// Process entry of the `svcmirror` binary: the only place that touches process.argv, process.env,
// the standard streams and process signals. Everything else is reached through runCli() with these
// handed in, so the commands run the same in-process under test.

import { readFileSync } from "node:fs";
import { hostname } from "node:os";
import packageJson from "../package.json" with { type: "json" };
import { runCli } from "./cli/program.js";
import { abortOnStopSignals } from "./cli/signals.js";

function readFileIfPresent(path: string): string | undefined {
  try {
    return readFileSync(path, "utf8");
  } catch {
    return undefined;
  }
}

const stop = abortOnStopSignals(process);
const exitCode = await runCli(process.argv, {
  version: packageJson.version,
  env: process.env,
  readFile: readFileIfPresent,
  hostname,
  stdout: process.stdout,
  stderr: process.stderr,
  stop: stop.signal,
});
stop.dispose();
// Exit explicitly: idle keep-alive sockets of the Kubernetes client would otherwise hold the process.
process.exit(exitCode);
