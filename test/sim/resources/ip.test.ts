// Go's sloppy IP parser and the address classes endpoint validation rejects.

import { describe, expect, it } from "vitest";
import {
  formatIPv4,
  isIPv4,
  isLinkLocalMulticast,
  isLinkLocalUnicast,
  isLoopback,
  isUnspecified,
  parseIP,
} from "../../../src/sim/resources/ip.js";

describe("parseIP (netutils.ParseIPSloppy)", () => {
  it.each([
    "1.2.3.4",
    "010.001.000.004",
    "::",
    "::1",
    "fd00::1",
    "1:2:3:4:5:6:7:8",
    "::ffff:10.0.0.1",
    "1::",
  ])("accepts %s", (text) => {
    expect(parseIP(text)).not.toBeNull();
  });

  it.each([
    "",
    "1.2.3",
    "1.2.3.4.5",
    "256.1.1.1",
    "1.2.3.4%eth0",
    "1::2::3",
    "1:2:3:4:5:6:7:8:9",
    "::1:2:3:4:5:6:7:8",
    "web-0.example.com",
    "fd00::1.2.3",
  ])("rejects %j", (text) => {
    expect(parseIP(text)).toBeNull();
  });

  it("reads leading zeros as decimal and keeps IPv4-mapped addresses IPv4", () => {
    const ip = parseIP("010.001.000.004");
    expect(ip && formatIPv4(ip)).toBe("10.1.0.4");
    const mapped = parseIP("::ffff:10.0.0.1");
    expect(mapped && isIPv4(mapped)).toBe(true);
    const v6 = parseIP("fd00::1");
    expect(v6 && isIPv4(v6)).toBe(false);
  });

  it.each([
    ["127.0.0.1", "loopback"],
    ["::1", "loopback"],
    ["0.0.0.0", "unspecified"],
    ["::", "unspecified"],
    ["169.254.1.1", "link-local"],
    ["fe80::1", "link-local"],
    ["224.0.0.1", "link-local multicast"],
    ["ff02::1", "link-local multicast"],
    ["10.1.0.5", "global"],
  ])("classifies %s as %s", (text, expected) => {
    const ip = parseIP(text);
    if (!ip) throw new Error("unparsed");
    const kinds = [
      isLoopback(ip) && "loopback",
      isUnspecified(ip) && "unspecified",
      isLinkLocalUnicast(ip) && "link-local",
      isLinkLocalMulticast(ip) && "link-local multicast",
    ].filter(Boolean);
    expect(kinds).toEqual(expected === "global" ? [] : [expected]);
  });
});
