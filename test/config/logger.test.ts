import { Writable } from "node:stream";
import { describe, expect, it } from "vitest";
import { createLogger, type LogFormat, type LogLevel, withContext } from "../../src/log.js";

function capture(format: LogFormat, level: LogLevel = "info") {
  const chunks: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      chunks.push(chunk.toString("utf8"));
      done();
    },
  });
  const logger = createLogger({ format, level, destination: stream });
  return { logger, text: () => chunks.join("") };
}

function jsonLines(text: string): Array<Record<string, unknown>> {
  return text
    .split("\n")
    .filter((line) => line !== "")
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}

describe("createLogger", () => {
  it("writes one JSON object per line with level and message", () => {
    const { logger, text } = capture("json");
    logger.info({ services: 3 }, "mirrors in step");
    const [line] = jsonLines(text());
    expect(line).toMatchObject({ level: 30, msg: "mirrors in step", services: 3 });
  });

  it.each([
    ["warn", ["warn", "error"]],
    ["debug", ["debug", "info", "warn", "error"]],
    ["silent", []],
  ] as Array<[LogLevel, string[]]>)("at level %s writes %j", (level, written) => {
    const { logger, text } = capture("json", level);
    logger.debug("debug");
    logger.info("info");
    logger.warn("warn");
    logger.error("error");
    expect(jsonLines(text()).map((l) => l.msg)).toEqual(written);
  });

  it("writes plain lines without JSON in plain format", () => {
    const { logger, text } = capture("plain");
    logger.info({ link: "east" }, "lease acquired");
    const out = text();
    expect(out).toContain("INFO");
    expect(out).toContain("lease acquired");
    expect(out).toContain('"link":"east"');
    expect(out.trim().split("\n")).toHaveLength(1);
    expect(() => JSON.parse(out.trim())).toThrow();
  });

  it.each([
    ["a top-level token", { token: "t0p" }],
    ["a nested bearer token", { cluster: { user: { bearerToken: "t0p" } } }],
    ["an Authorization header", { req: { headers: { authorization: "Bearer t0p" } } }],
    ["an Authorization header with a capital", { res: { headers: { Authorization: "Bearer t0p" } } }],
    ["kubeconfig data from a Secret", { secret: { data: { kubeconfig: "YXBpVmVyc2lvbjogdjEK-t0p" } } }],
    ["a client key in a kubeconfig user", { users: [{ user: { "client-key-data": "t0p" } }] }],
    ["a password", { user: { password: "t0p" } }],
    ["key data", { tls: { keyData: "t0p" } }],
  ])("redacts %s", (_, fields) => {
    const { logger, text } = capture("json");
    logger.info(fields, "connecting");
    const out = text();
    expect(out).not.toContain("t0p");
    expect(out).toContain("[redacted]");
  });

  it("redacts in plain format too", () => {
    const { logger, text } = capture("plain");
    logger.info({ token: "t0p" }, "connecting");
    expect(text()).not.toContain("t0p");
  });

  it("keeps fields that only look similar", () => {
    const { logger, text } = capture("json");
    logger.info({ tokenExpiry: "2030-01-01", keyCount: 2 }, "rotated");
    expect(jsonLines(text())[0]).toMatchObject({ tokenExpiry: "2030-01-01", keyCount: 2 });
  });
});

describe("withContext", () => {
  it("adds link and cluster to every line of the child and leaves the parent alone", () => {
    const { logger, text } = capture("json");
    const child = withContext(logger, { link: "east", cluster: "east-1", component: "mirror" });
    child.info("started");
    logger.info("parent");
    const [fromChild, fromParent] = jsonLines(text());
    expect(fromChild).toMatchObject({ link: "east", cluster: "east-1", component: "mirror", msg: "started" });
    expect(fromParent).not.toHaveProperty("link");
  });
});
