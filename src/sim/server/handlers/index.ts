// Dispatch of a routed resource request to its verb handler.

import type { RequestContext } from "../context.js";
import { parseListQuery } from "../query.js";
import { handleSelfSubjectAccessReview } from "../reviews.js";
import { handleCreate } from "./create.js";
import { handleDelete, handleDeleteCollection } from "./delete.js";
import { handleGet } from "./get.js";
import { handleList } from "./list.js";
import { handlePatch } from "./patch.js";
import { handleUpdate } from "./update.js";
import { handleWatch } from "./watch.js";

export async function handleResource(ctx: RequestContext): Promise<void> {
  if (ctx.served.source.type === "review") return handleSelfSubjectAccessReview(ctx);
  switch (ctx.info.verb) {
    case "get":
      return handleGet(ctx);
    case "list":
    case "watch": {
      const q = parseListQuery(ctx.query);
      return ctx.info.verb === "watch" || q.watch ? handleWatch(ctx, q) : handleList(ctx, q);
    }
    case "create":
      return handleCreate(ctx);
    case "update":
      return handleUpdate(ctx);
    case "patch":
      return handlePatch(ctx);
    case "delete":
      return handleDelete(ctx);
    case "deletecollection":
      return handleDeleteCollection(ctx);
    default:
      throw new Error(`unrouted verb ${ctx.info.verb}`);
  }
}
