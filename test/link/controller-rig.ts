// The rig the link controller tests run on: two sims with the Link CRD on the local one, and per
// test a fresh namespace holding a credentials Secret and a Link to cluster "east", with a
// controller on it (support.ts). The rig remembers the controllers it started so that one afterEach
// can stop them all; it does not delete what the tests wrote (every test has its own namespace).

import type { ClusterPair } from "../scenarios/harness/index.js";
import {
  applyLink,
  applyLinkCrd,
  ensureNamespace,
  putCredentialsSecret,
  type SecretShape,
} from "../scenarios/harness/kube.js";
import { simProvider } from "../scenarios/harness/sim-provider.js";
import {
  type ControllerSetup,
  type LinkNames,
  linkNames,
  type RunningController,
  startController,
} from "./support.js";

export interface LinkSetup extends Partial<Omit<ControllerSetup, "namespace" | "link">> {
  /** The credentials Secret (kubeconfig and shape); null: no Secret. Default: the remote's kubeconfig. */
  readonly secret?: ({ kubeconfig: string } & SecretShape) | null;
  /** Spec fields beside the target cluster and the Secret's name (linkSpec); null: no Link. */
  readonly spec?: Record<string, unknown> | null;
}

export interface StartedLink {
  readonly names: LinkNames;
  readonly r: RunningController;
}

/** The spec of a Link to cluster "east" with the credentials in `names.secret`, and `extra` fields. */
export function linkSpec(names: LinkNames, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { targetClusterName: "east", clusterCredentialsSecret: names.secret, ...extra };
}

export class LinkRig {
  readonly pair: ClusterPair;
  readonly #running: RunningController[] = [];

  private constructor(pair: ClusterPair) {
    this.pair = pair;
  }

  static async start(): Promise<LinkRig> {
    const pair = await simProvider.start();
    await applyLinkCrd(pair.local);
    return new LinkRig(pair);
  }

  /** A fresh namespace with the Secret and the Link as `setup` says, and a controller on it. */
  async startLink(setup: LinkSetup = {}): Promise<StartedLink> {
    const { secret = { kubeconfig: this.pair.remoteKubeconfigForSecret }, spec = {}, ...controller } = setup;
    const { local } = this.pair;
    const names = linkNames();
    await ensureNamespace(local, names.namespace);
    if (secret !== null) {
      await putCredentialsSecret(local, names.namespace, names.secret, secret.kubeconfig, secret);
    }
    if (spec !== null) await applyLink(local, names.namespace, names.link, linkSpec(names, spec));
    const r = startController(local, { ...names, ...controller });
    this.#running.push(r);
    return { names, r };
  }

  /** Stops every controller started since the last call, one after another; returns them. */
  async stopControllers(): Promise<RunningController[]> {
    const stopped = this.#running.splice(0);
    for (const r of stopped) await r.stop();
    return stopped;
  }
}
