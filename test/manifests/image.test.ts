// The Dockerfile and .dockerignore, checked without a container engine (there is none here): the
// entrypoint is the file `npm run build` writes for src/cli.ts and the package's `svcmirror` bin, the
// build context holds every file the build copies (and no kubeconfig), the runtime stage runs as a
// numeric non-root user, and pruning devDependencies keeps every package the compiled code imports.

import { readdirSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { loadDeployment } from "./support/deployment.js";

const ROOT = new URL("../../", import.meta.url);
const read = (path: string): string => readFileSync(new URL(path, ROOT), "utf8");

const dockerfile = read("Dockerfile");
const ignorePatterns = read(".dockerignore")
  .split("\n")
  .map((line) => line.trim())
  .filter((line) => line !== "" && !line.startsWith("#"));
const pkg = JSON.parse(read("package.json")) as {
  bin: Record<string, string>;
  engines: { node: string };
  dependencies: Record<string, string>;
  devDependencies: Record<string, string>;
};

interface Instruction {
  keyword: string;
  args: string;
}

function instructions(text: string): Instruction[] {
  return text
    .replace(/\\\n/g, " ")
    .split("\n")
    .map((line) => line.trim())
    .filter((line) => line !== "" && !line.startsWith("#"))
    .map((line) => {
      const [keyword = "", ...rest] = line.split(/\s+/);
      return { keyword: keyword.toUpperCase(), args: rest.join(" ") };
    });
}

/** A .dockerignore pattern as a regular expression over slash-separated context paths. */
function patternRegExp(pattern: string): RegExp {
  const source = pattern
    .replace(/\/+$/, "")
    .split(/(\*\*\/|\*\*|\*|\?)/)
    .map((part) => {
      if (part === "**/") return "(?:.*/)?";
      if (part === "**") return ".*";
      if (part === "*") return "[^/]*";
      if (part === "?") return "[^/]";
      return part.replace(/[.+^${}()|[\]\\]/g, "\\$&");
    })
    .join("");
  return new RegExp(`^${source}$`);
}

/** Docker's rule: the last pattern matching the path or one of its parent directories decides. */
function inBuildContext(path: string): boolean {
  const parts = path.split("/");
  const candidates = parts.map((_, i) => parts.slice(0, i + 1).join("/"));
  let included = true;
  for (const raw of ignorePatterns) {
    const negated = raw.startsWith("!");
    const re = patternRegExp(negated ? raw.slice(1) : raw);
    if (candidates.some((candidate) => re.test(candidate))) included = negated;
  }
  return included;
}

function filesUnder(dir: string): string[] {
  return readdirSync(new URL(dir, ROOT), { withFileTypes: true }).flatMap((entry) => {
    const path = `${dir}${entry.name}`;
    return entry.isDirectory() ? filesUnder(`${path}/`) : [path];
  });
}

/** Package names the code under src/ imports (node: built-ins and relative paths aside). */
function importedPackages(): Set<string> {
  const names = new Set<string>();
  for (const file of filesUnder("src/").filter((f) => f.endsWith(".ts"))) {
    for (const match of read(file).matchAll(/(?:from\s+|import\s*\(\s*)"([^".][^"]*)"/g)) {
      const specifier = match[1] ?? "";
      if (specifier.startsWith("node:")) continue;
      const [scope = "", name = ""] = specifier.split("/");
      names.add(scope.startsWith("@") ? `${scope}/${name}` : scope);
    }
  }
  return names;
}

const steps = instructions(dockerfile);
const stages = steps.filter((s) => s.keyword === "FROM");
const runtimeSteps = steps.slice(steps.lastIndexOf(stages.at(-1) as Instruction));

describe("the Dockerfile", () => {
  it("builds on Node 20 bookworm-slim, which the package's engines accept", () => {
    expect(stages.length).toBeGreaterThanOrEqual(2);
    for (const stage of stages) expect(stage.args).toMatch(/^node:20-bookworm-slim\b/);
    expect(pkg.engines.node).toMatch(/>=20\.\d+ <21/);
  });

  it("runs the compiled CLI, which is the package's svcmirror bin", () => {
    const entrypoint = runtimeSteps.find((s) => s.keyword === "ENTRYPOINT");
    const argv = JSON.parse(entrypoint?.args ?? "[]") as string[];
    const build = JSON.parse(read("tsconfig.build.json")) as {
      compilerOptions: { outDir: string; rootDir: string };
    };
    expect(build.compilerOptions.rootDir).toBe(".");
    const compiledCli = `${build.compilerOptions.outDir}/src/cli.js`;
    expect(argv).toEqual(["node", compiledCli]);
    expect(pkg.bin.svcmirror).toBe(compiledCli);
  });

  it("copies only files that exist and are in the build context", () => {
    const copies = steps.filter((s) => s.keyword === "COPY" && !s.args.startsWith("--from="));
    const sources = copies.flatMap((s) => s.args.split(/\s+/).slice(0, -1));
    expect(sources).toContain("src");
    for (const source of sources) {
      const files = source === "src" ? filesUnder("src/") : [source];
      expect(() => read(files[0] ?? ""), `${source} exists`).not.toThrow();
      for (const file of files) expect(inBuildContext(file), `${file} in the build context`).toBe(true);
    }
  });

  it("keeps kubeconfigs, tests and local builds out of the build context", () => {
    for (const path of [
      "sim.kubeconfig",
      "src/sim/local.kubeconfig",
      "test/manifests/image.test.ts",
      "dist/src/cli.js",
      "node_modules/yaml/package.json",
      ".git/config",
    ]) {
      expect(inBuildContext(path), path).toBe(false);
    }
  });

  it("runs as a numeric non-root user and exposes the admin port", () => {
    const user = runtimeSteps.find((s) => s.keyword === "USER")?.args ?? "";
    expect(user).toMatch(/^[1-9]\d*:\d+$/);
    const { container } = loadDeployment();
    const admin = container.ports?.find((p) => p.name === "admin")?.containerPort;
    expect(runtimeSteps.find((s) => s.keyword === "EXPOSE")?.args).toBe(String(admin));
  });

  it("prunes devDependencies only: the code imports nothing but production dependencies", () => {
    expect(dockerfile).toMatch(/npm prune --omit=dev/);
    const missing = [...importedPackages()].filter((name) => pkg.dependencies[name] === undefined);
    expect(missing).toEqual([]);
  });

  it("skips install scripts safely: no production dependency has one", () => {
    expect(dockerfile).toMatch(/npm ci --ignore-scripts/);
    const lock = JSON.parse(read("package-lock.json")) as {
      packages: Record<string, { dev?: boolean; hasInstallScript?: boolean }>;
    };
    const withScripts = Object.entries(lock.packages)
      .filter(([path, entry]) => path !== "" && entry.hasInstallScript === true && entry.dev !== true)
      .map(([path]) => path);
    expect(withScripts).toEqual([]);
  });
});
