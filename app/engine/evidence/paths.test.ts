import { describe, expect, it } from "vitest";

import { stripCommonRoot } from "./paths";

const paths = (...list: string[]) => stripCommonRoot(list.map((path) => ({ path }))).map((f) => f.path);

describe("stripCommonRoot", () => {
  it("takes off a download's wrapper folder", () => {
    expect(paths("shop-main/package.json", "shop-main/src/App.tsx")).toEqual(["package.json", "src/App.tsx"]);
    expect(paths("shop-main/src/App.tsx", "shop-main/src/main.tsx")).toEqual(["src/App.tsx", "src/main.tsx"]);
  });

  it("keeps a lone code folder, which is part of the path a founder looks for", () => {
    expect(paths("src/App.tsx", "src/lib/ai.ts")).toEqual(["src/App.tsx", "src/lib/ai.ts"]);
    expect(paths("supabase/migrations/1_init.sql")).toEqual(["supabase/migrations/1_init.sql"]);
  });

  it("still takes off a code-folder name that wraps a whole project", () => {
    // A project called "app", zipped by hand: its package.json sits directly inside.
    expect(paths("app/package.json", "app/src/App.tsx")).toEqual(["package.json", "src/App.tsx"]);
    expect(paths("App/README.md", "App/index.ts")).toEqual(["README.md", "index.ts"]);
  });

  it("leaves paths alone when there is more than one folder at the top", () => {
    expect(paths("src/App.tsx", "package.json")).toEqual(["src/App.tsx", "package.json"]);
    expect(paths("a/x.ts", "b/y.ts")).toEqual(["a/x.ts", "b/y.ts"]);
  });
});
