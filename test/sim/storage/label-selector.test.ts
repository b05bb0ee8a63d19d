import { describe, expect, it } from "vitest";
import { isApiError } from "../../../src/sim/errors.js";
import { parseLabelSelector } from "../../../src/sim/storage/index.js";
import { loadCase, queryOf, statusOf } from "./fixtures.js";

const OBJECTS: Record<string, Record<string, string> | undefined> = {
  web: { app: "web", tier: "frontend" },
  bare: undefined,
  db: { app: "db", tier: "backend" },
  external: { app: "external" },
  empty: { app: "" },
};

function selected(selector: string): string[] {
  const parsed = parseLabelSelector(selector);
  return Object.entries(OBJECTS)
    .filter(([, labels]) => parsed.matches(labels))
    .map(([name]) => name);
}

function parseError(selector: string): string {
  try {
    parseLabelSelector(selector);
  } catch (err) {
    if (!isApiError(err)) throw err;
    expect(err.status).toMatchObject({ code: 400, reason: "BadRequest" });
    return err.status.message ?? "";
  }
  throw new Error(`selector ${JSON.stringify(selector)} parsed`);
}

const NAME_PART_RULE =
  "must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')";
const LABEL_VALUE_RULE =
  "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')";

describe("label selector matching", () => {
  it.each([
    ["", ["web", "bare", "db", "external", "empty"]],
    ["   ", ["web", "bare", "db", "external", "empty"]],
    ["app=web", ["web"]],
    ["app==web", ["web"]],
    ["  app  =  web  ", ["web"]],
    ["app!=web", ["bare", "db", "external", "empty"]],
    ["tier!=frontend", ["bare", "db", "external", "empty"]],
    ["app in (web,db)", ["web", "db"]],
    ["app in (notin, web)", ["web"]],
    ["app notin (web,db)", ["bare", "external", "empty"]],
    ["tier", ["web", "db"]],
    ["!tier", ["bare", "external", "empty"]],
    ["app in (web,db),tier=backend", ["db"]],
    ["app notin (web),!tier", ["bare", "external", "empty"]],
    ["app=", ["empty"]],
    ["app in ()", ["empty"]],
    ["app in (,web)", ["web", "empty"]],
    ["app=web,app=db", []],
  ])("%j selects %j", (selector, names) => {
    expect(selected(selector)).toEqual(names);
  });

  it("compares integers for gt and lt, never matching a missing or non-numeric label", () => {
    const gt = parseLabelSelector("n>3");
    const lt = parseLabelSelector("n<3");
    const sets: Record<string, string>[] = [{ n: "5" }, { n: "3" }, { n: "x" }, {}];
    expect(sets.map((labels) => gt.matches(labels))).toEqual([true, false, false, false]);
    expect([{ n: "-1" }, { n: "3" }].map((labels) => lt.matches(labels))).toEqual([true, false]);
  });

  it("reports whether it selects everything", () => {
    expect(parseLabelSelector("").empty).toBe(true);
    expect(parseLabelSelector("a").empty).toBe(false);
  });
});

describe("label selector errors carry kube's parser messages", () => {
  it("answers the recorded 400 for app===web (case 051)", () => {
    const fixture = loadCase("051");
    const selector = queryOf(fixture).get("labelSelector") ?? "";
    try {
      parseLabelSelector(selector);
      expect.unreachable();
    } catch (err) {
      if (!isApiError(err)) throw err;
      expect(err.status).toEqual(statusOf(fixture));
    }
  });

  it.each([
    [
      "app:monolith",
      `unable to parse requirement: <nil>: Invalid value: "app:monolith": name part ${NAME_PART_RULE}`,
    ],
    [
      "app.kubernetes_io/name=vault",
      `unable to parse requirement: <nil>: Invalid value: "app.kubernetes_io/name": prefix part a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')`,
    ],
    [
      "a/b/c ?=? def",
      `unable to parse requirement: <nil>: Invalid value: "a/b/c": a qualified name ${NAME_PART_RULE} with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')`,
    ],
    [
      "app=demo-{nginx}",
      `unable to parse requirement: values[0][app]: Invalid value: "demo-{nginx}": ${LABEL_VALUE_RULE}`,
    ],
    [
      "app in (a/b,c/d)",
      `unable to parse requirement: [values[0][app]: Invalid value: "a/b": ${LABEL_VALUE_RULE}, values[1][app]: Invalid value: "c/d": ${LABEL_VALUE_RULE}]`,
    ],
    [
      "environment>qa",
      `unable to parse requirement: values[0]: Invalid value: "qa": for 'Gt', 'Lt' operators, the value must be an integer`,
    ],
    ["app web", "unable to parse requirement: found 'web', expected: in, notin, =, ==, !=, gt, lt"],
    ["app in web", "unable to parse requirement: found 'web' expected: '('"],
    ["app in (web", "unable to parse requirement: found '', expected: ',' or ')'"],
    ["app in (web,=)", "unable to parse requirement: found '=', expected: ',', or identifier"],
    ["app in =", "unable to parse requirement: found '=' expected: '('"],
    ["app in (=)", "unable to parse requirement: found '=', expected: ',', ')' or identifier"],
    ["!", "unable to parse requirement: found '', expected: identifier"],
    ["app=web,", "found '', expected: identifier after ','"],
    ["app=web x", "found 'x', expected: ',' or 'end of string'"],
    ["!app=web", "found '=', expected: ',' or 'end of string'"],
    ["=web", "found '=', expected: !, identifier, or 'end of string'"],
    [",", "found ',', expected: !, identifier, or 'end of string'"],
  ])("%j → %s", (selector, message) => {
    expect(parseError(selector)).toBe(message);
  });
});
