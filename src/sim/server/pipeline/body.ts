// Reads a request body with the apiserver's size cap (3 MiB for JSON bodies; a request over it is
// answered 413 RequestEntityTooLarge, as the real server does).

import type { IncomingMessage } from "node:http";
import { ApiError, failure } from "../../errors.js";

const MAX_REQUEST_BODY_BYTES = 3 * 1024 * 1024;

export async function readBody(req: IncomingMessage, limitBytes = MAX_REQUEST_BODY_BYTES): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const buf = chunk as Buffer;
    size += buf.length;
    if (size > limitBytes) {
      throw new ApiError(failure(413, "RequestEntityTooLarge", `limit is ${limitBytes}`, {}));
    }
    chunks.push(buf);
  }
  return Buffer.concat(chunks);
}
