// The Service ClusterIP range of one sim instance (--service-cluster-ip-range). Addresses exclude
// the network and broadcast addresses like kube's bitmap allocator; the first address is kept for
// the API server's own `default/kubernetes` Service and is only granted when asked for by name.
// Only IPv4 ranges are supported: the sim is a single-stack IPv4 cluster.

import { formatIPv4, ipv4ToNumber, isIPv4, numberToIPv4, parseIP } from "./ip.js";
import { RangeAllocator, staticBandSize } from "./range-allocator.js";

export const DEFAULT_SERVICE_CIDR = "10.96.0.0/16";

export type AllocateResult = { kind: "ok"; ip: string } | { kind: "error"; message: string };

export class ClusterIPAllocator {
  /** The range as Go's IPNet.String() prints it, e.g. `10.96.0.0/16`. */
  readonly cidr: string;
  private readonly base: number;
  private readonly range: RangeAllocator;

  constructor(cidr: string = DEFAULT_SERVICE_CIDR) {
    const [address = "", bitsText = ""] = cidr.split("/");
    const ip = parseIP(address);
    const bits = Number(bitsText);
    if (!ip || !isIPv4(ip) || !/^\d+$/.test(bitsText) || bits < 1 || bits > 30) {
      throw new Error(`invalid IPv4 service CIDR ${JSON.stringify(cidr)} (prefix length 1-30)`);
    }
    const hostBits = 32 - bits;
    const network = (ipv4ToNumber(ip) >>> hostBits) * 2 ** hostBits;
    const size = 2 ** hostBits;
    this.cidr = `${numberToIPv4(network)}/${bits}`;
    this.base = network + 1;
    this.range = new RangeAllocator(size - 2, staticBandSize(size, 16, 256), new Set([0]));
  }

  /** The address the API server's own Service gets: the first host of the range. */
  get kubernetesServiceIP(): string {
    return numberToIPv4(this.base);
  }

  get allocatedCount(): number {
    return this.range.used;
  }

  /** Reserves a requested address for `owner`. Messages are kube's allocator errors. */
  allocate(requested: string, owner: string): AllocateResult {
    const offset = this.offsetOf(requested);
    if (offset === undefined) {
      const ip = parseIP(requested);
      const shown = ip && isIPv4(ip) ? formatIPv4(ip) : requested;
      return {
        kind: "error",
        message: `the provided IP (${shown}) is not in the valid range. The range of valid IPs is ${this.cidr}`,
      };
    }
    if (this.range.reserve(offset, owner) === "allocated") {
      return { kind: "error", message: "provided IP is already allocated" };
    }
    return { kind: "ok", ip: requested };
  }

  /** Reserves a free address for `owner`; undefined when the range is full. */
  allocateNext(owner: string): string | undefined {
    const offset = this.range.allocateNext(owner);
    return offset === undefined ? undefined : numberToIPv4(this.base + offset);
  }

  /** Frees the address if `owner` holds it. */
  release(ip: string, owner: string): void {
    const offset = this.offsetOf(ip);
    if (offset !== undefined) this.range.release(offset, owner);
  }

  releaseOwner(owner: string): void {
    this.range.releaseOwner(owner);
  }

  isAllocated(ip: string): boolean {
    const offset = this.offsetOf(ip);
    return offset !== undefined && this.range.has(offset);
  }

  private offsetOf(text: string): number | undefined {
    const ip = parseIP(text);
    if (!ip || !isIPv4(ip)) return undefined;
    const offset = ipv4ToNumber(ip) - this.base;
    return offset >= 0 && offset < this.range.size ? offset : undefined;
  }
}
