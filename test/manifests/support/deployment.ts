// Reads the daemon's container out of manifests/deployment.yaml and turns it into what `svcmirror run`
// would receive in a pod: argv parsed by commander with the same options the CLI declares (RUN_OPTIONS),
// and the environment with downward-API fields resolved for a given pod. Unknown flags and unsupported
// env sources throw, so a manifest the daemon could not start with fails the tests.

import { Command, Option } from "commander";
import {
  parseRunConfig,
  RUN_OPTIONS,
  type RunConfig,
  type RunFlags,
  SERVICE_ACCOUNT_NAMESPACE_FILE,
} from "../../../src/config.js";
import { loadManifest, type ManifestObject, objectsOfKind } from "./manifests.js";

export interface EnvVar {
  name: string;
  value?: string;
  valueFrom?: { fieldRef?: { fieldPath: string } };
}

export interface HttpProbe {
  httpGet: { path: string; port: string | number };
  periodSeconds?: number;
  timeoutSeconds?: number;
  failureThreshold?: number;
}

export interface SecurityContext {
  runAsNonRoot?: boolean;
  runAsUser?: number;
  runAsGroup?: number;
  allowPrivilegeEscalation?: boolean;
  readOnlyRootFilesystem?: boolean;
  capabilities?: { drop?: string[]; add?: string[] };
  seccompProfile?: { type: string };
}

export interface Container {
  name: string;
  image: string;
  command?: string[];
  args?: string[];
  env?: EnvVar[];
  ports?: { name?: string; containerPort: number; protocol?: string }[];
  livenessProbe?: HttpProbe;
  readinessProbe?: HttpProbe;
  resources?: { requests?: Record<string, string>; limits?: Record<string, string> };
  securityContext?: SecurityContext;
}

export interface LabelSelector {
  matchLabels?: Record<string, string>;
  matchExpressions?: unknown[];
}

export interface PodSpec {
  serviceAccountName?: string;
  automountServiceAccountToken?: boolean;
  enableServiceLinks?: boolean;
  terminationGracePeriodSeconds?: number;
  securityContext?: SecurityContext;
  topologySpreadConstraints?: {
    maxSkew: number;
    topologyKey: string;
    whenUnsatisfiable: string;
    labelSelector: LabelSelector;
  }[];
  containers: Container[];
}

export interface Deployment {
  spec: {
    replicas: number;
    selector: LabelSelector;
    template: {
      metadata: { labels: Record<string, string>; annotations?: Record<string, string> };
      spec: PodSpec;
    };
  };
}

export interface PodDisruptionBudget {
  spec: { minAvailable?: number | string; maxUnavailable?: number | string; selector: LabelSelector };
}

export const DEPLOYMENT_FILE = "deployment.yaml";
export const CONTAINER_NAME = "svcmirror";

export function loadDeployment(objects: readonly ManifestObject[] = loadManifest(DEPLOYMENT_FILE)): {
  deployment: ManifestObject & Deployment;
  container: Container;
} {
  const [deployment, ...others] = objectsOfKind<Deployment>(objects, "Deployment");
  if (deployment === undefined || others.length > 0) throw new Error("expected one Deployment per file");
  const container = deployment.spec.template.spec.containers.find((c) => c.name === CONTAINER_NAME);
  if (container === undefined)
    throw new Error(`no container ${CONTAINER_NAME} in ${deployment.metadata.name}`);
  return { deployment, container };
}

/** The pod fields the downward API can hand to the container in these manifests. */
export interface PodFields {
  name: string;
  namespace: string;
}

/** The container's environment as the kubelet would set it for the pod `pod`. */
export function resolveEnv(env: readonly EnvVar[], pod: PodFields): Record<string, string> {
  const resolved: Record<string, string> = {};
  for (const variable of env) {
    if (variable.value !== undefined) {
      resolved[variable.name] = variable.value;
      continue;
    }
    const path = variable.valueFrom?.fieldRef?.fieldPath;
    if (path === "metadata.name") resolved[variable.name] = pod.name;
    else if (path === "metadata.namespace") resolved[variable.name] = pod.namespace;
    else throw new Error(`env ${variable.name}: unsupported source ${JSON.stringify(variable.valueFrom)}`);
  }
  return resolved;
}

/**
 * Splits the container's args into the subcommand and the `run` flags, parsed by commander from
 * RUN_OPTIONS exactly as src/cli/program.ts declares them: unknown flags and missing values throw.
 */
export function parseRunArgs(args: readonly string[]): { command: string; flags: RunFlags } {
  const [command, ...rest] = args;
  const run = new Command("run").exitOverride().configureOutput({ writeErr: () => undefined });
  for (const spec of RUN_OPTIONS) {
    run.addOption(new Option(spec.valueName === undefined ? spec.flag : `${spec.flag} <${spec.valueName}>`));
  }
  run.parse([...rest], { from: "user" });
  return { command: command ?? "", flags: run.opts<RunFlags>() };
}

/** A pod of the Deployment as the kubelet starts it: name, namespace, and what it sets regardless of the manifest. */
export function podEnvironment(pod: PodFields, container: Container): Record<string, string> {
  return {
    HOSTNAME: pod.name,
    KUBERNETES_SERVICE_HOST: "10.96.0.1",
    KUBERNETES_SERVICE_PORT: "443",
    ...resolveEnv(container.env ?? [], pod),
  };
}

/** What `svcmirror run` resolves in `pod` from the container's args and env, through the real parser. */
export function runConfigInPod(container: Container, pod: PodFields): RunConfig {
  const { command, flags } = parseRunArgs(container.args ?? []);
  if (command !== "run") throw new Error(`the container runs "${command}", not "run"`);
  return parseRunConfig(flags, {
    env: podEnvironment(pod, container),
    // The service-account volume is mounted in every pod that runs with a token.
    readFile: (path) => (path === SERVICE_ACCOUNT_NAMESPACE_FILE ? pod.namespace : undefined),
    hostname: () => pod.name,
  });
}
