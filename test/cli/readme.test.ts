// The README's command-line tables are written by hand; this keeps them in step with the code.

import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { RUN_OPTIONS } from "../../src/config.js";

const README = readFileSync(new URL("../../README.md", import.meta.url), "utf8");

function tableRow(flag: string): string | undefined {
  return README.split("\n").find((line) => line.startsWith(`| \`${flag}`));
}

describe("README command line", () => {
  it.each(RUN_OPTIONS.map((o) => [o.flag, o]))(
    "documents run %s with its variable and default",
    (flag, option) => {
      const row = tableRow(flag);
      expect(row, `no README row for ${flag}`).toBeDefined();
      expect(row).toContain(`\`${option.env}\``);
      if (option.defaultValue !== undefined && option.defaultValue !== "false") {
        expect(row).toContain(`\`${option.defaultValue}\``);
      }
    },
  );

  it.each(["--port", "--tls", "--token", "--user-token", "--kubeconfig-out", "--sample"])(
    "documents sim %s",
    (flag) => {
      expect(tableRow(flag)).toBeDefined();
    },
  );

  it("starts the set-up with the sim until the demo exists", () => {
    const setUp = README.split("## Set-up")[1]!;
    expect(setUp).toContain("npm ci && npm run sim");
  });
});
