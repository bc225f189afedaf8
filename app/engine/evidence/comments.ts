// Comments say what code should do, not what it does: "// TODO: verify with constructEvent",
// "// Never use dangerouslySetInnerHTML here". Behaviour rules therefore read a copy of the text
// with every comment character replaced by a space. Newlines (and carriage returns) are kept, so
// every offset and line number in the copy is the same as in the real file, and excerpts can be
// cut from the real text.
//
// This is a lexer, not a parser: it knows strings (so "https://x" is not a comment), JS template
// literals and regex literals, and guesses where the guess is cheap. When it is unsure it leaves text
// as it is, so a mistake makes a comment count (as before) rather than hide code. Files of other
// kinds (Markdown, JSON, HTML…) are returned unchanged.

type Ranges = number[]; // [start, end, start, end, …] of comment text

const JS = /\.(?:[cm]?[jt]sx?|vue|svelte|astro)$/i;
const MARKUP = /\.(?:vue|svelte|astro)$/i;
const PYTHON_LIKE = /\.(?:py|pyw|toml)$/i;
const SHELL_LIKE = /(?:\.(?:sh|bash|zsh|ya?ml)|(?:^|\/)\.env(?:\.[^/]*)?)$/i;
const SQL = /\.sql$/i;

/** The text with its comments blanked out (same length, same line breaks); unchanged if it has none. */
export function blankComments(path: string, text: string): string {
  let ranges: Ranges;
  if (JS.test(path)) ranges = jsComments(text, MARKUP.test(path));
  else if (PYTHON_LIKE.test(path)) ranges = hashComments(text, false);
  else if (SHELL_LIKE.test(path)) ranges = hashComments(text, true);
  else if (SQL.test(path)) ranges = sqlComments(text);
  else return text;
  if (ranges.length === 0) return text;
  let out = "";
  let from = 0;
  for (let r = 0; r < ranges.length; r += 2) {
    out += text.slice(from, ranges[r]) + text.slice(ranges[r], ranges[r + 1]).replace(/[^\r\n]/g, " ");
    from = ranges[r + 1];
  }
  return out + text.slice(from);
}

function lineEnd(text: string, i: number): number {
  const nl = text.indexOf("\n", i);
  return nl === -1 ? text.length : nl;
}

function blockEnd(text: string, i: number, close: string): number {
  const at = text.indexOf(close, i);
  return at === -1 ? text.length : at + close.length;
}

/** Index after a quoted string opened at `i`; it ends at its quote or, unclosed, at the line's end. */
function quotedEnd(text: string, i: number, escapes: boolean, multiline: boolean): number {
  const quote = text[i];
  for (let j = i + 1; j < text.length; j++) {
    const c = text[j];
    if (escapes && c === "\\") j++;
    else if (c === quote) return j + 1;
    else if (c === "\n" && !multiline) return j;
  }
  return text.length;
}

// Before one of these (or at the start), a `/` starts a regex literal; elsewhere it divides.
const BEFORE_REGEX = new Set("(,=:[!&|?{};+-*%~^".split(""));
const KEYWORDS_BEFORE_REGEX =
  /(?:^|[^\w$])(?:return|typeof|instanceof|in|of|new|delete|void|throw|case|do|else|yield|await)$/;

/** `//`, `/* … *\/` (and `<!-- … -->` in single-file components), outside strings and regexes. */
function jsComments(text: string, markup: boolean): Ranges {
  const out: Ranges = [];
  const n = text.length;
  const templates: number[] = []; // brace depth to return to when a `${ … }` closes
  let depth = 0;
  let last = -1; // index of the last significant code character
  let i = 0;

  // Reads template text from j; returns the index after its closing backtick or after a `${`.
  const template = (j: number): number => {
    for (; j < n; j++) {
      const c = text[j];
      if (c === "\\") j++;
      else if (c === "`") return j + 1;
      else if (c === "$" && text[j + 1] === "{") {
        templates.push(depth);
        depth = 0;
        return j + 2;
      }
    }
    return n;
  };

  const regexAllowed = (): boolean => {
    if (last === -1) return true;
    const p = text[last];
    if (BEFORE_REGEX.has(p)) return true;
    if (p === ">" && text[last - 1] === "=") return true; // `x => /re/.test(x)`
    return /[\w$]/.test(p) && KEYWORDS_BEFORE_REGEX.test(text.slice(Math.max(0, last - 11), last + 1));
  };

  while (i < n) {
    const c = text[i];
    const next = text[i + 1];
    if (c === "/" && next === "/") {
      const end = lineEnd(text, i);
      out.push(i, end);
      i = end;
    } else if (c === "/" && next === "*") {
      const end = blockEnd(text, i + 2, "*/");
      out.push(i, end);
      i = end;
    } else if (markup && c === "<" && text.startsWith("<!--", i)) {
      const end = blockEnd(text, i + 4, "-->");
      out.push(i, end);
      i = end;
    } else if (c === "'" || c === '"') {
      i = quotedEnd(text, i, true, false);
      last = i - 1;
    } else if (c === "`") {
      i = template(i + 1);
      last = i - 1;
    } else if (c === "}" && depth === 0 && templates.length > 0) {
      depth = templates.pop()!;
      i = template(i + 1);
      last = i - 1;
    } else if (c === "/" && regexAllowed()) {
      // A regex literal ends at an unescaped `/` outside a character class, on the same line.
      let j = i + 1;
      let inClass = false;
      for (; j < n && text[j] !== "\n"; j++) {
        const d = text[j];
        if (d === "\\") j++;
        else if (d === "[") inClass = true;
        else if (d === "]") inClass = false;
        else if (d === "/" && !inClass) break;
      }
      i = j < n && text[j] === "/" ? j + 1 : i + 1;
      last = i - 1;
    } else {
      if (c === "{") depth++;
      else if (c === "}") depth--;
      if (c !== " " && c !== "\t" && c !== "\n" && c !== "\r") last = i;
      i++;
    }
  }
  return out;
}

/**
 * `#` comments. Python and TOML: anywhere outside a string, with '''/""" strings over several lines.
 * Shell, YAML and .env files: only at a line's start or after white space (`a#b` and
 * `url: http://x/#top` are values), and a quote opens a string only where a value can start.
 */
function hashComments(text: string, shellLike: boolean): Ranges {
  const out: Ranges = [];
  const n = text.length;
  let i = 0;
  while (i < n) {
    const c = text[i];
    const before = i === 0 ? "\n" : text[i - 1];
    if (c === "#" && (!shellLike || /\s/.test(before))) {
      const end = lineEnd(text, i);
      out.push(i, end);
      i = end;
    } else if (c === "'" || c === '"') {
      if (shellLike && !/[\s=:[{,(]/.test(before)) {
        i++; // an apostrophe in a word ("Don't")
      } else if (!shellLike && text.startsWith(c.repeat(3), i)) {
        i = blockEnd(text, i + 3, c.repeat(3));
      } else {
        // Shell and YAML single quotes have no backslash escapes.
        i = quotedEnd(text, i, !(shellLike && c === "'"), false);
      }
    } else {
      i++;
    }
  }
  return out;
}

/** SQL: `--` and `/* … *\/` outside '…' strings and "…" names (which may span lines; '' is a quote). */
function sqlComments(text: string): Ranges {
  const out: Ranges = [];
  const n = text.length;
  let i = 0;
  while (i < n) {
    const c = text[i];
    if (c === "-" && text[i + 1] === "-") {
      const end = lineEnd(text, i);
      out.push(i, end);
      i = end;
    } else if (c === "/" && text[i + 1] === "*") {
      const end = blockEnd(text, i + 2, "*/");
      out.push(i, end);
      i = end;
    } else if (c === "'" || c === '"') {
      i = quotedEnd(text, i, false, true);
    } else {
      i++;
    }
  }
  return out;
}
