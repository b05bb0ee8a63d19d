// Logger factory: pino writing JSON (the default, for log pipelines) or human-readable lines through
// pino-pretty, with credential-like fields redacted. There is no global logger: the composition root
// builds one and hands children (carrying link/cluster context) to every component.
// Redaction matches field names up to four levels deep; it cannot see secrets inside free-text
// messages, so callers must never interpolate credentials into a message string.

import type { Writable } from "node:stream";
import pino, { type Logger } from "pino";
import pretty from "pino-pretty";

export const LOG_FORMATS = ["json", "plain"] as const;
export type LogFormat = (typeof LOG_FORMATS)[number];

export const LOG_LEVELS = ["fatal", "error", "warn", "info", "debug", "trace", "silent"] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

export type { Logger } from "pino";

export interface LoggerOptions {
  format: LogFormat;
  level: LogLevel;
  /** A file descriptor (1 = stdout, 2 = stderr) or an in-process stream (tests). Default: stdout. */
  destination?: 1 | 2 | Writable;
}

/** Field names whose values are credentials, wherever they appear in a logged object. */
const SECRET_KEYS = [
  "token",
  "bearerToken",
  "password",
  "authorization",
  "Authorization",
  "kubeconfig",
  "keyData",
  "client-key-data",
  "privateKey",
  "secretData",
] as const;

const MAX_REDACT_DEPTH = 4;
const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** pino redaction paths for every SECRET_KEYS name at the top level and up to three objects deep. */
export function redactionPaths(): string[] {
  const paths: string[] = [];
  for (let depth = 0; depth < MAX_REDACT_DEPTH; depth++) {
    const wildcards = Array.from({ length: depth }, () => "*");
    for (const key of SECRET_KEYS) {
      paths.push(IDENTIFIER.test(key) ? [...wildcards, key].join(".") : `${wildcards.join(".")}["${key}"]`);
    }
  }
  return paths;
}

/** Builds the process logger. Plain format goes through pino-pretty (a worker-thread transport for fds). */
export function createLogger(opts: LoggerOptions): Logger {
  const base: pino.LoggerOptions = {
    level: opts.level,
    redact: { paths: redactionPaths(), censor: "[redacted]" },
  };
  const destination = opts.destination ?? 1;
  if (opts.format === "json") {
    return pino(base, typeof destination === "number" ? pino.destination({ fd: destination }) : destination);
  }
  if (typeof destination === "number") {
    return pino({
      ...base,
      transport: {
        target: "pino-pretty",
        options: { destination, ignore: "pid,hostname", singleLine: true },
      },
    });
  }
  return pino(
    base,
    pretty({ destination, ignore: "pid,hostname", singleLine: true, colorize: false, sync: true }),
  );
}

/** The context every component's log lines carry; remote-controlled values belong in nested fields. */
export interface LogContext {
  link?: string;
  cluster?: string;
  component?: string;
}

export function withContext(logger: Logger, context: LogContext): Logger {
  return logger.child(context);
}
