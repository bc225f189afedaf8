// The engagement's activity log in plain words: one sentence per entry, question prompts and item
// titles instead of ids, and bursts of the same thing by the same person told once ("answered 76
// questions") so a morning's work doesn't push everything else off the overview.
import { INVITE_ROLE_LABELS, ROLES } from "~/auth/permissions";
import { formatDay, isCalendarDay } from "~/utils/calendar-day";
import { quarterHours } from "~/utils/format";
import { andList, changePhrase, settingChanges, type PricingSettings } from "~/utils/settings-words";

type Detail = Record<string, unknown>;

export type ActivityEntry = {
  id: number;
  kind: string;
  detail: Detail;
  createdAt: number;
  /** who did it: userId groups bursts, who names them */
  userId: string | null;
  who: string;
};

/** `href`: where the thing the line is about is now, when it still exists (else plain text). */
export type ActivityLine = { id: number; who: string; text: string; at: number; href?: string };

/**
 * What an entry is about, to link to: a plan item (by id; entries written before ids were kept have
 * only its title), or a proposal version. `comments`: the entry is a comment, so the link goes to
 * the thread.
 */
export type ActivityTarget =
  | { type: "plan-item"; id?: string; title?: string; comments: boolean }
  | { type: "proposal"; number: number; comments: boolean }
  | { type: "question"; id: string; comments: true };

/** How to name what an entry points at; ids that no longer resolve fall back to generic words. */
export type ActivityNames = {
  question: (id: string) => string | undefined;
  /**
   * Whether the questionnaire asks a question now (shown for the current answers), to count answers
   * as its progress does; without it every question counts.
   */
  asked?: (id: string) => boolean;
  /** a user an entry is about (the member removed, or whose role changed), by name or email as the page shows people */
  person?: (userId: string) => string | undefined;
  /** the page of what an entry is about, or undefined when it is gone (or is nothing to link to) */
  href?: (target: ActivityTarget) => string | undefined;
};

const str = (v: unknown) => (typeof v === "string" ? v : typeof v === "number" ? String(v) : "");
const ids = (v: unknown) => (Array.isArray(v) ? v.filter((x): x is string => typeof x === "string") : []);

const PHASES: Record<string, string> = {
  "launch-blocker": "the launch minimum",
  hardening: "hardening",
  scale: "scale later",
};
const SCOPES: Record<string, string> = {
  included: "in scope",
  excluded: "out of scope",
  deferred: "later",
  proposed: "undecided",
};
const STATUSES: Record<string, string> = { todo: "to do", "in-progress": "in progress", done: "done" };

/** A role in the invite form's words, lower case: "engineering partner", "co-founder". */
function roleNoun(role: unknown): string | undefined {
  const known = ROLES.find((r) => r === role);
  return known && INVITE_ROLE_LABELS[known].toLowerCase();
}

/** Who an invitation was for, in the invite form's words: "an engineering partner", "a co-founder". */
function invitee(role: unknown, someone = "someone"): string {
  const noun = roleNoun(role);
  if (!noun) return someone;
  return `${/^[aeiou]/.test(noun) ? "an" : "a"} ${noun}`;
}

const count = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

/** A member who used another invitation: whether it changed their role. */
function acceptedByMember(d: Detail): string {
  const was = roleNoun(d.previousRole);
  const now = roleNoun(d.role);
  if (!now) return "used an invitation while already a member";
  return was && was !== now
    ? `accepted an invitation: now ${invitee(d.role)} (was ${invitee(d.previousRole)})`
    : `used an invitation while already a member; still ${invitee(d.role)}`;
}

/** A member removed, by name when the account can still be named (entries only keep the user id). */
function removed(d: Detail, names: ActivityNames): string {
  const who = typeof d.userId === "string" ? names.person?.(d.userId) : undefined;
  const role = roleNoun(d.role);
  if (who) return `removed ${who}${role ? ` (${role})` : ""}`;
  return `removed ${invitee(d.role, "a member")}`;
}

/** A member's role changed by a founder: whose, from what to what. */
function roleChanged(d: Detail, names: ActivityNames): string {
  const who = typeof d.userId === "string" ? names.person?.(d.userId) : undefined;
  const was = roleNoun(d.previousRole);
  const now = roleNoun(d.role);
  const whose = who ? `${who}'s role` : "a member's role";
  return now ? `changed ${whose} to ${now}${was ? ` (was ${was})` : ""}` : `changed ${whose}`;
}

/** The pricing settings an entry holds, or null when it lacks one of them (or holds the wrong kind). */
function pricing(v: unknown): PricingSettings | null {
  if (typeof v !== "object" || v === null) return null;
  const o = v as Record<string, unknown>;
  const { currency, hourlyRate, teamSize, weeklyCapacity } = o;
  return typeof currency === "string" &&
    typeof hourlyRate === "number" &&
    typeof teamSize === "number" &&
    typeof weeklyCapacity === "number"
    ? { currency, hourlyRate, teamSize, weeklyCapacity }
    : null;
}

/**
 * A settings save, by what it changed: "changed the hourly rate from €95 to €60". Entries written
 * before the values before the save were kept (`before`) can only say that the settings changed.
 */
function settingsSaved(d: Detail): string {
  const before = pricing(d.before);
  const after = pricing(d);
  if (!before || !after) return "changed the settings";
  const was = d.before as Detail;
  const parts = settingChanges(before, after).map(changePhrase);
  if (typeof was.name === "string" && typeof d.name === "string" && was.name !== d.name)
    parts.push(`the product name from ${quote(was.name)} to ${quote(d.name)}`);
  if (d.descriptionChanged === true) parts.push("the description");
  return parts.length > 0 ? `changed ${andList(parts)}` : "saved the settings without changing them";
}

/**
 * A plan update, by what it changed; counts of nothing are left out. Entries written before
 * estimates and phases were counted apart have only `updated` for both.
 */
function planUpdate(d: Detail): string {
  const n = (key: string) => (typeof d[key] === "number" ? (d[key] as number) : 0);
  const split = typeof d.estimates === "number" || typeof d.phases === "number";
  const parts = [
    n("created") ? count(n("created"), "new item", "new items") : null,
    split && n("estimates") ? count(n("estimates"), "new estimate", "new estimates") : null,
    split && n("phases")
      ? count(n("phases"), "item moved to another phase", "items moved to another phase")
      : null,
    !split && n("updated")
      ? count(n("updated"), "item re-estimated or moved", "items re-estimated or moved")
      : null,
    n("stale") ? `${n("stale")} no longer needed` : null,
    n("back") ? `${n("back")} needed again` : null,
  ].filter((p) => p !== null);
  return `updated the plan from the answers${parts.length > 0 ? `: ${parts.join(", ")}` : ""}`;
}

function quote(text: string, max = 96): string {
  const t = text.trim();
  return `“${t.length > max ? `${t.slice(0, max - 1).trimEnd()}…` : t}”`;
}

function questionName(names: ActivityNames, id: unknown): string {
  const prompt = typeof id === "string" ? names.question(id) : undefined;
  return prompt ? quote(prompt) : "a question that is no longer asked";
}

/**
 * "answered 79 questions", counted as the questionnaire counts its "79 of 79": only questions it
 * still asks. An answer that a later answer hid (or to a question since dropped) made it "answered
 * 80 questions" beside that; such answers are told apart, not left out, so the line still says
 * what was done.
 */
function answeredText(questions: readonly string[], names: ActivityNames): string {
  // One question is named, whether or not it is still asked: that is what was done.
  if (questions.length === 1) return `answered ${questionName(names, questions[0])}`;
  const asked = names.asked ? questions.filter((id) => names.asked!(id)) : questions;
  const gone = questions.length - asked.length;
  if (gone === 0) return `answered ${count(asked.length, "question", "questions")}`;
  const notAsked =
    gone === 1 ? "a question that is no longer asked" : `${gone} questions that are no longer asked`;
  if (asked.length === 0) return `answered ${notAsked}`;
  const what =
    asked.length === 1 ? questionName(names, asked[0]) : count(asked.length, "question", "questions");
  return `answered ${what}, and ${notAsked}`;
}

/** "1.5 h", in quarter hours as the time log shows them. */
const hoursText = (h: unknown) => `${quarterHours(Number(h) || 0)} h`;
const dayText = (day: unknown) => (typeof day === "string" && isCalendarDay(day) ? formatDay(day) : "a day");

/** What an entry did to the item's total: a correction adds the difference. */
function hoursAdded(kind: string, d: Detail): number {
  const hours = Number(d.hours) || 0;
  if (kind === "plan.time-removed") return -hours;
  if (kind === "plan.time-corrected") return hours - (Number(was(d).hours) || 0);
  return hours;
}

const was = (d: Detail): Detail => (typeof d.was === "object" && d.was !== null ? (d.was as Detail) : {});

/** A correction in place (decision 042), saying what changed: the hours, the day, or only the note. */
function timeCorrected(d: Detail): string {
  const before = was(d);
  const item = quote(str(d.item));
  const sameHours = quarterHours(Number(before.hours) || 0) === quarterHours(Number(d.hours) || 0);
  const sameDay = before.day === d.day;
  if (sameHours && sameDay)
    return `corrected the note on ${hoursText(d.hours)} logged on ${item} for ${dayText(d.day)}`;
  if (sameHours)
    return `moved ${hoursText(d.hours)} logged on ${item} from ${dayText(before.day)} to ${dayText(d.day)}`;
  const from = `corrected ${hoursText(before.hours)} logged on ${item} for ${dayText(before.day)}`;
  return sameDay
    ? `${from} to ${hoursText(d.hours)}`
    : `${from} to ${hoursText(d.hours)} for ${dayText(d.day)}`;
}

export function describeActivity(kind: string, d: Detail, names: ActivityNames): string {
  switch (kind) {
    case "engagement.created":
      return "created the project";
    case "engagement.imported":
      return "imported the project from an export";
    case "answers.saved":
      return answeredText(ids(d.questions), names);
    case "answer.verified":
      return `verified the answer to ${questionName(names, d.questionId)}`;
    case "answers.verified": {
      const q = ids(d.questionIds);
      return q.length === 1
        ? `verified the answer to ${questionName(names, q[0])}`
        : `verified ${q.length} answers`;
    }
    case "answer.corrected":
      return `corrected the answer to ${questionName(names, d.questionId)}`;
    case "answer.review-cleared":
      return `cleared the review of ${questionName(names, d.questionId)}`;
    case "evidence.scanned":
      return `${d.source === "import" ? "imported a scan of" : "scanned"} the code (${str(d.label)}): ${str(d.suggestions)} suggested answers`;
    case "evidence.accepted":
      return `accepted the code's suggested answer to ${questionName(names, d.questionId)}`;
    case "evidence.rejected":
      return `rejected the code's suggested answer to ${questionName(names, d.questionId)}`;
    case "settings.updated":
      return settingsSaved(d);
    case "plan.regenerated":
      return planUpdate(d);
    case "plan.scope":
      return `put ${quote(str(d.item))} ${SCOPES[str(d.to)] ?? str(d.to)}${d.reason ? `: ${str(d.reason)}` : ""}`;
    case "plan.estimate":
      return `changed the estimate of ${quote(str(d.item))}: ${str(d.reason)}`;
    case "plan.phase":
      return `moved ${quote(str(d.item))} to ${PHASES[str(d.to)] ?? str(d.to)}`;
    case "plan.owner":
      return `gave ${quote(str(d.item))} to the ${str(d.to) === "founder" ? "founder's team" : "engineering partner"}`;
    case "plan.status":
      return `marked ${quote(str(d.item))} ${STATUSES[str(d.to)] ?? str(d.to)}`;
    case "plan.time":
      return `logged ${hoursText(d.hours)} on ${quote(str(d.item))} for ${dayText(d.day)}`;
    case "plan.time-removed":
      return `removed ${hoursText(d.hours)} logged on ${quote(str(d.item))} for ${dayText(d.day)}`;
    case "plan.time-corrected":
      return timeCorrected(d);
    case "plan.dependencies":
      return `changed what ${quote(str(d.item))} waits for`;
    case "plan.moved":
      return d.position
        ? `moved ${quote(str(d.item))} to position ${str(d.position)}`
        : `reordered ${quote(str(d.item))}`;
    case "plan.scope-many":
      return `put ${str(d.count)} ${d.count === 1 ? "item" : "items"} ${SCOPES[str(d.to)] ?? str(d.to)}${d.reason ? `: ${str(d.reason)}` : ""}`;
    case "plan.custom":
      return `added ${quote(str(d.item))} to the plan`;
    case "plan.custom-edited":
      return d.from
        ? `renamed ${quote(str(d.from))} to ${quote(str(d.item))}`
        : `changed the description of ${quote(str(d.item))}`;
    case "plan.custom-deleted":
      return `deleted ${quote(str(d.item))} from the plan`;
    case "comment.added":
      return d.targetType === "proposal"
        ? `commented on proposal version ${str(d.targetId)}`
        : d.targetType === "question"
          ? `commented on ${questionName(names, d.targetId)}`
          : d.item
            ? `commented on ${quote(str(d.item))}`
            : "commented on a plan item";
    case "proposal.published":
      return `published proposal version ${str(d.number)}`;
    case "proposal.accepted":
      return `accepted proposal version ${str(d.number)}`;
    case "proposal.withdrawn":
      // In the words of its neighbours ("published proposal version 3"), with the partner's reason.
      return `withdrew proposal version ${str(d.number)}${d.reason ? `: ${quote(str(d.reason))}` : ""}`;
    case "invitation.created":
      return `invited ${invitee(d.role)}${d.note ? ` (${quote(str(d.note))})` : ""}`;
    case "invitation.revoked":
      return "revoked an invitation";
    case "member.joined":
      return "joined";
    case "invitation.accepted-by-member":
      return acceptedByMember(d);
    case "member.removed":
      return removed(d, names);
    case "member.role-changed":
      return roleChanged(d, names);
    case "member.left":
      return "left the project";
    default:
      return kind.replace(/[._-]/g, " ");
  }
}

/**
 * What an entry is about, when that is a plan item, a proposal version or (a comment's) question; null
 * for the rest.
 */
export function activityTarget(kind: string, d: Detail): ActivityTarget | null {
  if (kind === "comment.added") {
    if (d.targetType === "plan-item" && typeof d.targetId === "string")
      return { type: "plan-item", id: d.targetId, comments: true };
    const number = Number(d.targetId);
    if (d.targetType === "proposal" && Number.isInteger(number))
      return { type: "proposal", number, comments: true };
    if (d.targetType === "question" && typeof d.targetId === "string")
      return { type: "question", id: d.targetId, comments: true };
    return null;
  }
  if (kind === "proposal.published" || kind === "proposal.accepted" || kind === "proposal.withdrawn") {
    const number = Number(d.number);
    return Number.isInteger(number) ? { type: "proposal", number, comments: false } : null;
  }
  // A deleted item is gone for good, even if another item took its title since.
  if (kind === "plan.custom-deleted" || !kind.startsWith("plan.")) return null;
  const id = typeof d.itemId === "string" ? d.itemId : undefined;
  const title = typeof d.item === "string" ? d.item : undefined;
  return id || title ? { type: "plan-item", id, title, comments: false } : null;
}

/** The link of a line made of these entries: only when every one of them is about the same thing. */
function lineHref(entries: readonly ActivityEntry[], names: ActivityNames): string | undefined {
  if (!names.href) return undefined;
  const hrefs = new Set(
    entries.map((e) => {
      const target = activityTarget(e.kind, e.detail);
      return target ? names.href!(target) : undefined;
    }),
  );
  const [only] = hrefs;
  return hrefs.size === 1 ? only : undefined;
}

// Entries of one family by one person close together read as one: how to tell the burst.
const BURST_MS = 30 * 60_000;
const FAMILIES: Record<
  string,
  { family: string; text: (entries: ActivityEntry[], names: ActivityNames) => string }
> = {};
function family(kinds: string[], text: (entries: ActivityEntry[], names: ActivityNames) => string) {
  for (const k of kinds) FAMILIES[k] = { family: kinds[0]!, text };
}
/** The distinct values of a detail field across entries (a field may hold one id or a list). */
const distinct = (entries: ActivityEntry[], key: string) =>
  new Set(
    entries.flatMap((e) =>
      typeof e.detail[key] === "string" ? [e.detail[key] as string] : ids(e.detail[key]),
    ),
  );
family(["answers.saved"], (entries, names) => answeredText([...distinct(entries, "questions")], names));
family(["answers.verified", "answer.verified"], (entries) => {
  const n = new Set([...distinct(entries, "questionIds"), ...distinct(entries, "questionId")]).size;
  return `verified ${count(n, "answer", "answers")}`;
});
family(
  ["evidence.accepted"],
  (entries) =>
    `accepted ${count(distinct(entries, "questionId").size, "suggested answer", "suggested answers")} from the code`,
);
family(["plan.scope", "plan.scope-many"], (entries) => {
  const n = entries.reduce(
    (sum, e) => sum + (e.kind === "plan.scope-many" ? Number(e.detail.count) || 0 : 1),
    0,
  );
  return `changed the scope of ${count(n, "plan item", "plan items")}`;
});
family(
  ["plan.estimate"],
  (entries) => `changed ${count(distinct(entries, "item").size, "estimate", "estimates")}`,
);
family(["plan.moved"], () => "reordered the plan");
family(
  ["plan.status"],
  (entries) => `updated the progress of ${count(distinct(entries, "item").size, "plan item", "plan items")}`,
);
family(["plan.time", "plan.time-removed", "plan.time-corrected"], (entries) => {
  const net = entries.reduce((h, e) => h + hoursAdded(e.kind, e.detail), 0);
  const items = count(distinct(entries, "item").size, "plan item", "plan items");
  // Corrections that left the total where it was (a note, a day) logged nothing: "logged 0 h" would
  // say the opposite of what happened.
  if (quarterHours(net) === 0 && entries.some((e) => e.kind === "plan.time-corrected"))
    return `corrected the time logged on ${items}`;
  return net >= 0 ? `logged ${hoursText(net)} on ${items}` : `changed the time logged on ${items}`;
});
family(["comment.added"], (entries) => `left ${count(entries.length, "comment", "comments")}`);

/**
 * The feed, newest first: entries (newest first) in words, with consecutive entries of one family by
 * one person within half an hour of each other merged into one line.
 */
export function activityFeed(
  entries: readonly ActivityEntry[],
  names: ActivityNames,
  limit = 20,
): ActivityLine[] {
  const lines: ActivityLine[] = [];
  let i = 0;
  while (i < entries.length && lines.length < limit) {
    const first = entries[i]!;
    const fam = FAMILIES[first.kind];
    const burst = [first];
    while (fam && i + burst.length < entries.length) {
      const next = entries[i + burst.length]!;
      const prev = burst[burst.length - 1]!;
      if (next.userId !== first.userId || FAMILIES[next.kind]?.family !== fam.family) break;
      if (prev.createdAt - next.createdAt > BURST_MS) break;
      burst.push(next);
    }
    i += burst.length;
    const href = lineHref(burst, names);
    lines.push({
      id: first.id,
      who: first.who,
      text:
        burst.length > 1 && fam ? fam.text(burst, names) : describeActivity(first.kind, first.detail, names),
      at: first.createdAt,
      ...(href ? { href } : {}),
    });
  }
  return lines;
}
