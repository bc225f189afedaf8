// Hostile files and documents against the real server (issue 12, items 2, 3, 5 and 9): imports
// within budgets and consistent or refused with a clear message (and nothing written); imported
// proposals marked as imported and never signed by the importer; proposal PDFs cached per
// engagement; PDF rendering shared fairly, 503 only under real overload.
import { extractText } from "unpdf";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { DEMO, acceptedProposal, addMember, demoEngagementId, login, query } from "./support/demo-server";
import { Client, signup, startServer, type TestServer } from "./support/server";

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

let server: TestServer;
let id: string;
let founder: Client;
let partner: Client;
let viewer: Client;
let exported: Json;

beforeAll(async () => {
  server = await startServer({
    SEED_DEMO: "true",
    LOGIN_RATE_LIMIT: "10000",
    SIGNUP_RATE_LIMIT: "10000",
    PDF_RATE_LIMIT: "10000",
  });
  id = demoEngagementId(server);
  founder = await login(server, DEMO.founder.email);
  partner = await login(server, DEMO.partner.email);
  await acceptedProposal(server, founder, partner, id);
  viewer = await addMember(server, founder, id, "viewer");
  exported = await (await viewer.get(`/engagements/${id}/export.json`)).json();
}, 60_000);
afterAll(async () => {
  await server?.stop();
});

const clone = (): Json => structuredClone(exported);
const cookieOf = (c: Client) => [...c.cookies].map(([k, v]) => `${k}=${v}`).join("; ");

async function upload(client: Client, file: string | Json, name = "export.json") {
  const form = new FormData();
  const text = typeof file === "string" ? file : JSON.stringify(file);
  form.set("file", new Blob([text], { type: "application/json" }), name);
  return fetch(`${server.url}/engagements/import`, {
    method: "POST",
    body: form,
    redirect: "manual",
    headers: { Cookie: cookieOf(client), Origin: server.url },
  });
}

const engagements = () => query<{ n: number }>(server, "select count(*) as n from engagements")[0]!.n;

/** The import refuses the file with 400 (or `status`), says `reason`, and creates nothing. */
async function expectRefused(file: string | Json, reason: RegExp, status = 400) {
  const importer = new Client(server.url);
  await signup(importer, `importer-${Date.now()}-${Math.random()}@example.com`);
  const before = engagements();
  const res = await upload(importer, file);
  const html = await res.text();
  expect(res.status, html.slice(0, 300)).toBe(status);
  expect(html.replace(/&quot;/g, '"').replace(/&#x27;/g, "'")).toMatch(reason);
  expect(engagements()).toBe(before);
}

const plan = (data: Json) => data.plan as Json[];

describe("import budgets", () => {
  it("refuses a plan of more than 200 items, as the attack's 2,000", async () => {
    const data = clone();
    const base = plan(data)[0]!;
    data.plan = Array.from({ length: 2000 }, (_, i) => ({
      ...base,
      ref: `r${i}`,
      taskId: null,
      dependsOn: [],
    }));
    data.comments = [];
    await expectRefused(data, /a plan holds at most 200 items/);
  });

  it("refuses more than 10 dependencies on one item, and more than 600 in all", async () => {
    const data = clone();
    const items = plan(data);
    items[items.length - 1]!.dependsOn = items.slice(0, 11).map((i) => i.ref);
    await expectRefused(data, /may wait for at most 10 others/);

    const dense = clone();
    const base = plan(dense)[0]!;
    dense.comments = [];
    dense.plan = Array.from({ length: 200 }, (_, i) => ({
      ...base,
      ref: `r${i}`,
      taskId: null,
      // each waits for up to 10 earlier items: no loop, 1,945 links
      dependsOn: Array.from({ length: Math.min(i, 10) }, (_, k) => `r${i - k - 1}`),
    }));
    await expectRefused(dense, /1945 dependency links; a plan holds at most 600/);
  });

  it("refuses too many comments, answers and proposals", async () => {
    const comments = clone();
    comments.comments = Array.from({ length: 2001 }, () => ({
      ...comments.comments[0],
      targetType: "question",
      target: "q",
    }));
    await expectRefused(comments, /at most 2000 comments/);
    const proposals = clone();
    proposals.proposals = Array.from({ length: 51 }, (_, i) => ({
      ...proposals.proposals[0],
      number: i + 1,
      snapshot: { ...proposals.proposals[0].snapshot, number: i + 1 },
    }));
    await expectRefused(proposals, /at most 50 proposals/);
  });
});

describe("import validation: refused with a clear message instead of a 500 (or a broken copy)", () => {
  it("duplicate refs, task ids, questions and proposal numbers", async () => {
    const refs = clone();
    plan(refs)[1]!.ref = plan(refs)[0]!.ref;
    await expectRefused(refs, /plan\[1\]\.ref: ref "[^"]+" is used by two items/);
    const tasks = clone();
    plan(tasks)[1]!.taskId = plan(tasks)[0]!.taskId;
    await expectRefused(tasks, /plan\[1\]\.taskId: task "[^"]+" has two items/);
    const answers = clone();
    answers.answers.push(answers.answers[0]);
    await expectRefused(answers, /is answered twice/);
    const numbers = clone();
    numbers.proposals.push(numbers.proposals[0]);
    await expectRefused(numbers, /there are two proposals number 1/);
  });

  it("dependency loops, self-dependencies and unknown references", async () => {
    const loop = clone();
    const [a, b] = plan(loop);
    a!.dependsOn = [b!.ref];
    b!.dependsOn = [a!.ref];
    await expectRefused(loop, /dependencies form a loop/);
    const self = clone();
    plan(self)[0]!.dependsOn = [plan(self)[0]!.ref];
    await expectRefused(self, /cannot depend on itself/);
    const unknown = clone();
    plan(unknown)[0]!.dependsOn = ["nope"];
    await expectRefused(unknown, /no plan item with ref "nope"/);
    const comment = clone();
    comment.comments = [{ targetType: "plan-item", target: "nope", author: "x", body: "hi", createdAt: 1 }];
    await expectRefused(comment, /comments\[0\]\.target: no plan item with ref "nope"/);
  });

  it("empty, deeply nested or inconsistent proposal snapshots", async () => {
    const empty = clone();
    empty.proposals[0].snapshot = {};
    await expectRefused(empty, /proposals\[0\]\.snapshot/);
    const deep = clone();
    deep.proposals[0].snapshot = { ...deep.proposals[0].snapshot, extra: "DEEP" };
    const nested = `${'{"a":'.repeat(5000)}{}${"}".repeat(5000)}`;
    await expectRefused(JSON.stringify(deep).replace('"DEEP"', nested), /proposals\[0\]\.snapshot/);
    const deepJson = `{"format":"finishline.engagement","x":${"[".repeat(200_000)}${"]".repeat(200_000)}}`;
    await expectRefused(deepJson, /not a Finishline project export|not valid JSON/);
    const renumbered = clone();
    renumbered.proposals[0].snapshot.number = 7;
    await expectRefused(renumbered, /the snapshot is of proposal 7, not 1/);
    const loop = clone();
    const items = loop.proposals[0].snapshot.items as Json[];
    items[0]!.dependsOn = [items[1]!.id];
    items[1]!.dependsOn = [items[0]!.id];
    await expectRefused(loop, /dependencies form a loop/);
    const area = clone();
    area.proposals[0].snapshot.items[0].areaTitle = { toString: "x" };
    await expectRefused(area, /areaTitle/);
  });

  it("settings out of range: 1e-300 an hour, 1e-7 hours a week", async () => {
    const rate = clone();
    rate.engagement.hourlyRate = 1e-300;
    await expectRefused(rate, /engagement\.hourlyRate/);
    const capacity = clone();
    capacity.engagement.weeklyCapacity = 1e-7;
    await expectRefused(capacity, /engagement\.weeklyCapacity/);
  });

  it("an upload of several parts, or of two files, is refused with a clear message", async () => {
    const importer = new Client(server.url);
    await signup(importer, `parts-${Date.now()}@example.com`);
    const form = new FormData();
    for (let i = 0; i < 60; i++) form.append(`f${i}`, "x");
    const res = await fetch(`${server.url}/engagements/import`, {
      method: "POST",
      body: form,
      redirect: "manual",
      headers: { Cookie: cookieOf(importer), Origin: server.url },
    });
    expect(res.status).toBe(400);
    expect(await res.text()).toContain("too many");
    const two = new FormData();
    two.append("file", new Blob(["{}"]), "a.json");
    two.append("file", new Blob(["{}"]), "b.json");
    const twice = await fetch(`${server.url}/engagements/import`, {
      method: "POST",
      body: two,
      redirect: "manual",
      headers: { Cookie: cookieOf(importer), Origin: server.url },
    });
    expect(twice.status).toBe(400);
    expect(await twice.text()).toContain("Upload one file at a time.");
  });

  it("an upload cut off inside the file is refused with 400, and the server keeps serving", async () => {
    const importer = new Client(server.url);
    await signup(importer, `cut-${Date.now()}@example.com`);
    // The body ends in the middle of the file part, with no closing boundary: the file's own stream
    // fails, and an unhandled 'error' there used to end the process.
    const res = await fetch(`${server.url}/engagements/import`, {
      method: "POST",
      body: '--xyz\r\nContent-Disposition: form-data; name="file"; filename="a.json"\r\n\r\n{',
      redirect: "manual",
      headers: {
        Cookie: cookieOf(importer),
        Origin: server.url,
        "Content-Type": "multipart/form-data; boundary=xyz",
      },
    });
    expect(res.status).toBe(400);
    expect(await res.text()).toContain("Upload a .json file exported from Finishline.");
    const health = await fetch(`${server.url}/healthz`);
    expect(health.status).toBe(200);
    expect(await upload(importer, clone()).then((r) => r.status)).toBe(302);
  });

  it("limits imports per user: the 11th within the hour is 429", async () => {
    const importer = new Client(server.url);
    await signup(importer, `many-${Date.now()}@example.com`);
    const statuses: number[] = [];
    for (let i = 0; i < 11; i++) {
      const res = await upload(importer, "not json");
      statuses.push(res.status);
      if (res.status === 429) expect(Number(res.headers.get("Retry-After"))).toBeGreaterThan(0);
      await res.arrayBuffer();
    }
    expect(statuses).toEqual([...Array(10).fill(400), 429]);
  });
});

async function pdfText(res: Response): Promise<string> {
  expect(res.status).toBe(200);
  const { text } = await extractText(new Uint8Array(await res.arrayBuffer()), { mergePages: true });
  return text.replace(/\s+/g, " ");
}

describe("imported proposals and the PDF cache", () => {
  let copyId: string;

  beforeAll(async () => {
    const res = await upload(viewer, exported);
    expect(res.status).toBe(302);
    copyId = res.headers.get("Location")!.split("/").pop()!;
  });

  it("marks imported proposals as imported and never names the importer as signatory", async () => {
    const row = query<{ accepted_by: string | null; accepted_at: number | null; imported: string }>(
      server,
      "select accepted_by, accepted_at, imported from proposals where engagement_id = ? and number = 1",
      copyId,
    )[0]!;
    expect(row.accepted_by).toBeNull();
    expect(row.accepted_at).not.toBeNull();
    expect(JSON.parse(row.imported)).toMatchObject({
      publishedBy: DEMO.partner.email,
      acceptedBy: DEMO.founder.email,
    });

    const page = await (await viewer.get(`/engagements/${copyId}/proposals/1`)).text();
    expect(page).toContain("Imported from a file by");
    expect(page).toContain("is not a sign-off made here");
    expect(page).not.toMatch(/Accepted by <strong>/);
    const list = await (await viewer.get(`/engagements/${copyId}/proposals`)).text();
    expect(list).toContain(">Imported<");
  });

  it("gives the copy's versions the copy's item ids: an unchanged plan reads as unchanged, and nothing as added", async () => {
    const snapshotIds = (engagementId: string) =>
      (
        JSON.parse(
          query<{ snapshot: string }>(
            server,
            "select snapshot from proposals where engagement_id = ? and number = 1",
            engagementId,
          )[0]!.snapshot,
        ) as { items: Array<{ id: string; taskId: string | null }> }
      ).items;
    const planIds = new Map(
      query<{ id: string; task_id: string | null }>(
        server,
        "select id, task_id from plan_items where engagement_id = ? and scope = 'included'",
        copyId,
      ).map((i) => [i.task_id ?? i.id, i.id]),
    );
    const frozen = snapshotIds(copyId);
    expect(frozen.length).toBeGreaterThan(0);
    expect(frozen.map((i) => i.id).sort()).toEqual([...planIds.values()].sort());
    // …where the original's version keeps the original's ids.
    expect(new Set(snapshotIds(id).map((i) => i.id)).has(frozen[0]!.id)).toBe(false);

    const partnerOfCopy = await addMember(server, viewer, copyId, "partner");
    const publish = await (await partnerOfCopy.get(`/engagements/${copyId}/proposals`)).text();
    expect(publish.replace(/<!-- -->/g, "")).toContain("The plan has not changed since version 1");
    const v2 = await partnerOfCopy.post(`/engagements/${copyId}/proposals`, {
      assumptions: "a",
      exclusions: "b",
    });
    expect(v2.status).toBe(302);
    const page = (await (await viewer.get(v2.headers.get("Location")!)).text()).replace(/<!-- -->/g, "");
    expect(page).toContain("What changed since version 1");
    expect(page).toContain("No items changed.");
    expect(page).not.toContain("Added: ");
  });

  it("keeps each engagement's proposal PDF its own: the copy's download never reaches the original", async () => {
    // The attack: the importer downloads the copy's PDF first...
    const copy = await pdfText(await viewer.get(`/engagements/${copyId}/proposals/1.pdf`));
    expect(copy).toContain("accepted elsewhere");
    expect(copy).toContain("not a signature made in this project");
    expect(copy).not.toMatch(/Accepted by Maya Okafor/);
    // ...and the founder's own download of the original still shows the founder's sign-off.
    const first = await founder.get(`/engagements/${id}/proposals/1.pdf`);
    expect(first.headers.get("x-cache")).toBe("miss");
    const original = await pdfText(first);
    expect(original).toContain(`Accepted by ${DEMO.founder.name} (${DEMO.founder.email})`);
    expect(original).not.toContain("accepted elsewhere");
    const again = await founder.get(`/engagements/${id}/proposals/1.pdf`);
    expect(again.headers.get("x-cache")).toBe("hit");
    expect(await pdfText(again)).toContain(`Accepted by ${DEMO.founder.name}`);
  }, 60_000);
});

describe("PDF rendering is shared fairly", () => {
  it("a burst from two viewers gets 429s for its own excess, never 503, and everyone gets a PDF", async () => {
    const second = await addMember(server, founder, id, "viewer");
    const burst = (c: Client) => Array.from({ length: 20 }, () => c.get(`/engagements/${id}/report.pdf`));
    const responses = await Promise.all([
      ...burst(viewer),
      ...burst(second),
      founder.get(`/engagements/${id}/report.pdf`),
    ]);
    const statuses = responses.map((r) => r.status);
    await Promise.all(responses.map((r) => r.arrayBuffer()));
    expect(statuses.filter((s) => s === 503)).toEqual([]);
    expect(statuses.every((s) => s === 200 || s === 429)).toBe(true);
    for (const r of responses.filter((x) => x.status === 429)) {
      expect(Number(r.headers.get("Retry-After"))).toBeGreaterThan(0);
    }
    // Each viewer got some, the founder's single request got through.
    expect(statuses.slice(0, 20)).toContain(200);
    expect(statuses.slice(20, 40)).toContain(200);
    expect(statuses[40]).toBe(200);
  }, 120_000);
});
