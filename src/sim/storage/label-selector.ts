// Label selectors parsed as k8s.io/apimachinery/pkg/labels does it: the same lexer and recursive
// descent, so every malformed selector gets the real server's 400 message byte for byte
// (`unable to parse requirement: found '=', expected: identifier`). Keys and values are validated
// with the qualified-name and label-value rules; errors are reported with Go's field paths.

import { badRequest } from "../errors.js";
import { aggregateFieldErrors, fieldError, goLiteral, renderFieldError } from "../fielderrors.js";
import { goQuote } from "../gotext/quote.js";
import { isQualifiedName, isValidLabelValue } from "../resources/meta.js";
import type { FieldError } from "../types.js";

type Operator = "in" | "notin" | "=" | "==" | "!=" | "gt" | "lt" | "exists" | "!";

type Token =
  | "error"
  | "end"
  | ")"
  | ","
  | "!"
  | "=="
  | "="
  | ">"
  | "identifier"
  | "in"
  | "<"
  | "!="
  | "notin"
  | "(";

interface Scanned {
  readonly tok: Token;
  readonly lit: string;
}

const LITERAL_TOKENS: Readonly<Record<string, Token>> = {
  ")": ")",
  ",": ",",
  "!": "!",
  "==": "==",
  "=": "=",
  ">": ">",
  in: "in",
  "<": "<",
  "!=": "!=",
  notin: "notin",
  "(": "(",
};

const BINARY_OPERATORS = "in, notin, =, ==, !=, gt, lt";
const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;

export interface Requirement {
  readonly key: string;
  readonly operator: Operator;
  readonly values: readonly string[];
}

/** A parsed label selector: an AND of requirements. */
export interface LabelSelector {
  readonly requirements: readonly Requirement[];
  /** True when the selector selects everything. */
  readonly empty: boolean;
  matches(labels: Readonly<Record<string, string>> | undefined): boolean;
}

function isWhitespace(ch: string): boolean {
  return ch === " " || ch === "\t" || ch === "\r" || ch === "\n";
}

function isSpecial(ch: string): boolean {
  return "=!(),><".includes(ch) && ch !== "";
}

/** Go's lexer reads bytes and treats both the end of input and a NUL byte as "no character". */
class Lexer {
  private pos = 0;
  constructor(private readonly text: string) {}

  private read(): string {
    if (this.pos >= this.text.length) return "";
    const ch = this.text[this.pos] ?? "";
    this.pos += 1;
    return ch === "\0" ? "" : ch;
  }

  private unread(): void {
    this.pos -= 1;
  }

  private scanIdOrKeyword(): Scanned {
    let buffer = "";
    for (;;) {
      const ch = this.read();
      if (ch === "") break;
      if (isSpecial(ch) || isWhitespace(ch)) {
        this.unread();
        break;
      }
      buffer += ch;
    }
    const literal = LITERAL_TOKENS[buffer];
    return { tok: literal ?? "identifier", lit: buffer };
  }

  private scanSpecialSymbol(): Scanned {
    let last: Scanned | undefined;
    let buffer = "";
    for (;;) {
      const ch = this.read();
      if (ch === "") break;
      if (!isSpecial(ch)) {
        this.unread();
        break;
      }
      buffer += ch;
      const tok = LITERAL_TOKENS[buffer];
      if (tok !== undefined) {
        last = { tok, lit: buffer };
      } else if (last !== undefined) {
        this.unread();
        break;
      }
    }
    return last ?? { tok: "error", lit: `error expected: keyword found '${buffer}'` };
  }

  lex(): Scanned {
    let ch = this.read();
    while (isWhitespace(ch)) ch = this.read();
    if (ch === "") return { tok: "end", lit: "" };
    this.unread();
    return isSpecial(ch) ? this.scanSpecialSymbol() : this.scanIdOrKeyword();
  }
}

class SelectorSyntaxError extends Error {}

function fail(message: string): never {
  throw new SelectorSyntaxError(message);
}

/** The field error Go's validateLabelKey returns; the parser's nil path renders as "<nil>". */
function keyError(key: string): string | undefined {
  const errs = isQualifiedName(key);
  if (errs.length === 0) return undefined;
  return renderFieldError(fieldError.invalid("<nil>", goLiteral(goQuote(key)), errs.join("; ")));
}

function isGoInt64(text: string): boolean {
  if (!/^[+-]?[0-9]+$/.test(text)) return false;
  const value = BigInt(text);
  return value >= INT64_MIN && value <= INT64_MAX;
}

/** NewRequirement's value checks, aggregated as field.ErrorList.ToAggregate() renders them. */
function requirementErrors(key: string, operator: Operator, values: readonly string[]): string | undefined {
  const errs: FieldError[] = [];
  if (operator === "gt" || operator === "lt") {
    values.forEach((value, i) => {
      if (!isGoInt64(value)) {
        const detail = "for 'Gt', 'Lt' operators, the value must be an integer";
        errs.push(fieldError.invalid(`values[${i}]`, goLiteral(goQuote(value)), detail));
      }
    });
  }
  values.forEach((value, i) => {
    const problems = isValidLabelValue(value);
    if (problems.length > 0) {
      const path = `values[${i}][${key}]`;
      errs.push(fieldError.invalid(path, goLiteral(goQuote(value)), problems.join("; ")));
    }
  });
  return errs.length === 0 ? undefined : aggregateFieldErrors(errs);
}

const OPERATOR_TOKENS: Partial<Record<Token, Operator>> = {
  in: "in",
  "=": "=",
  "==": "==",
  ">": "gt",
  "<": "lt",
  notin: "notin",
  "!=": "!=",
};

class Parser {
  private readonly items: Scanned[] = [];
  private position = 0;

  constructor(text: string) {
    const lexer = new Lexer(text);
    for (;;) {
      const item = lexer.lex();
      this.items.push(item);
      if (item.tok === "end") break;
    }
  }

  /** In the values context the keywords `in` and `notin` are ordinary identifiers. */
  private peek(values: boolean): Scanned {
    const item = this.items[Math.min(this.position, this.items.length - 1)] ?? { tok: "end", lit: "" };
    if (values && (item.tok === "in" || item.tok === "notin")) return { tok: "identifier", lit: item.lit };
    return item;
  }

  private next(values: boolean): Scanned {
    const item = this.peek(values);
    this.position += 1;
    return item;
  }

  parse(): Requirement[] {
    const requirements: Requirement[] = [];
    for (;;) {
      const { tok, lit } = this.peek(true);
      if (tok === "end") return requirements;
      if (tok !== "identifier" && tok !== "!")
        fail(`found '${lit}', expected: !, identifier, or 'end of string'`);
      requirements.push(this.requirementOrFail());
      const after = this.next(true);
      if (after.tok === "end") return requirements;
      if (after.tok !== ",") fail(`found '${after.lit}', expected: ',' or 'end of string'`);
      const following = this.peek(true);
      if (following.tok !== "identifier" && following.tok !== "!") {
        fail(`found '${following.lit}', expected: identifier after ','`);
      }
    }
  }

  private requirementOrFail(): Requirement {
    try {
      return this.requirement();
    } catch (err) {
      if (err instanceof SelectorSyntaxError) fail(`unable to parse requirement: ${err.message}`);
      throw err;
    }
  }

  private requirement(): Requirement {
    const { key, operator: inferred } = this.keyAndInferredOperator();
    if (inferred === "exists" || inferred === "!") return { key, operator: inferred, values: [] };
    const operator = this.operator();
    const set = operator === "in" || operator === "notin" ? this.valueSet() : this.exactValue();
    const values = [...set].sort();
    const problem = requirementErrors(key, operator, values);
    if (problem !== undefined) fail(problem);
    return { key, operator, values };
  }

  private keyAndInferredOperator(): { key: string; operator: Operator | undefined } {
    let operator: Operator | undefined;
    let { tok, lit } = this.next(true);
    if (tok === "!") {
      operator = "!";
      ({ tok, lit } = this.next(true));
    }
    if (tok !== "identifier") fail(`found '${lit}', expected: identifier`);
    const problem = keyError(lit);
    if (problem !== undefined) fail(problem);
    const ahead = this.peek(true).tok;
    if ((ahead === "end" || ahead === ",") && operator !== "!") operator = "exists";
    return { key: lit, operator };
  }

  private operator(): Operator {
    const { tok, lit } = this.next(false);
    const operator = OPERATOR_TOKENS[tok];
    if (operator === undefined) fail(`found '${lit}', expected: ${BINARY_OPERATORS}`);
    return operator;
  }

  private valueSet(): Set<string> {
    const open = this.next(true);
    if (open.tok !== "(") fail(`found '${open.lit}' expected: '('`);
    const { tok, lit } = this.peek(true);
    if (tok === ")") {
      this.next(true);
      return new Set([""]);
    }
    if (tok !== "identifier" && tok !== ",") fail(`found '${lit}', expected: ',', ')' or identifier`);
    const set = this.identifiersList();
    if (this.next(true).tok !== ")") fail(`found '${lit}', expected: ')'`);
    return set;
  }

  /** A possibly empty, comma-separated list of possibly empty identifiers, up to ")". */
  private identifiersList(): Set<string> {
    const set = new Set<string>();
    for (;;) {
      const { tok, lit } = this.next(true);
      if (tok === "identifier") {
        set.add(lit);
        const ahead = this.peek(true);
        if (ahead.tok === ")") return set;
        if (ahead.tok !== ",") fail(`found '${ahead.lit}', expected: ',' or ')'`);
      } else if (tok === ",") {
        if (this.emptyValueAfterComma(set)) return set;
      } else {
        fail(`found '${lit}', expected: ',', or identifier`);
      }
    }
  }

  /** "(," ",," and ",)" each stand for the empty value; true when the list ends here. */
  private emptyValueAfterComma(set: Set<string>): boolean {
    if (set.size === 0) set.add("");
    const ahead = this.peek(true).tok;
    if (ahead === ")" || ahead === ",") set.add("");
    return ahead === ")";
  }

  private exactValue(): Set<string> {
    const ahead = this.peek(true).tok;
    if (ahead === "end" || ahead === ",") return new Set([""]);
    const { tok, lit } = this.next(true);
    if (tok !== "identifier") fail(`found '${lit}', expected: identifier`);
    return new Set([lit]);
  }
}

function compareInt(labelValue: string, operand: string, operator: "gt" | "lt"): boolean {
  if (!isGoInt64(labelValue)) return false;
  const left = BigInt(labelValue);
  const right = BigInt(operand);
  return operator === "gt" ? left > right : left < right;
}

function requirementMatches(req: Requirement, labels: Readonly<Record<string, string>> | undefined): boolean {
  const has = labels !== undefined && Object.hasOwn(labels, req.key);
  const value = has ? labels[req.key] : undefined;
  switch (req.operator) {
    case "in":
    case "=":
    case "==":
      return value !== undefined && req.values.includes(value);
    case "notin":
    case "!=":
      return value === undefined || !req.values.includes(value);
    case "exists":
      return has;
    case "!":
      return !has;
    default:
      return (
        value !== undefined && req.values.length === 1 && compareInt(value, req.values[0] ?? "", req.operator)
      );
  }
}

/** labels.Parse: throws the 400 BadRequest the server answers for a malformed selector. */
export function parseLabelSelector(raw: string): LabelSelector {
  let requirements: Requirement[];
  try {
    requirements = new Parser(raw).parse();
  } catch (err) {
    if (err instanceof SelectorSyntaxError) throw badRequest(err.message);
    throw err;
  }
  requirements.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  return {
    requirements,
    empty: requirements.length === 0,
    matches: (labels) => requirements.every((req) => requirementMatches(req, labels)),
  };
}
