// The plan's forms posted as plain HTML forms (no JavaScript), as the partner: when the server refuses
// a save, the page that comes back shows every field as it was typed, with the message beside the
// field it is about, and the stored plan is unchanged. A change refused because someone else changed
// the item meanwhile says what the item now is in the words the pages use, not the stored codes.
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { COMMENT_MAX_LENGTH } from "~/utils/comment-length";

import { DEMO, demoEngagementId, login, query } from "./support/demo-server";
import { startServer, type Client, type TestServer } from "./support/server";

type Item = {
  id: string;
  title: string;
  optimistic: number;
  likely: number;
  pessimistic: number;
  version: number;
  scope: string;
  scope_reason: string | null;
  estimate_reason: string | null;
};

let server: TestServer;
let id: string;
let partner: Client;

beforeAll(async () => {
  server = await startServer({ SEED_DEMO: "true" });
  id = demoEngagementId(server);
  partner = await login(server, DEMO.partner.email);
  const generated = await partner.post(`/engagements/${id}/plan`, { intent: "generate" });
  expect(generated.status).toBe(302);
});
afterAll(async () => {
  await server?.stop();
});

const items = () =>
  query<Item>(
    server,
    "select id, title, optimistic, likely, pessimistic, version, scope, scope_reason, estimate_reason from plan_items where engagement_id = ? order by phase, position",
    id,
  );
const item = (itemId: string) => items().find((i) => i.id === itemId)!;
const count = (table: "comments" | "plan_items") =>
  query<{ n: number }>(server, `select count(*) n from ${table} where engagement_id = ?`, id)[0]!.n;

function decode(s: string): string {
  return s
    .replaceAll("&quot;", '"')
    .replaceAll("&#x27;", "'")
    .replaceAll("&lt;", "<")
    .replaceAll("&gt;", ">")
    .replaceAll("&amp;", "&");
}

/** The page's text as a reader sees it (React separates adjacent text with empty comments). */
const text = (html: string) => decode(html.replaceAll("<!-- -->", ""));

/** One element's attributes, by name (lower case, as HTML reads them), with their values. */
function attrs(tag: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [, name, value] of tag.matchAll(/([\w-]+)(?:="([^"]*)")?/g))
    out[name!.toLowerCase()] = decode(value ?? "");
  return out;
}

/** The `<input>` named `name` (the first one, in `html` or a part of it). */
function input(html: string, name: string): Record<string, string> | undefined {
  for (const [, tag] of html.matchAll(/<input([^>]*)>/g)) {
    const a = attrs(tag!);
    if (a.name === name) return a;
  }
  return undefined;
}

function textarea(html: string, name: string): { attrs: Record<string, string>; value: string } | undefined {
  for (const [, tag, body] of html.matchAll(/<textarea([^>]*)>([\s\S]*?)<\/textarea>/g)) {
    const a = attrs(tag!);
    // React writes a leading newline before a value that starts with one.
    if (a.name === name) return { attrs: a, value: decode(body!) };
  }
  return undefined;
}

/** The option a `<select>` shows as chosen. */
function selected(html: string, name: string): string | undefined {
  const select = new RegExp(`<select[^>]*name="${name}"[^>]*>([\\s\\S]*?)</select>`).exec(html)?.[1];
  return select ? /<option[^>]*value="([^"]*)"[^>]*selected=""/.exec(select)?.[1] : undefined;
}

/** The form on the page that posts `intent`. */
function formOf(html: string, intent: string): string {
  const form = [...html.matchAll(/<form[^>]*>[\s\S]*?<\/form>/g)]
    .map((m) => m[0])
    .find((f) => f.includes(`name="intent" value="${intent}"`));
  expect(form, `a form posting ${intent}`).toBeDefined();
  return form!;
}

/** The element with this id, and its text. */
function byId(html: string, elementId: string): string | undefined {
  return new RegExp(`<(\\w+)[^>]*id="${elementId}"[^>]*>([\\s\\S]*?)</\\1>`).exec(html)?.[2];
}

describe("the estimates table, refused", () => {
  /** The table's row fields as the browser would send them untouched. */
  async function shownTable(): Promise<Record<string, string>> {
    const html = await (await partner.get(`/engagements/${id}/plan/estimates`)).text();
    const fields: Record<string, string> = {};
    for (const [, tag] of html.matchAll(/<input([^>]*)>/g)) {
      const a = attrs(tag!);
      if (a.name && /^[ompv]\./.test(a.name)) fields[a.name] = a.value ?? "";
    }
    return fields;
  }

  it("shows every row and the reason as typed, and marks the bad field of the bad row", async () => {
    const before = items();
    const [a, b, c] = before;
    const table = await shownTable();
    const res = await partner.post(`/engagements/${id}/plan/estimates`, {
      ...table,
      [`o.${a!.id}`]: "11",
      [`m.${a!.id}`]: "22.5",
      [`p.${a!.id}`]: "33",
      [`m.${b!.id}`]: "lots",
      [`p.${c!.id}`]: "77",
      reason: "Walked through the code with the founder",
    });
    expect(res.status).toBe(400);
    const html = await res.text();
    expect(text(html)).toContain("Nothing was saved: one row needs fixing (marked below).");

    // The valid edits and the reason are as typed, not the stored numbers.
    expect(input(html, `o.${a!.id}`)?.value).toBe("11");
    expect(input(html, `m.${a!.id}`)?.value).toBe("22.5");
    expect(input(html, `p.${a!.id}`)?.value).toBe("33");
    expect(input(html, `p.${c!.id}`)?.value).toBe("77");
    expect(input(html, "reason")?.value).toBe("Walked through the code with the founder");
    // The bad row shows what was typed, its message and which of its numbers is wrong.
    const bad = input(html, `m.${b!.id}`)!;
    expect(bad.value).toBe("lots");
    expect(bad["aria-invalid"]).toBe("true");
    expect(input(html, `o.${b!.id}`)!["aria-invalid"]).toBeUndefined();
    expect(byId(html, bad["aria-describedby"]!)).toBe("Enter the likely estimate in hours, like 4 or 2.5.");
    // Rows being changed keep the version they were read at, so sending them again still catches
    // someone else's change in between.
    expect(input(html, `v.${a!.id}`)?.value).toBe(String(a!.version));

    expect(items()).toEqual(before);
  });

  it("keeps the rows as typed when only the reason is missing, and says so at the top", async () => {
    const before = items();
    const [a] = before;
    const res = await partner.post(`/engagements/${id}/plan/estimates`, {
      ...(await shownTable()),
      [`p.${a!.id}`]: "123",
      reason: "",
    });
    expect(res.status).toBe(400);
    const html = await res.text();
    expect(text(html)).toContain("Nothing was saved: the reason needs fixing (marked below).");
    expect(text(html)).toContain("Say briefly why the estimates changed.");
    expect(input(html, `p.${a!.id}`)?.value).toBe("123");
    expect(items()).toEqual(before);
  });

  it("asks for the reason along with a bad row, not only once the row is fixed", async () => {
    const before = items();
    const [a] = before;
    const res = await partner.post(`/engagements/${id}/plan/estimates`, {
      ...(await shownTable()),
      [`o.${a!.id}`]: "-1",
      reason: "",
    });
    expect(res.status).toBe(400);
    const html = text(await res.text());
    expect(html).toContain("Nothing was saved: one row and the reason need fixing (marked below).");
    expect(html).toContain("The optimistic estimate can't be negative.");
    expect(items()).toEqual(before);
  });
});

describe("an item's estimate, refused", () => {
  it("shows the numbers and reason as typed, the message beside its field and a summary above", async () => {
    const target = items()[3]!;
    const res = await partner.post(`/engagements/${id}/plan/${target.id}`, {
      intent: "estimate",
      itemId: target.id,
      version: String(target.version),
      "estimate.optimistic": "30",
      "estimate.likely": "20",
      "estimate.pessimistic": "40",
      reason: "Fourteen tables, not three",
    });
    expect(res.status).toBe(400);
    const html = await res.text();
    const form = formOf(html, "estimate");
    expect(input(form, "estimate.optimistic")?.value).toBe("30");
    expect(input(form, "estimate.likely")?.value).toBe("20");
    expect(input(form, "estimate.pessimistic")?.value).toBe("40");
    expect(input(form, "reason")?.value).toBe("Fourteen tables, not three");
    const likely = input(form, "estimate.likely")!;
    expect(likely["aria-invalid"]).toBe("true");
    expect(byId(form, likely["aria-describedby"]!)).toBe(
      "Estimates must go optimistic ≤ likely ≤ pessimistic.",
    );
    expect(text(form)).toContain("The estimate was not saved: one field needs fixing (marked below).");
    // Without JavaScript the page comes back at the form, not at the top, where this is out of sight.
    expect(/<form[^>]*action="([^"]*)"/.exec(form)?.[1]).toBe(
      `/engagements/${id}/plan/${target.id}#estimate`,
    );
    expect(html).toMatch(/<section[^>]*id="estimate"/);
    // The other forms on the page are not filled with it.
    expect(textarea(html, "body")?.value).toBe("");
    expect(input(formOf(html, "scope"), "scopeReason")?.value ?? "").toBe(target.scope_reason ?? "");

    expect(item(target.id)).toEqual(target);
  });

  it("shows a missing reason beside the reason field, with the numbers kept", async () => {
    const target = items()[3]!;
    const res = await partner.post(`/engagements/${id}/plan/${target.id}`, {
      intent: "estimate",
      itemId: target.id,
      version: String(target.version),
      "estimate.optimistic": "3",
      "estimate.likely": "5",
      "estimate.pessimistic": "9.5",
      reason: "",
    });
    expect(res.status).toBe(400);
    const form = formOf(await res.text(), "estimate");
    expect(input(form, "estimate.pessimistic")?.value).toBe("9.5");
    const reason = input(form, "reason")!;
    expect(reason["aria-invalid"]).toBe("true");
    // Described by its hint (who reads the reason) and then the message.
    expect(reason["aria-describedby"]).toBe("reason-hint reason-error");
    expect(byId(form, "reason-error")).toBe("Say briefly why the estimate changed.");
    expect(item(target.id)).toEqual(target);
  });

  it("says what is wrong with a number that is too large or too precise, and the limit", async () => {
    const target = items()[3]!;
    const res = await partner.post(`/engagements/${id}/plan/${target.id}`, {
      intent: "estimate",
      itemId: target.id,
      version: String(target.version),
      "estimate.optimistic": "1.125",
      "estimate.likely": "5",
      "estimate.pessimistic": "100000",
      reason: "Checked",
    });
    expect(res.status).toBe(400);
    const form = formOf(await res.text(), "estimate");
    const message = (name: string) => byId(form, input(form, name)!["aria-describedby"]!);
    expect(message("estimate.optimistic")).toBe("Use at most 2 decimal places.");
    expect(message("estimate.pessimistic")).toBe(
      "The pessimistic estimate is too large: at most 10,000 hours.",
    );
    expect(item(target.id)).toEqual(target);
  });

  it("keeps the version the numbers were typed against, so sending them again cannot overwrite another change", async () => {
    const target = items()[4]!;
    // Someone else changes the item, then this tab's estimate (read before that) is refused.
    const other = await partner.post(`/engagements/${id}/plan/${target.id}`, {
      intent: "owner",
      itemId: target.id,
      version: String(target.version),
      owner: "founder",
    });
    expect(other.status).toBe(302);
    const res = await partner.post(`/engagements/${id}/plan/${target.id}`, {
      intent: "estimate",
      itemId: target.id,
      version: String(target.version),
      "estimate.optimistic": "1",
      "estimate.likely": "2",
      "estimate.pessimistic": "3",
      reason: "",
    });
    expect(res.status).toBe(400);
    const form = formOf(await res.text(), "estimate");
    expect(input(form, "version")?.value).toBe(String(target.version));
    const fields = Object.fromEntries(
      ["intent", "itemId", "version", "estimate.optimistic", "estimate.likely", "estimate.pessimistic"].map(
        (name) => [name, input(form, name)?.value ?? ""],
      ),
    );
    const again = await partner.post(`/engagements/${id}/plan/${target.id}`, { ...fields, reason: "Fixed" });
    expect(again.status).toBe(409);
    expect(item(target.id)).toMatchObject({ version: target.version + 1, likely: target.likely });
  });

  it("after a save, shows the new numbers and an empty reason", async () => {
    const target = items()[3]!;
    const res = await partner.post(`/engagements/${id}/plan/${target.id}`, {
      intent: "estimate",
      itemId: target.id,
      version: String(target.version),
      "estimate.optimistic": "3",
      "estimate.likely": "5",
      "estimate.pessimistic": "9.5",
      reason: "Fourteen tables, not three",
    });
    expect(res.status).toBe(302);
    expect(item(target.id)).toMatchObject({
      pessimistic: 9.5,
      estimate_reason: "Fourteen tables, not three",
    });
    const form = formOf(await (await partner.get(res.headers.get("location")!)).text(), "estimate");
    expect(input(form, "estimate.pessimistic")?.value).toBe("9.5");
    expect(input(form, "reason")?.value ?? "").toBe("");
  });
});

describe("a comment, refused", () => {
  it("keeps the text of a comment over the limit, says why, and the box stops at the same limit", async () => {
    const target = items()[1]!;
    const before = count("comments");
    const body = `Line one <b>&amp; "quoted"</b>\n${"x".repeat(COMMENT_MAX_LENGTH)}`;
    const res = await partner.post(`/engagements/${id}/plan/${target.id}`, {
      intent: "comment",
      itemId: target.id,
      body,
    });
    expect(res.status).toBe(400);
    const html = await res.text();
    const box = textarea(html, "body")!;
    expect(box.value.replace(/^\n/, "")).toBe(body);
    expect(box.attrs.maxlength).toBe(String(COMMENT_MAX_LENGTH));
    expect(box.attrs["aria-invalid"]).toBe("true");
    expect(byId(html, box.attrs["aria-describedby"]!)).toBe("Keep comments to 4,000 characters or fewer.");
    expect(count("comments")).toBe(before);
  });

  it("takes a comment of exactly the box's limit (the box and the server agree)", async () => {
    const target = items()[1]!;
    const before = count("comments");
    const res = await partner.post(`/engagements/${id}/plan/${target.id}`, {
      intent: "comment",
      itemId: target.id,
      body: "y".repeat(COMMENT_MAX_LENGTH),
    });
    expect(res.status).toBe(302);
    expect(count("comments")).toBe(before + 1);
    // And the next comment starts from an empty box.
    const html = await (await partner.get(`/engagements/${id}/plan/${target.id}`)).text();
    expect(textarea(html, "body")?.value).toBe("");
  });
});

describe("a comment's line breaks", () => {
  it("count as one character each, as the box counts them, though a form without JavaScript sends CRLF", async () => {
    const target = items()[2]!;
    const before = count("comments");
    // 2,000 lines of one letter: 4,000 characters in the box, 5,999 as sent with CRLF.
    const lines = Array.from({ length: COMMENT_MAX_LENGTH / 2 }, () => "z");
    const res = await partner.post(`/engagements/${id}/plan/${target.id}`, {
      intent: "comment",
      itemId: target.id,
      body: lines.join("\r\n") + "\r\n",
    });
    expect(res.status).toBe(302);
    expect(count("comments")).toBe(before + 1);
    const stored = query<{ body: string }>(
      server,
      "select body from comments where engagement_id = ? order by rowid desc limit 1",
      id,
    )[0]!.body;
    expect(stored).toBe(lines.join("\n"));
  });
});

describe("a comment on a proposal, refused", () => {
  it("keeps the text and says why", async () => {
    const published = await partner.post(`/engagements/${id}/proposals`, { assumptions: "", exclusions: "" });
    expect(published.status).toBe(302);
    const url = published.headers.get("Location")!;
    const before = count("comments");
    const body = `Week one? ${"w".repeat(COMMENT_MAX_LENGTH)}`;
    const res = await partner.post(url, { intent: "comment", body });
    expect(res.status).toBe(400);
    const html = await res.text();
    const box = textarea(html, "body")!;
    expect(box.value.replace(/^\n/, "")).toBe(body);
    expect(byId(html, box.attrs["aria-describedby"]!)).toBe("Keep comments to 4,000 characters or fewer.");
    expect(count("comments")).toBe(before);
  });
});

describe("a custom item, refused", () => {
  it("is a page with one heading and the form open, not a collapsed section under its own title", async () => {
    const page = await (await partner.get(`/engagements/${id}/plan/new`)).text();
    // Once on the page (the document's <title> names it too).
    expect(page.slice(page.indexOf("<body")).match(/Add a custom item/g)).toHaveLength(1);
    expect(page).toMatch(/<h2>Add a custom item<\/h2>/);
    expect(page).not.toMatch(/<details|<summary/);
    expect(input(page, "title")).toBeDefined();
  });

  it("keeps every field as submitted, each message beside its field", async () => {
    const page = await (await partner.get(`/engagements/${id}/plan/new`)).text();
    const areas = [...page.matchAll(/<option value="([^"]+)"/g)].map((m) => m[1]!);
    const area = areas.find((a) => a !== "custom" && !a.includes("-blocker") && a !== "hardening")!;
    expect(area).toBeDefined();
    const before = count("plan_items");
    const res = await partner.post(`/engagements/${id}/plan/new`, {
      intent: "custom",
      title: "ab",
      description: "Move the cron jobs to a queue & retry them",
      area,
      phase: "scale",
      "estimate.optimistic": "2",
      "estimate.likely": "1",
      "estimate.pessimistic": "8",
    });
    expect(res.status).toBe(400);
    const html = await res.text();
    const title = input(html, "title")!;
    expect(title.value).toBe("ab");
    expect(title["aria-invalid"]).toBe("true");
    expect(text(html)).toContain("Give the item a title of at least 3 characters.");
    expect(textarea(html, "description")?.value).toBe("Move the cron jobs to a queue & retry them");
    expect(selected(html, "area")).toBe(area);
    expect(selected(html, "phase")).toBe("scale");
    expect(input(html, "estimate.optimistic")?.value).toBe("2");
    expect(input(html, "estimate.likely")?.value).toBe("1");
    expect(input(html, "estimate.pessimistic")?.value).toBe("8");
    expect(input(html, "estimate.likely")?.["aria-invalid"]).toBe("true");
    expect(count("plan_items")).toBe(before);
  });

  it("refuses a title with a right-to-left override at the field, keeping it", async () => {
    const page = await (await partner.get(`/engagements/${id}/plan/new`)).text();
    const area = [...page.matchAll(/<option value="([^"]+)"/g)]
      .map((m) => m[1]!)
      .find((a) => a !== "custom" && !a.includes("-blocker") && a !== "hardening")!;
    const before = count("plan_items");
    const typed = "Pay \u202Egnp.exe\u202C now";
    const res = await partner.post(`/engagements/${id}/plan/new`, {
      intent: "custom",
      title: typed,
      description: "",
      area,
      phase: "scale",
      "estimate.optimistic": "1",
      "estimate.likely": "2",
      "estimate.pessimistic": "3",
    });
    expect(res.status).toBe(400);
    const html = await res.text();
    expect(input(html, "title")?.value).toBe(typed);
    expect(input(html, "title")?.["aria-invalid"]).toBe("true");
    expect(text(html)).toContain(
      "Remove the invisible formatting characters (such as text-direction marks).",
    );
    expect(count("plan_items")).toBe(before);
  });
});

describe("a custom item's phase", () => {
  const select = (html: string, name: string) =>
    attrs(new RegExp(`<select([^>]*name="${name}"[^>]*)>`).exec(html)?.[1] ?? "");

  it("is not chosen for the partner: the form opens on a blank choice the field requires", async () => {
    const page = await (await partner.get(`/engagements/${id}/plan/new`)).text();
    expect(selected(page, "phase")).toBe("");
    expect(select(page, "phase")).toHaveProperty("required");
    // Every phase is still there to choose.
    const form = formOf(page, "custom");
    for (const phase of ["launch-blocker", "hardening", "scale"])
      expect(form).toMatch(new RegExp(`<option value="${phase}"`));
  });

  it("left blank, is refused beside the field, with everything typed kept and nothing stored", async () => {
    const before = count("plan_items");
    for (const blank of [{}, { phase: "" }] as Array<Record<string, string>>) {
      const res = await partner.post(`/engagements/${id}/plan/new`, {
        intent: "custom",
        title: "Queue the cron jobs",
        area: "custom",
        ...blank,
        "estimate.optimistic": "1",
        "estimate.likely": "2",
        "estimate.pessimistic": "4",
      });
      expect(res.status).toBe(400);
      const html = await res.text();
      const phase = select(html, "phase");
      expect(phase["aria-invalid"]).toBe("true");
      expect(text(byId(html, phase["aria-describedby"]!) ?? "")).toBe(
        "Choose a phase: launch minimum, hardening or scale later.",
      );
      expect(selected(html, "phase")).toBe("");
      expect(input(html, "title")?.value).toBe("Queue the cron jobs");
      expect(input(html, "estimate.pessimistic")?.value).toBe("4");
    }
    expect(count("plan_items")).toBe(before);
  });
});

describe("an item changed by someone else meanwhile", () => {
  it("says what the item now is in the pages' words, not the stored codes", async () => {
    const target = items()[5]!;
    const post = (fields: Record<string, string>, version: number) =>
      partner.post(`/engagements/${id}/plan/${target.id}`, {
        itemId: target.id,
        version: String(version),
        ...fields,
      });
    // The other tab: a new estimate, the launch phase, and out of scope.
    let v = target.version;
    const changes: Array<Record<string, string>> = [
      {
        intent: "estimate",
        "estimate.optimistic": "2",
        "estimate.likely": "4.5",
        "estimate.pessimistic": "8",
        reason: "Checked again",
      },
      { intent: "phase", phase: "launch-blocker" },
      { intent: "scope", scope: "excluded" },
    ];
    for (const fields of changes) {
      expect((await post(fields, v)).status).toBe(302);
      v += 1;
    }
    const after = item(target.id);

    // This tab still has the version it read first.
    const res = await post({ intent: "scope", scope: "deferred" }, target.version);
    expect(res.status).toBe(409);
    const page = text(await res.text());
    // The other tab was the same partner's: said as theirs, with when (test/plan-item-conflict-names.test.ts).
    expect(page).toContain(`You changed “${target.title}” in another tab or window on `);
    expect(page).toContain(
      ` UTC (now: Out of scope, Launch minimum, Engineering partner, 2–8 h, likely 4.5 h).`,
    );
    expect(page).not.toMatch(/now: [^)]*(excluded|launch-blocker)/);
    expect(item(target.id)).toEqual(after);

    // An estimate typed against the old version is said back, so it can be entered again.
    const estimate = await post(
      {
        intent: "estimate",
        "estimate.optimistic": "3",
        "estimate.likely": "6",
        "estimate.pessimistic": "12",
        reason: "Two payment providers",
      },
      target.version,
    );
    expect(estimate.status).toBe(409);
    expect(text(await estimate.text())).toContain(
      "What you entered: 3–12 h, likely 6 h (“Two payment providers”).",
    );
    expect(item(target.id)).toEqual(after);
  });
});
