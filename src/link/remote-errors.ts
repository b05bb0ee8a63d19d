// Turns a classified failure of a request to the remote cluster into the condition reason and message
// the Link shows: 401 → RemoteUnauthorized, 403 → RemoteForbidden, no answer → RemoteUnreachable,
// anything else → RemoteError. Messages come from the server's Status (which names the user and the
// resource, never a credential) or from the transport error's code.

import type { KubeErrorInfo } from "../kube/errors.js";
import { Reason } from "./conditions.js";

export type RemoteFailureReason =
  | typeof Reason.RemoteUnreachable
  | typeof Reason.RemoteUnauthorized
  | typeof Reason.RemoteForbidden
  | typeof Reason.RemoteError;

export interface RemoteFailure {
  readonly reason: RemoteFailureReason;
  readonly message: string;
}

const MAX_DETAIL_CHARS = 300;

function detail(info: KubeErrorInfo): string {
  const text =
    info.message.length > MAX_DETAIL_CHARS ? `${info.message.slice(0, MAX_DETAIL_CHARS)}...` : info.message;
  return info.code === undefined ? text : `${info.code}: ${text}`;
}

export function remoteFailure(info: KubeErrorInfo, server: string): RemoteFailure {
  switch (info.kind) {
    case "unauthorized":
      return {
        reason: Reason.RemoteUnauthorized,
        message: `${server} rejected the credentials (${detail(info)}); update the token or certificate in the Secret`,
      };
    case "forbidden":
      return {
        reason: Reason.RemoteForbidden,
        message: `${server} denied access (${detail(info)}); the remote user needs list and watch on services and endpointslices`,
      };
    case "network":
    case "timeout":
      return { reason: Reason.RemoteUnreachable, message: `cannot reach ${server} (${detail(info)})` };
    default:
      return { reason: Reason.RemoteError, message: `${server} answered with an error (${detail(info)})` };
  }
}
