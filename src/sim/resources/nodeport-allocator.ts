// The Service NodePort range of one sim instance (--service-node-port-range, 30000-32767), with
// kube's messages for a taken or out-of-range port. Dynamic allocation prefers the upper band, as
// kube's ServiceNodePortStaticSubrange does.

import { RangeAllocator, staticBandSize } from "./range-allocator.js";

const NODE_PORT_MIN = 30000;
const NODE_PORT_MAX = 32767;

export type PortResult = { kind: "ok" } | { kind: "error"; message: string };

export class NodePortAllocator {
  private readonly range: RangeAllocator;

  constructor() {
    const size = NODE_PORT_MAX - NODE_PORT_MIN + 1;
    this.range = new RangeAllocator(size, staticBandSize(size, 32, 128));
  }

  allocate(port: number, owner: string): PortResult {
    const offset = port - NODE_PORT_MIN;
    if (!Number.isInteger(port) || offset < 0 || offset >= this.range.size) {
      const message = `provided port is not in the valid range. The range of valid ports is ${NODE_PORT_MIN}-${NODE_PORT_MAX}`;
      return { kind: "error", message };
    }
    if (this.range.reserve(offset, owner) === "allocated") {
      return { kind: "error", message: "provided port is already allocated" };
    }
    return { kind: "ok" };
  }

  /** A free port reserved for `owner`; undefined when the range is full. */
  allocateNext(owner: string): number | undefined {
    const offset = this.range.allocateNext(owner);
    return offset === undefined ? undefined : NODE_PORT_MIN + offset;
  }

  release(port: number, owner: string): void {
    this.range.release(port - NODE_PORT_MIN, owner);
  }

  releaseOwner(owner: string): void {
    this.range.releaseOwner(owner);
  }

  isAllocated(port: number): boolean {
    return this.range.has(port - NODE_PORT_MIN);
  }
}
