import { describe, expect, it } from "vitest";
import { parseListenAddress } from "../../src/config.js";

describe("parseListenAddress", () => {
  it.each([
    [":9999", { port: 9999 }],
    [":0", { port: 0 }],
    ["127.0.0.1:0", { host: "127.0.0.1", port: 0 }],
    ["0.0.0.0:8080", { host: "0.0.0.0", port: 8080 }],
    ["[::1]:9999", { host: "::1", port: 9999 }],
    ["[::]:9999", { host: "::", port: 9999 }],
    ["localhost:9999", { host: "localhost", port: 9999 }],
    ["admin.svc.cluster.local:65535", { host: "admin.svc.cluster.local", port: 65535 }],
  ])("%s", (text, address) => {
    expect(parseListenAddress(text)).toEqual(address);
  });

  it.each([
    "9999",
    "",
    ":",
    ":65536",
    ":-1",
    "::1:9999",
    "[127.0.0.1]:9999",
    "[::1]",
    "host name:80",
    "-bad-:80",
    ":99999",
    "127.0.0.1:http",
  ])("rejects %j", (text) => {
    expect(parseListenAddress(text)).toBeUndefined();
  });
});
