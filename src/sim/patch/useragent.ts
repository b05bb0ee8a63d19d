// The field manager a write is recorded under when the request names none: kube-apiserver takes
// the User-Agent up to its first "/", drops unprintable characters and caps it at 128 UTF-8 bytes.

const FIELD_MANAGER_MAX_BYTES = 128;
const PRINTABLE = /^[\p{L}\p{M}\p{N}\p{P}\p{S} ]$/u;

/** "fixture-recorder/v1.0.0 (linux/amd64) kubernetes/0000000" → "fixture-recorder". */
export function defaultFieldManager(userAgent: string): string {
  const prefix = userAgent.split("/")[0] ?? "";
  let out = "";
  let bytes = 0;
  for (const ch of prefix) {
    if (!PRINTABLE.test(ch)) continue;
    const size = Buffer.byteLength(ch, "utf8");
    if (bytes + size > FIELD_MANAGER_MAX_BYTES) break;
    out += ch;
    bytes += size;
  }
  return out;
}
