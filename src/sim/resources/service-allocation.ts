// The Service REST layer's begin hooks: IP family initialisation (initIPFamilyFields), ClusterIP
// and NodePort allocation on create and update, with kube's error messages. Reservations are owned
// by the Service's uid (namespace/name when the uid is not assigned yet), so releasing by owner is
// safe to repeat. Addresses an update stops using (e.g. a switch to ExternalName) stay reserved
// until the Service is deleted: the hooks have no commit step, and leaking beats handing out an
// address a stored Service may still hold.

import { internalError } from "../errors.js";
import { fieldError, goStringSlice } from "../fielderrors.js";
import type { FieldError, KubeObject } from "../types.js";
import type { ClusterIPAllocator } from "./clusterip-allocator.js";
import { asNumber, type JsonRecord } from "./json-access.js";
import type { NodePortAllocator } from "./nodeport-allocator.js";
import { CLUSTER_FAMILY, initIPFamilyFields, isMatchingPreferDualStack } from "./service-ipfamilies.js";
import {
  clusterIPs,
  ipFamilies,
  isExternalName,
  isHeadless,
  needsHealthCheckNodePort,
  needsNodePort,
  nodePortOf,
  nodePortsOf,
  portsOf,
  shouldAllocateNodePorts,
} from "./service-spec.js";

type Reservation = { kind: "ip"; ip: string } | { kind: "port"; port: number };

/** One hook call's reservations, undone together when the call (or its validation) fails. */
class Transaction {
  readonly reserved: Reservation[] = [];

  constructor(
    private readonly ips: ClusterIPAllocator,
    private readonly ports: NodePortAllocator,
    private readonly owner: string,
  ) {}

  reserveIP(ip: string): string | undefined {
    const result = this.ips.allocate(ip, this.owner);
    if (result.kind === "error") return result.message;
    this.reserved.push({ kind: "ip", ip });
    return undefined;
  }

  nextIP(): string {
    const ip = this.ips.allocateNext(this.owner);
    if (ip === undefined) throw internalError("failed to allocate a serviceIP: range is full");
    this.reserved.push({ kind: "ip", ip });
    return ip;
  }

  reservePort(port: number): string | undefined {
    const result = this.ports.allocate(port, this.owner);
    if (result.kind === "error") return result.message;
    this.reserved.push({ kind: "port", port });
    return undefined;
  }

  nextPort(what: string): number {
    const port = this.ports.allocateNext(this.owner);
    if (port === undefined) throw internalError(`failed to allocate ${what}: range is full`);
    this.reserved.push({ kind: "port", port });
    return port;
  }

  revert(): void {
    for (const r of this.reserved.splice(0)) {
      if (r.kind === "ip") this.ips.release(r.ip, this.owner);
      else this.ports.release(r.port, this.owner);
    }
  }
}

function allocClusterIPs(spec: JsonRecord, txn: Transaction): FieldError[] {
  if (isExternalName(spec) || isHeadless(spec)) return [];
  const ips = clusterIPs(spec);
  const families = ipFamilies(spec);
  while (ips.length < families.length) ips.push("");
  spec.clusterIPs = ips;
  for (const [i, family] of families.entries()) {
    if (family !== CLUSTER_FAMILY) continue;
    const requested = ips[i] ?? "";
    if (requested === "") ips[i] = txn.nextIP();
    else {
      const problem = txn.reserveIP(requested);
      if (problem) {
        return [
          fieldError.invalid(
            "spec.clusterIPs",
            goStringSlice(ips),
            `failed to allocate IP ${requested}: ${problem}`,
          ),
        ];
      }
    }
    if (i === 0) spec.clusterIP = ips[i];
  }
  return [];
}

function requestedNodePort(ports: readonly JsonRecord[], servicePort: number): number {
  return nodePortOf(ports.find((p) => asNumber(p.port) === servicePort && nodePortOf(p) !== 0) ?? {});
}

/** The node port for one Service port; `byServicePort` shares ports between TCP and UDP of one number. */
function initNodePort(
  port: JsonRecord,
  index: number,
  ports: readonly JsonRecord[],
  byServicePort: Map<number, number>,
  txn: Transaction,
): FieldError[] {
  const wanted = nodePortOf(port);
  const servicePort = asNumber(port.port) ?? 0;
  const known = byServicePort.get(servicePort);
  if (known !== undefined && (wanted === 0 || wanted === known)) {
    port.nodePort = known;
    return [];
  }
  const requested = known === undefined ? requestedNodePort(ports, servicePort) : wanted;
  if (requested === 0) port.nodePort = txn.nextPort("a nodePort");
  else {
    const problem = txn.reservePort(requested);
    if (problem) return [fieldError.invalid(`spec.ports[${index}].nodePort`, requested, problem)];
    port.nodePort = requested;
  }
  if (known === undefined) byServicePort.set(servicePort, nodePortOf(port));
  return [];
}

function initNodePorts(spec: JsonRecord, txn: Transaction): FieldError[] {
  const ports = portsOf(spec);
  const byServicePort = new Map<number, number>();
  for (const [i, port] of ports.entries()) {
    if (nodePortOf(port) === 0 && !shouldAllocateNodePorts(spec)) continue;
    const errs = initNodePort(port, i, ports, byServicePort, txn);
    if (errs.length > 0) return errs;
  }
  return [];
}

function updateNodePorts(spec: JsonRecord, old: JsonRecord, txn: Transaction): FieldError[] {
  const previous = new Set(nodePortsOf(old));
  const done = new Set<number>();
  for (const [i, port] of portsOf(spec).entries()) {
    const wanted = nodePortOf(port);
    if (wanted === 0 && !shouldAllocateNodePorts(spec)) continue;
    if (wanted === 0) {
      port.nodePort = txn.nextPort("a nodePort");
      continue;
    }
    if (previous.has(wanted) || done.has(wanted)) continue;
    const problem = txn.reservePort(wanted);
    if (problem) return [fieldError.invalid(`spec.ports[${i}].nodePort`, wanted, problem)];
    done.add(wanted);
  }
  return [];
}

function allocHealthCheckNodePort(spec: JsonRecord, txn: Transaction): void {
  const requested = asNumber(spec.healthCheckNodePort) ?? 0;
  if (requested === 0) {
    spec.healthCheckNodePort = txn.nextPort("a HealthCheck NodePort");
    return;
  }
  const problem = txn.reservePort(requested);
  if (problem)
    throw internalError(`failed to allocate requested HealthCheck NodePort ${requested}: ${problem}`);
}

/** The owner key allocations are recorded under. */
function allocationOwner(obj: KubeObject): string {
  return obj.metadata.uid || `${obj.metadata.namespace ?? ""}/${obj.metadata.name ?? ""}`;
}

/**
 * Allocates for Services of one sim instance. Each begin call returns field errors (then nothing it
 * reserved stays reserved) and remembers its reservations by object so that a failed validation
 * can undo them with `revert`.
 */
export class ServiceAllocator {
  private readonly pending = new WeakMap<object, Transaction>();

  constructor(
    readonly ips: ClusterIPAllocator,
    readonly ports: NodePortAllocator,
  ) {}

  beginCreate(obj: KubeObject, spec: JsonRecord, dryRun: boolean): FieldError[] {
    const familyErrs = initIPFamilyFields(spec, undefined);
    if (familyErrs.length > 0) return familyErrs;
    return this.run(obj, dryRun, (txn) => {
      const errs = allocClusterIPs(spec, txn);
      if (errs.length === 0 && needsNodePort(spec)) errs.push(...initNodePorts(spec, txn));
      if (errs.length === 0 && needsHealthCheckNodePort(spec)) allocHealthCheckNodePort(spec, txn);
      return errs;
    });
  }

  beginUpdate(obj: KubeObject, spec: JsonRecord, old: JsonRecord, dryRun: boolean): FieldError[] {
    const familyErrs = initIPFamilyFields(spec, old);
    if (familyErrs.length > 0) return familyErrs;
    return this.run(obj, dryRun, (txn) => {
      const errs =
        isExternalName(old) && !isExternalName(spec) && !isMatchingPreferDualStack(spec, old)
          ? allocClusterIPs(spec, txn)
          : [];
      if (errs.length === 0 && needsNodePort(spec)) errs.push(...updateNodePorts(spec, old, txn));
      if (errs.length === 0 && needsHealthCheckNodePort(spec) && !needsHealthCheckNodePort(old)) {
        allocHealthCheckNodePort(spec, txn);
      }
      return errs;
    });
  }

  /** Undoes what the begin call for this object reserved (its validation failed). */
  revert(obj: KubeObject): void {
    this.pending.get(obj)?.revert();
    this.pending.delete(obj);
  }

  /** Frees everything held by the object's owner: the Service is gone or its create was abandoned. */
  release(obj: KubeObject): void {
    const owner = allocationOwner(obj);
    this.ips.releaseOwner(owner);
    this.ports.releaseOwner(owner);
  }

  private run(obj: KubeObject, dryRun: boolean, body: (txn: Transaction) => FieldError[]): FieldError[] {
    const txn = new Transaction(this.ips, this.ports, allocationOwner(obj));
    try {
      const errs = body(txn);
      // A dry run reserves like a real request (so one request never gets the same value twice),
      // then gives everything back.
      if (errs.length > 0 || dryRun) txn.revert();
      else this.pending.set(obj, txn);
      return errs;
    } catch (err) {
      txn.revert();
      throw err;
    }
  }
}
