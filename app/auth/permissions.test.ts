import fs from "node:fs";
import path from "node:path";

import { describe, expect, it } from "vitest";

import { can, PERMISSIONS, ROLES, strongerRole, type Permission } from "./permissions";

// docs/permissions.md is what people read; this keeps it honest about what the code enforces.
describe("docs/permissions.md", () => {
  const doc = fs.readFileSync(path.resolve("docs/permissions.md"), "utf8");
  const rows = doc
    .split("\n")
    .filter((line) => /^\|.*\|\s*`\w+`\s*\|/.test(line))
    .map((line) => line.split("|").map((cell) => cell.trim()))
    .map((cells) => ({ action: cells[1], key: cells[2].replaceAll("`", ""), roles: cells.slice(3, 6) }));

  it("documents every permission", () => {
    expect(new Set(rows.map((r) => r.key))).toEqual(new Set(Object.keys(PERMISSIONS)));
  });

  it.each(rows)("matches the code for “$action”", ({ key, roles }) => {
    expect(key in PERMISSIONS).toBe(true);
    const documented = ROLES.filter((_, i) => roles[i].startsWith("✅"));
    expect(documented).toEqual(ROLES.filter((role) => can(role, key as Permission)));
  });
});

describe("progress", () => {
  it("lets both sides mark status, and only the partner record the hours billed by", () => {
    expect(ROLES.filter((r) => can(r, "trackProgress"))).toEqual(["founder", "partner"]);
    expect(ROLES.filter((r) => can(r, "logHours"))).toEqual(["partner"]);
  });
});

describe("strongerRole", () => {
  it("orders founder over partner over viewer, in either argument order", () => {
    expect(strongerRole("viewer", "partner")).toBe("partner");
    expect(strongerRole("partner", "viewer")).toBe("partner");
    expect(strongerRole("partner", "founder")).toBe("founder");
    expect(strongerRole("founder", "viewer")).toBe("founder");
    expect(strongerRole("viewer", "viewer")).toBe("viewer");
  });
});
