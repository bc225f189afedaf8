// What the "Evidence from code" page's action does: upload an archive, import a scan file, or
// decide on a suggestion. The membership and role check comes first, then the rate limit, and only
// then is the request body read, so a refused request costs no upload.

import {
  MaxPartSizeExceededError,
  data,
  redirect,
  unstable_parseMultipartFormData,
  type UploadHandler,
} from "@remix-run/node";
import { z } from "zod";

import { includesOption } from "~/engine/evidence/answer-value";
import { importScanFile } from "~/engine/evidence/scan-file";
import { suggestAnswers, type Suggestion } from "~/engine/evidence/suggest";
import type { Finding } from "~/engine/evidence/types";
import { getContent } from "~/models/content.server";
import { getAnswerState } from "~/models/answer-state.server";
import {
  createScan,
  decideSuggestion,
  listSuggestions,
  type NewSuggestion,
  type StoredSuggestion,
} from "~/models/evidence.server";
import { requireMember } from "~/auth/membership.server";
import { consume, refund, scanLimiter } from "~/auth/rate-limit.server";
import type { RequestArgs } from "~/utils/request-memo.server";

import { DEFAULT_LIMITS, displayName, megabytes, nothingToRead, type ArchiveErrorCode } from "./limits";
import { getEvidenceRules } from "./rules.server";
import { answerKey, latestDecisions, sameProofs } from "./same-evidence";
import { scanStats } from "./scan-job.server";
import { ScanBusyError, claimUserScan, scanInWorker } from "./scanner.server";

export type EvidenceActionData = { error: string; field?: "archive" | "scanFile" };

const MAX_SCAN_FILE_BYTES = 2 * 1024 * 1024;
// Room for the form's other fields and the multipart framing around the archive.
const MAX_BODY_BYTES = DEFAULT_LIMITS.maxArchiveBytes + 64 * 1024;

const DecisionSchema = z.object({
  decide: z.string().regex(/^(accept|reject):[A-Za-z0-9_-]{1,40}$/),
  // Where to go back to: the page that showed the suggestion (a path under this engagement).
  returnTo: z.string().optional(),
});

function refuse(error: string, status: number, field?: EvidenceActionData["field"]) {
  return data<EvidenceActionData>({ error, ...(field ? { field } : {}) }, { status });
}

/** Refusals that give back the scan they were counted as (see `receive`). */
const refusedForShape = new WeakSet<object>();
function shape<T extends object>(refused: T): T {
  refusedForShape.add(refused);
  return refused;
}

/**
 * Archive refusals found from its shape, before or instead of any real reading: wrong kind of file,
 * entries that may not be unpacked. Not the ones that come after work (too much data, a bomb, too
 * many entries or folders deep, a corrupt stream found part way, a timeout).
 */
const SHAPE_ERRORS: ReadonlySet<string> = new Set<ArchiveErrorCode>([
  "not-an-archive",
  "path-traversal",
  "absolute-path",
  "link",
  "special-file",
  "encrypted",
  "unsupported",
]);

/**
 * The hourly scan limit, refused beside the file field instead of on an error page. The limit is
 * checked before the body is read, so which form was sent comes from the URL: each form posts to
 * `?form=upload` or `?form=import` (see UploadForms); anything else is taken as an upload.
 */
function tooManyScans(limited: Response, request: Request) {
  const field = new URL(request.url).searchParams.get("form") === "import" ? "scanFile" : "archive";
  const seconds = Math.max(1, Number(limited.headers.get("Retry-After")) || 60);
  const minutes = Math.ceil(seconds / 60);
  const { points } = scanLimiter();
  const allowed = points === 1 ? "once an hour" : `${points} times an hour`;
  return data<EvidenceActionData>(
    {
      error: `You can scan ${allowed}. Try again in about ${minutes} ${minutes === 1 ? "minute" : "minutes"}.`,
      field,
    },
    { status: 429, headers: { "Retry-After": String(seconds) } },
  );
}

/** A second scan or import by a user whose first is still running, refused beside its file field. */
function alreadyScanning(request: Request) {
  const field = new URL(request.url).searchParams.get("form") === "import" ? "scanFile" : "archive";
  return data<EvidenceActionData>(
    {
      error: "One of your scans is still running. Wait for it to finish, then try again.",
      field,
    },
    { status: 429, headers: { "Retry-After": "30" } },
  );
}

/** A file name fit to show: no path, printable, at most 120 characters. */
function cleanLabel(name: string): string {
  const base = name.split(/[\\/]/).pop() ?? "";
  return (displayName(base).replace(/\?/g, "").trim() || "upload").slice(0, 120);
}

/** Reads at most MAX_BODY_BYTES of multipart data in total, keeping only the fields we expect. */
function uploadHandler(): UploadHandler {
  let total = 0;
  const wanted = new Set(["intent", "archive", "scanFile"]);
  return async ({ name, filename, data: stream }) => {
    const chunks: Uint8Array[] = [];
    for await (const chunk of stream) {
      total += chunk.byteLength;
      if (total > MAX_BODY_BYTES) throw new MaxPartSizeExceededError(name, MAX_BODY_BYTES);
      if (wanted.has(name)) chunks.push(chunk);
    }
    if (!wanted.has(name)) return undefined;
    // The chunks are plain Uint8Arrays; TypeScript 5.9's lib only refuses them as BlobParts because
    // their buffer type could in principle be a SharedArrayBuffer. Copying them to please it would
    // double an upload's memory.
    if (typeof filename === "string") return new File(chunks as unknown as BlobPart[], filename);
    return new TextDecoder().decode(Buffer.concat(chunks));
  };
}

export async function evidenceAction({
  request,
  context,
  params,
}: RequestArgs & { params: { id?: string } }) {
  const { engagement, user, role } = await requireMember({ request, context }, params.id, "useCodeEvidence");
  const base = `/engagements/${engagement.id}/assess/code`;
  const contentType = request.headers.get("Content-Type") ?? "";

  if (!contentType.startsWith("multipart/form-data")) {
    const parsed = DecisionSchema.safeParse(Object.fromEntries(await request.formData()));
    if (!parsed.success) return refuse("Choose a suggestion to accept or reject.", 400);
    const [decision, suggestionId] = parsed.data.decide.split(":") as ["accept" | "reject", string];
    const result = await decideSuggestion({
      engagementId: engagement.id,
      suggestionId,
      userId: user.id,
      role,
      decision,
      content: getContent(),
    });
    if (!result.ok && result.reason === "not-found") throw new Response("Not found", { status: 404 });
    if (!result.ok && result.reason === "outdated")
      return refuse(
        "This suggestion was made for an earlier version of the questions and no longer fits them. Scan the code again for current suggestions.",
        409,
      );
    const back = parsed.data.returnTo;
    const target =
      back && back.startsWith(`/engagements/${engagement.id}/assess`) && !back.startsWith("//") ? back : base;
    const targetPath = target.split(/[?#]/)[0];
    if (targetPath !== base) {
      // Decided on a questionnaire page: back to the question the decision was about. A
      // suggestion decided twice changes nothing.
      return redirect(result.ok ? `${targetPath}#q-${result.questionId}` : target);
    }
    // Decided on the evidence page (the `#q-` anchors exist only on questionnaire pages): back to
    // it, where a status line says what was decided, just above the next suggestion to decide.
    return redirect(result.ok ? `${base}?decided=${suggestionId}#decision` : `${base}#suggestions`);
  }

  // Uploads: refuse early what can be refused without reading the body, before it counts against
  // the hourly scan limit.
  const tooLarge = `The archive is larger than ${megabytes(DEFAULT_LIMITS.maxArchiveBytes)}. Upload the source code only, without node_modules, build output or media files.`;
  if (context.bodyTooLarge) return refuse(tooLarge, 413, "archive");
  // One scan or import per user at a time, from reading the body to the answer: otherwise one person
  // could hold every scan slot of the server (security audit, finding 5). Refused before the hourly
  // limit, so it costs no scan.
  const release = claimUserScan(user.id);
  if (!release) return alreadyScanning(request);
  try {
    return await receive();
  } finally {
    release();
  }

  async function receive() {
    try {
      await consume(scanLimiter(), user.id);
    } catch (error) {
      if (error instanceof Response && error.status === 429) return tooManyScans(error, request);
      throw error;
    }
    const response = await read();
    // The hourly limit is there for the scans' work. A file refused for its shape (not an archive,
    // nothing in it to read, a path outside it, a scan file that is not one) cost next to nothing,
    // and four wrong files must not lock a founder out of scanning for the hour (QA pass 2, 6).
    // A refusal after real work (too large unpacked, a bomb, a timeout) keeps its point.
    if (refusedForShape.has(response)) await refund(scanLimiter(), user.id);
    return response;
  }

  async function read() {
    let form: FormData;
    try {
      form = await unstable_parseMultipartFormData(request, uploadHandler());
    } catch (error) {
      if (error instanceof MaxPartSizeExceededError) return refuse(tooLarge, 413, "archive");
      return refuse("The upload could not be read. Try again.", 400, "archive");
    }
    const intent = form.get("intent");
    const rules = getEvidenceRules();

    if (intent === "import") {
      const file = form.get("scanFile");
      if (!(file instanceof File) || file.size === 0)
        return shape(refuse("Choose a scan file (.json) to import.", 400, "scanFile"));
      if (file.size > MAX_SCAN_FILE_BYTES) return refuse("A scan file is at most 2 MB.", 413, "scanFile");
      let json: unknown;
      try {
        json = JSON.parse(await file.text());
      } catch {
        return shape(
          refuse("This file is not JSON. Use the output of `npm run scan -- DIR --json`.", 400, "scanFile"),
        );
      }
      const imported = importScanFile(json, rules);
      if (!imported.ok) return shape(refuse(imported.error, 400, "scanFile"));
      const { scan } = imported;
      // A scan of a folder without source files would still suggest "no tests, no CI, no error
      // tracker" (nothing found means absent) and replace the suggestions that are there.
      if (scan.stats.files === 0 || scan.stats.scanned === 0) {
        return refuse(
          "This scan file found no source files to read, so it has nothing to suggest. Scan the folder that holds the app's source code and import that file.",
          422,
          "scanFile",
        );
      }
      await store(scan.findings, {
        source: "import",
        label: cleanLabel(scan.source ? `${scan.source} (scan file)` : file.name),
        rulesVersion: scan.rulesVersion,
        stats: { ...scan.stats, findings: scan.findings.length, unknownRules: scan.unknownRules },
      });
      return redirect(`${base}?done=import#suggestions`);
    }

    const file = form.get("archive");
    if (!(file instanceof File) || file.size === 0)
      return shape(refuse("Choose a .zip or .tar.gz file of your code.", 400, "archive"));
    const bytes = new Uint8Array(await file.arrayBuffer());
    let outcome;
    try {
      outcome = await scanInWorker(bytes, rules);
    } catch (error) {
      if (error instanceof ScanBusyError) {
        return data<EvidenceActionData>(
          { error: error.message, field: "archive" },
          { status: 503, headers: { "Retry-After": "60" } },
        );
      }
      throw error;
    }
    if (!outcome.ok) {
      if (outcome.detail) console.warn(`code scan failed (${outcome.code}): ${outcome.detail}`);
      const refused = refuse(outcome.message, outcome.code === "too-large" ? 413 : 422, "archive");
      return SHAPE_ERRORS.has(outcome.code) ? shape(refused) : refused;
    }
    const { job } = outcome;
    // Nothing read means every "absent" rule fires ("no tests", "no CI"…): suggestions about code
    // that was never seen, which would replace the ones there are. Refuse it instead.
    const empty = nothingToRead(job.read);
    if (empty) return shape(refuse(empty, 422, "archive"));
    await store(job.result.findings, {
      source: "upload",
      label: cleanLabel(file.name),
      rulesVersion: job.result.rulesVersion,
      stats: { ...scanStats(job), findings: job.result.findings.length },
    });
    return redirect(`${base}?done=upload#suggestions`);
  }

  async function store(
    findings: Finding[],
    scan: { source: "upload" | "import"; label: string; rulesVersion: string; stats: Record<string, number> },
  ) {
    // A decision stands while the code shows the same: a scan of unchanged code would otherwise ask
    // again about every accepted answer and bring back every rejected suggestion (QA pass 2, 7).
    // Anything else is asked: a new or worse proof, or a better or worse answer, is for a person to
    // see (a new service_role key under an answer accepted for an OpenAI key, QA pass 2, 1).
    const content = getContent();
    const { answers } = await getAnswerState({ engagement });
    const latest = latestDecisions(
      await listSuggestions({ engagementId: engagement.id, statuses: ["accepted", "rejected"] }),
    );
    const stands = (s: Suggestion, decided: StoredSuggestion) => {
      if (!sameProofs(decided, s)) return false;
      if (decided.status === "rejected") return true;
      // Accepted, but the answer was changed away from it since: the code still says it, so ask.
      const question = content.questionsById.get(s.question);
      return question !== undefined && includesOption(question, answers[s.question], s.option);
    };
    const suggestions: NewSuggestion[] = suggestAnswers(findings, content).map((s) => {
      const decided = latest.get(answerKey(s.question, s.option));
      return decided && stands(s, decided) ? { ...s, carries: decided.id } : s;
    });
    const carried = (status: StoredSuggestion["status"]) =>
      suggestions.filter((s) => s.carries && latest.get(answerKey(s.question, s.option))?.status === status)
        .length;
    await createScan({
      engagementId: engagement.id,
      userId: user.id,
      ...scan,
      stats: { ...scan.stats, alreadyBacked: carried("accepted"), alreadyRejected: carried("rejected") },
      findings,
      suggestions,
    });
  }
}
