// Reads a repository folder for `npm run scan -- DIR`: the same limits and skips as an upload,
// and links are not followed (a link could lead anywhere on the machine).

import { lstatSync, readFileSync, readdirSync } from "node:fs";
import path from "node:path";

import { isIgnoredPath } from "~/engine/evidence/paths";

import { Collector, type ReadResult } from "./archive.server";
import { DEFAULT_LIMITS, type ReadLimits } from "./limits";

export function readDirectory(root: string, limits: ReadLimits = DEFAULT_LIMITS): ReadResult {
  const collector = new Collector("directory", limits);
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) =>
      a.name < b.name ? -1 : 1,
    )) {
      const full = path.join(dir, entry.name);
      const rel = path.relative(root, full).split(path.sep).join("/");
      if (entry.isSymbolicLink() || !(entry.isFile() || entry.isDirectory())) continue;
      if (entry.isDirectory()) {
        // Dependency and build folders can hold most of a checkout's files: don't even list them.
        if (isIgnoredPath(`${rel}/x`)) {
          collector.stats.ignored++;
          continue;
        }
        collector.enter(`${rel}/`, 0, true);
        walk(full);
        continue;
      }
      const size = lstatSync(full).size;
      const relPath = collector.enter(rel, Math.min(size, limits.maxFileBytes), false);
      if (relPath === undefined || !collector.wants(relPath, size)) continue;
      const content = readFileSync(full);
      collector.count(content.length);
      collector.add(relPath, content);
    }
  };
  walk(root);
  // A folder is the repository root itself: no wrapper folder to take off.
  return collector.result({ stripRoot: false });
}
