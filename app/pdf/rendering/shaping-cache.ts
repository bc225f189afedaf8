// Text shaping once per string and face within one document.
//
// react-pdf's textkit shapes every run of text with fontkit's `layout` (OpenType substitution and
// positioning: 18% of a proposal's render), and shapes the same string again every time it comes
// back. In the demo proposal 2,948 runs are shaped and 1,196 are distinct: the running header and
// footer of every page, "Deliverables", "Done when", bullets and units. Shaping is a pure function
// of the face and (string, features, script, language, direction), and textkit only reads the glyph
// run it gets back (it copies the positions before scaling them, and react-pdf's renderer copies the
// glyph list before changing it), so one result can serve every repeat.
//
// The cache belongs to one document: after `beginDocument()` a face's cache empties on its next use,
// so memory is bounded by one document's text and a render never reuses what the worker shaped for
// another document.
// Only textkit's call is cached, the one that passes all five arguments with direction "ltr";
// pdfkit's own calls (`layout(text, features)`) scale the positions they get in place and must keep
// fresh ones.
import { Font } from "@react-pdf/renderer";

type Layout = (
  text: string,
  features?: unknown,
  script?: string,
  language?: string,
  direction?: string,
) => unknown;
type ShapingFont = { layout: Layout };

/** Far above one proposal's distinct runs (1,196 for the demo, about 3,000 for 150 items). */
const MAX_ENTRIES = 20_000;

/** Raised by each `beginDocument()`; a cache made in an earlier document empties on its next use. */
let documentNumber = 0;
const cached = new WeakSet<ShapingFont>();

function isShapingFont(value: unknown): value is ShapingFont {
  return typeof value === "object" && value !== null && typeof (value as ShapingFont).layout === "function";
}

/** Wraps a parsed font's `layout` with a cache of the current document's runs, once. */
function cacheShaping(font: ShapingFont): void {
  if (cached.has(font)) return;
  cached.add(font);
  const layout = font.layout;
  const shaped = new Map<string, unknown>();
  let shapedIn = documentNumber;
  font.layout = function (this: ShapingFont, ...args: Parameters<Layout>) {
    const [text, features, script, language, direction] = args;
    if (args.length !== 5 || direction !== "ltr" || typeof text !== "string") {
      return layout.apply(this, args);
    }
    if (shapedIn !== documentNumber || shaped.size >= MAX_ENTRIES) {
      shaped.clear();
      shapedIn = documentNumber;
    }
    const key = `${features === undefined ? "" : JSON.stringify(features)}\u0000${script ?? ""}\u0000${language ?? ""}\u0000${text}`;
    let run = shaped.get(key);
    if (run === undefined) {
      run = layout.call(this, text, features, script, language, direction);
      shaped.set(key, run);
    }
    return run;
  };
}

/**
 * Before each render: starts a new document for every cache, and caches the faces loaded since the
 * last render (a fallback font loaded during a render is cached from the next one).
 */
export function beginDocument(): void {
  documentNumber += 1;
  for (const family of Object.values(Font.getRegisteredFonts())) {
    for (const source of family.sources) {
      if (isShapingFont(source.data)) cacheShaping(source.data);
    }
  }
}
