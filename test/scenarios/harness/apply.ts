// Server-side apply of an object's JSON over the cluster's own TLS and credentials, as `kubectl apply
// --server-side` sends it. client-node's KubernetesObjectApi is not used on purpose: it serializes
// known kinds through its generated models, and V1JSONSchemaProps names `default` as `_default` (and
// x-kubernetes-* keys likewise), so a plain CRD manifest would lose every schema default on the way.

import http from "node:http";
import https from "node:https";
import { ApiException, type KubernetesObject } from "@kubernetes/client-node";
import type { ClusterHandle } from "./provider.js";

export const FIELD_MANAGER = "svcmirror-e2e";

interface RawResponse {
  code: number;
  text: string;
  headers: Record<string, string>;
}

function send(url: URL, opts: https.RequestOptions, body: string): Promise<RawResponse> {
  const transport = url.protocol === "http:" ? http : https;
  return new Promise((resolve, reject) => {
    const req = transport.request(url, opts);
    req.on("error", reject);
    req.on("response", (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (chunk: Buffer) => chunks.push(chunk));
      res.on("error", reject);
      res.on("end", () => {
        const headers: Record<string, string> = {};
        for (const [k, v] of Object.entries(res.headers)) if (typeof v === "string") headers[k] = v;
        resolve({ code: res.statusCode ?? 0, text: Buffer.concat(chunks).toString("utf8"), headers });
      });
    });
    req.end(body);
  });
}

/** Applies `object` at `path` (force, our field manager) and returns the stored object. */
export async function serverSideApply(
  cluster: ClusterHandle,
  path: string,
  object: KubernetesObject,
): Promise<KubernetesObject> {
  const url = new URL(`${cluster.clients.server}${path}`);
  url.searchParams.set("fieldManager", FIELD_MANAGER);
  url.searchParams.set("force", "true");
  const opts: https.RequestOptions = {};
  await cluster.kubeConfig.applyToHTTPSOptions(opts);
  const response = await send(
    url,
    {
      ...opts,
      method: "PATCH",
      headers: {
        ...opts.headers,
        "Content-Type": "application/apply-patch+yaml",
        Accept: "application/json",
      },
    },
    JSON.stringify(object),
  );
  if (response.code < 200 || response.code > 299) {
    throw new ApiException(
      response.code,
      `HTTP ${response.code} from apply ${path}`,
      response.text,
      response.headers,
    );
  }
  return JSON.parse(response.text) as KubernetesObject;
}
