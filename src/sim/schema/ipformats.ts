// Go's net.ParseIP / net.ParseCIDR / net.ParseMAC acceptance rules (Go 1.20, which built
// kube-apiserver v1.28), needed by the ipv4, ipv6, cidr and mac string formats of CRD schemas.
// Only acceptance is modelled; the parsed addresses are never needed.

const HEX_GROUP = /^[0-9a-fA-F]{1,4}$/;

/** netip.ParseAddr's IPv4 rule: four decimal fields 0-255, no leading zeros. */
function isIPv4Text(text: string): boolean {
  const fields = text.split(".");
  if (fields.length !== 4) return false;
  return fields.every((f) => /^(0|[1-9][0-9]{0,2})$/.test(f) && Number(f) <= 255);
}

/** Number of 16-bit groups a run of colon-separated IPv6 groups stands for, or -1 when malformed. */
function countGroups(part: string, allowTrailingV4: boolean): number {
  if (part === "") return 0;
  const groups = part.split(":");
  let count = 0;
  for (const [i, g] of groups.entries()) {
    if (allowTrailingV4 && i === groups.length - 1 && g.includes(".")) {
      if (!isIPv4Text(g)) return -1;
      count += 2;
    } else if (HEX_GROUP.test(g)) {
      count += 1;
    } else {
      return -1;
    }
  }
  return count;
}

function isIPv6Text(text: string): boolean {
  const halves = text.split("::");
  if (halves.length > 2) return false;
  if (halves.length === 1) return countGroups(text, true) === 8;
  const [head = "", tail = ""] = halves;
  const headCount = countGroups(head, false);
  const tailCount = countGroups(tail, true);
  return headCount >= 0 && tailCount >= 0 && headCount + tailCount <= 7;
}

/** What net.ParseIP accepts: "v4", "v6" (zones rejected), or null. */
export function ipFamily(text: string): "v4" | "v6" | null {
  if (isIPv4Text(text)) return "v4";
  if (text.includes(":") && isIPv6Text(text)) return "v6";
  return null;
}

/** net.ParseCIDR: an address, "/", then a decimal prefix length within the address size. */
export function isCIDR(text: string): boolean {
  const slash = text.indexOf("/");
  if (slash < 0) return false;
  const family = ipFamily(text.slice(0, slash));
  const prefix = text.slice(slash + 1);
  if (family === null || !/^[0-9]+$/.test(prefix)) return false;
  return Number(prefix) <= (family === "v4" ? 32 : 128);
}

const MAC_GROUP_COUNTS = new Set([6, 8, 20]);

function isMacGroups(text: string, sep: string, groupLen: number): boolean {
  const groups = text.split(sep);
  const bytes = (groups.length * groupLen) / 2;
  if (!MAC_GROUP_COUNTS.has(bytes)) return false;
  const group = new RegExp(`^[0-9a-fA-F]{${groupLen}}$`);
  return groups.every((g) => group.test(g));
}

/** net.ParseMAC: 6, 8 or 20 octets as xx:xx.., xx-xx.. or xxxx.xxxx.. */
export function isMAC(text: string): boolean {
  if (text.length < 14) return false;
  const sep = text[2];
  if (sep === ":" || sep === "-") return isMacGroups(text, sep, 2);
  if (text[4] === ".") return isMacGroups(text, ".", 4);
  return false;
}
