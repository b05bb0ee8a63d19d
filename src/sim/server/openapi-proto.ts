// The OpenAPI v2 document in gnostic's openapi_v2 protobuf form (application/com.github.proto-
// openapi.spec.v2@v1.0+protobuf), which kubectl 1.28 requests for apply and validation. Field
// numbers follow gnostic's OpenAPIv2.proto; values the proto types as `Any` travel as YAML text.

import { stringify } from "yaml";
import { isObject } from "../json.js";
import type { Json, JsonObject } from "../types.js";
import { ProtoWriter } from "./protobuf.js";

function yamlAny(w: ProtoWriter, field: number, value: Json): void {
  w.message(field, (any) => any.string(2, stringify(value)));
}

function vendorExtensions(w: ProtoWriter, field: number, obj: JsonObject): void {
  for (const [key, value] of Object.entries(obj)) {
    if (!key.startsWith("x-")) continue;
    w.message(field, (named) => {
      named.string(1, key);
      yamlAny(named, 2, value);
    });
  }
}

function num(v: Json | undefined): number | undefined {
  return typeof v === "number" ? v : undefined;
}

function writeSchema(w: ProtoWriter, s: JsonObject): void {
  w.string(1, typeof s.$ref === "string" ? s.$ref : undefined);
  w.string(2, typeof s.format === "string" ? s.format : undefined);
  w.string(4, typeof s.description === "string" ? s.description : undefined);
  if (s.default !== undefined) yamlAny(w, 5, s.default);
  w.double(7, num(s.maximum)).bool(8, s.exclusiveMaximum === true);
  w.double(9, num(s.minimum)).bool(10, s.exclusiveMinimum === true);
  w.int64(11, num(s.maxLength)).int64(12, num(s.minLength));
  w.string(13, typeof s.pattern === "string" ? s.pattern : undefined);
  w.int64(14, num(s.maxItems)).int64(15, num(s.minItems));
  w.int64(17, num(s.maxProperties)).int64(18, num(s.minProperties));
  w.strings(19, Array.isArray(s.required) ? (s.required as string[]) : undefined);
  for (const e of Array.isArray(s.enum) ? s.enum : []) yamlAny(w, 20, e);
  const additional = s.additionalProperties;
  if (isObject(additional)) w.message(21, (a) => a.message(1, (x) => writeSchema(x, additional)));
  else if (typeof additional === "boolean") w.message(21, (a) => a.bool(2, additional));
  if (typeof s.type === "string") w.message(22, (t) => t.strings(1, [s.type as string]));
  const items = s.items;
  if (isObject(items)) w.message(23, (i) => i.message(1, (x) => writeSchema(x, items)));
  if (isObject(s.properties)) writeNamedSchemas(w, 25, s.properties);
  vendorExtensions(w, 31, s);
}

function writeNamedSchemas(w: ProtoWriter, field: number, schemas: JsonObject): void {
  w.message(field, (props) => {
    for (const [name, schema] of Object.entries(schemas)) {
      if (!isObject(schema)) continue;
      props.message(1, (named) => {
        named.string(1, name);
        named.message(2, (x) => writeSchema(x, schema));
      });
    }
  });
}

function writeParameter(w: ProtoWriter, p: JsonObject): void {
  // ParametersItem.parameter → Parameter.non_body_parameter → NonBodyParameter.query_parameter_sub_schema
  w.message(8, (item) =>
    item.message(1, (param) =>
      param.message(2, (nonBody) =>
        nonBody.message(3, (q) => {
          q.string(2, String(p.in ?? "query"));
          q.string(4, String(p.name ?? ""));
          q.string(6, typeof p.type === "string" ? p.type : undefined);
          q.bool(20, p.uniqueItems === true);
        }),
      ),
    ),
  );
}

function writeResponses(w: ProtoWriter, responses: JsonObject): void {
  w.message(9, (rs) => {
    for (const [code, response] of Object.entries(responses)) {
      if (!isObject(response)) continue;
      rs.message(1, (named) => {
        named.string(1, code);
        named.message(2, (value) =>
          value.message(1, (r) => {
            r.string(1, String(response.description ?? ""));
            if (isObject(response.schema)) {
              const schema = response.schema;
              r.message(2, (item) => item.message(1, (x) => writeSchema(x, schema)));
            }
          }),
        );
      });
    }
  });
}

function writeOperation(w: ProtoWriter, op: JsonObject): void {
  w.string(5, typeof op.operationId === "string" ? op.operationId : undefined);
  for (const p of Array.isArray(op.parameters) ? op.parameters : []) if (isObject(p)) writeParameter(w, p);
  if (isObject(op.responses)) writeResponses(w, op.responses);
  vendorExtensions(w, 13, op);
}

const METHOD_FIELDS: Readonly<Record<string, number>> = { get: 2, put: 3, post: 4, delete: 5, patch: 8 };

function writePaths(w: ProtoWriter, paths: JsonObject): void {
  w.message(8, (ps) => {
    for (const [path, item] of Object.entries(paths)) {
      if (!isObject(item)) continue;
      ps.message(2, (named) => {
        named.string(1, path);
        named.message(2, (pathItem) => {
          for (const [method, op] of Object.entries(item)) {
            const field = METHOD_FIELDS[method];
            if (field !== undefined && isObject(op)) pathItem.message(field, (o) => writeOperation(o, op));
          }
        });
      });
    }
  });
}

/** Encodes a Swagger 2.0 document (as openApiV2 builds it) as gnostic's openapi_v2.Document. */
export function encodeOpenApiV2(document: Readonly<Record<string, unknown>>): Buffer {
  const doc = document as JsonObject;
  const w = new ProtoWriter();
  w.string(1, String(doc.swagger ?? "2.0"));
  const info = isObject(doc.info) ? doc.info : {};
  w.message(2, (i) => i.string(1, String(info.title ?? "")).string(2, String(info.version ?? "")));
  if (isObject(doc.paths)) writePaths(w, doc.paths);
  if (isObject(doc.definitions)) writeNamedSchemas(w, 9, doc.definitions);
  return w.finish();
}
