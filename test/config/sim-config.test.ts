import { describe, expect, it } from "vitest";
import { parseSimConfig, type SimFlags } from "../../src/config.js";
import { problemsOf } from "./problems.js";

describe("parseSimConfig", () => {
  it("defaults to a free port, plain HTTP, no tokens, sim.kubeconfig and a sample cluster", () => {
    expect(parseSimConfig({})).toEqual({
      port: 0,
      tls: false,
      kubeconfigOut: "sim.kubeconfig",
      sample: true,
    });
  });

  it("takes every flag", () => {
    expect(
      parseSimConfig({
        port: "6443",
        tls: true,
        token: "admin-token",
        userToken: "nobody-token",
        kubeconfigOut: "/tmp/x.kubeconfig",
        sample: false,
      }),
    ).toEqual({
      port: 6443,
      tls: true,
      token: "admin-token",
      userToken: "nobody-token",
      kubeconfigOut: "/tmp/x.kubeconfig",
      sample: false,
    });
  });

  it.each([
    [{ port: "http" }, '--port: "http" is not a port number from 0 to 65535'],
    [{ port: "65536" }, '--port: "65536" is not a port number from 0 to 65535'],
    [{ port: "-1" }, '--port: "-1" is not a port number from 0 to 65535'],
    [{ token: "two words" }, "--token: is not a token (visible ASCII characters, no spaces)"],
    [{ userToken: "" }, "--user-token: is not a token (visible ASCII characters, no spaces)"],
    [{ token: "same", userToken: "same" }, "--user-token: must differ from --token"],
    [{ kubeconfigOut: "" }, '--kubeconfig-out: "" must not be empty'],
  ] as Array<[SimFlags, string]>)("%j → %s", (flags, message) => {
    expect(problemsOf(() => parseSimConfig(flags))).toEqual([message]);
  });

  it("never echoes a token in an error", () => {
    expect(problemsOf(() => parseSimConfig({ token: "s3cret value" })).join("\n")).not.toContain("s3cret");
  });
});
