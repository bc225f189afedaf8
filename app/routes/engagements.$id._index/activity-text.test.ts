import { describe, expect, it } from "vitest";

import {
  activityFeed,
  activityTarget,
  describeActivity,
  type ActivityEntry,
  type ActivityTarget,
} from "./activity-text";

const names = {
  question: (id: string) =>
    ({
      "ops.rollback": "If a release breaks the app, how do you get back to the last working version?",
      "auth.rls": "Is row-level security on for every table?",
    })[id],
};

let nextId = 1000;
const entry = (
  kind: string,
  detail: Record<string, unknown>,
  minutesAgo: number,
  userId = "u1",
): ActivityEntry => ({
  id: nextId--,
  kind,
  detail,
  createdAt: Date.UTC(2026, 11, 2, 12) - minutesAgo * 60_000,
  userId,
  who: userId === "u1" ? "Maya" : "Sam",
});

describe("activity in words", () => {
  it("names questions by their prompt and plan items by title, never by id", () => {
    expect(describeActivity("answers.saved", { questions: ["ops.rollback"] }, names)).toBe(
      "answered “If a release breaks the app, how do you get back to the last working version?”",
    );
    expect(describeActivity("answer.corrected", { questionId: "auth.rls" }, names)).toBe(
      "corrected the answer to “Is row-level security on for every table?”",
    );
    expect(describeActivity("answer.verified", { questionId: "gone.question" }, names)).toBe(
      "verified the answer to a question that is no longer asked",
    );
    expect(describeActivity("plan.scope", { item: "Set up alerts", to: "deferred" }, names)).toBe(
      "put “Set up alerts” later",
    );
    expect(describeActivity("plan.phase", { item: "Set up alerts", to: "launch-blocker" }, names)).toBe(
      "moved “Set up alerts” to the launch minimum",
    );
    expect(describeActivity("plan.custom-edited", { item: "Stripe Tax", from: "Stirpe Tax" }, names)).toBe(
      "renamed “Stirpe Tax” to “Stripe Tax”",
    );
    expect(describeActivity("plan.custom-edited", { item: "Stripe Tax", description: true }, names)).toBe(
      "changed the description of “Stripe Tax”",
    );
    expect(describeActivity("plan.custom-deleted", { item: "Stripe Tax" }, names)).toBe(
      "deleted “Stripe Tax” from the plan",
    );
    expect(describeActivity("comment.added", { targetType: "proposal", targetId: "2" }, names)).toBe(
      "commented on proposal version 2",
    );
    expect(describeActivity("proposal.withdrawn", { number: 3 }, names)).toBe("withdrew proposal version 3");
    expect(
      describeActivity("proposal.withdrawn", { number: 3, reason: "Published at the wrong rate" }, names),
    ).toBe("withdrew proposal version 3: “Published at the wrong rate”");
    expect(
      describeActivity("comment.added", { targetType: "plan-item", targetId: "x", item: "Backups" }, names),
    ).toBe("commented on “Backups”");
  });

  it("names each setting a save changed, with the value before and after", () => {
    const before = { name: "CartPilot", currency: "EUR", hourlyRate: 95, teamSize: 2, weeklyCapacity: 30 };
    const saved = (d: Record<string, unknown>) =>
      describeActivity("settings.updated", { ...before, description: "", before, ...d }, names);
    expect(saved({ hourlyRate: 60 })).toBe("changed the hourly rate from €95 to €60");
    expect(saved({ currency: "USD", hourlyRate: 87.5, teamSize: 1 })).toBe(
      "changed the hourly rate from €95 to $87.50, the currency from EUR to USD and the team from 2 engineers to 1 engineer",
    );
    expect(saved({ weeklyCapacity: 20, name: "CartPilot 2", descriptionChanged: true })).toBe(
      "changed the weekly hours per engineer from 30 h to 20 h, the product name from “CartPilot” to “CartPilot 2” and the description",
    );
    expect(saved({})).toBe("saved the settings without changing them");
    // Entries written before the values before a save were kept hold only the new values.
    expect(describeActivity("settings.updated", { ...before }, names)).toBe("changed the settings");
    expect(describeActivity("settings.updated", { ...before, before: { hourlyRate: "95" } }, names)).toBe(
      "changed the settings",
    );
  });

  it("says whom an invitation was for, and the founder's note when there is one", () => {
    expect(describeActivity("invitation.created", { role: "partner", note: "Sam at Acme Dev" }, names)).toBe(
      "invited an engineering partner (“Sam at Acme Dev”)",
    );
    expect(describeActivity("invitation.created", { role: "viewer" }, names)).toBe("invited a viewer");
    // Entries written before roles were recorded, or with a role this version does not know.
    expect(describeActivity("invitation.created", {}, names)).toBe("invited someone");
  });

  it("says what a member's use of another invitation changed", () => {
    expect(
      describeActivity(
        "invitation.accepted-by-member",
        { invitedRole: "partner", previousRole: "viewer", role: "partner" },
        names,
      ),
    ).toBe("accepted an invitation: now an engineering partner (was a viewer)");
    // A weaker or equal invitation keeps the role: the link is used up, nothing else changes.
    expect(
      describeActivity(
        "invitation.accepted-by-member",
        { invitedRole: "viewer", previousRole: "partner", role: "partner" },
        names,
      ),
    ).toBe("used an invitation while already a member; still an engineering partner");
    expect(describeActivity("invitation.accepted-by-member", {}, names)).toBe(
      "used an invitation while already a member",
    );
  });

  it("names the member who was removed, whatever the entry's age", () => {
    const people = { ...names, person: (id: string) => ({ u9: "sam@acme.dev" })[id] };
    expect(describeActivity("member.removed", { userId: "u9", role: "partner" }, people)).toBe(
      "removed sam@acme.dev (engineering partner)",
    );
    expect(describeActivity("member.removed", { userId: "u9", role: "founder" }, people)).toBe(
      "removed sam@acme.dev (co-founder)",
    );
    // An account that cannot be named, or an entry without a user: still a sentence.
    expect(describeActivity("member.removed", { userId: "gone", role: "viewer" }, people)).toBe(
      "removed a viewer",
    );
    expect(describeActivity("member.removed", {}, names)).toBe("removed a member");
  });

  it("names whose role changed, from what to what", () => {
    const people = { ...names, person: (id: string) => ({ u9: "Sam" })[id] };
    expect(
      describeActivity(
        "member.role-changed",
        { userId: "u9", previousRole: "viewer", role: "partner" },
        people,
      ),
    ).toBe("changed Sam's role to engineering partner (was viewer)");
    expect(describeActivity("member.role-changed", { userId: "gone", role: "founder" }, people)).toBe(
      "changed a member's role to co-founder",
    );
    expect(describeActivity("member.role-changed", {}, names)).toBe("changed a member's role");
  });

  it("says what a plan update changed, leaving out what it did not", () => {
    const update = (d: Record<string, unknown>) => describeActivity("plan.regenerated", d, names);
    expect(update({ created: 0, updated: 3, estimates: 3, phases: 0, stale: 0, back: 0 })).toBe(
      "updated the plan from the answers: 3 new estimates",
    );
    expect(update({ created: 1, updated: 1, estimates: 0, phases: 1, stale: 2, back: 1 })).toBe(
      "updated the plan from the answers: 1 new item, 1 item moved to another phase, 2 no longer needed, 1 needed again",
    );
    // Entries written before estimates and phases were counted apart.
    expect(update({ created: 0, updated: 2, stale: 0 })).toBe(
      "updated the plan from the answers: 2 items re-estimated or moved",
    );
    expect(update({ created: 2, updated: 0, stale: 1 })).toBe(
      "updated the plan from the answers: 2 new items, 1 no longer needed",
    );
    expect(update({})).toBe("updated the plan from the answers");
  });

  it("shortens long prompts", () => {
    const long = { question: () => "word ".repeat(40) };
    const text = describeActivity("answer.verified", { questionId: "x" }, long);
    expect(text.length).toBeLessThan(130);
    expect(text.endsWith("…”")).toBe(true);
  });

  it("tells a burst of one person's answers once, counting distinct questions", () => {
    const entries = [
      ...Array.from({ length: 76 }, (_, i) => entry("answers.saved", { questions: [`q${i}`] }, i * 0.2)),
      entry("answers.saved", { questions: ["q3"] }, 16), // the same question again: still 76
      entry("plan.custom", { item: "Backups" }, 200, "u2"),
    ];
    const feed = activityFeed(entries, names);
    expect(feed.map((l) => `${l.who} ${l.text}`)).toEqual([
      "Maya answered 76 questions",
      "Sam added “Backups” to the plan",
    ]);
    // The line carries the newest entry's id and time.
    expect(feed[0]!.id).toBe(entries[0]!.id);
    expect(feed[0]!.at).toBe(entries[0]!.createdAt);
  });

  it("counts the answers the questionnaire counts, and tells apart those a later answer hid", () => {
    // QA 2 #9: "answered 80 questions" beside the questionnaire's "79 of 79".
    const hidden = new Set(["q79", "q80"]);
    const asking = { ...names, asked: (id: string) => !hidden.has(id) };
    const burst = (ids: string[]) =>
      activityFeed(
        ids.map((q, i) => entry("answers.saved", { questions: [q] }, i * 0.2)),
        asking,
      ).map((l) => l.text);
    const asked = Array.from({ length: 79 }, (_, i) => `q${i}`);
    expect(burst([...asked, "q79"])).toEqual([
      "answered 79 questions, and a question that is no longer asked",
    ]);
    expect(burst([...asked, "q79", "q80"])).toEqual([
      "answered 79 questions, and 2 questions that are no longer asked",
    ]);
    expect(burst(asked)).toEqual(["answered 79 questions"]);
    expect(burst(["ops.rollback", "q79"])).toEqual([
      "answered “If a release breaks the app, how do you get back to the last working version?”, and a question that is no longer asked",
    ]);
    expect(burst(["q79", "q80"])).toEqual(["answered 2 questions that are no longer asked"]);
    // One answer is named, asked now or not: that is what was done.
    expect(
      describeActivity("answers.saved", { questions: ["ops.rollback"] }, { ...names, asked: () => false }),
    ).toBe("answered “If a release breaks the app, how do you get back to the last working version?”");
    // One save of several answers (a page submitted without JavaScript) counts the same way.
    expect(describeActivity("answers.saved", { questions: ["q1", "q2", "q79"] }, asking)).toBe(
      "answered 2 questions, and a question that is no longer asked",
    );
  });

  it("does not merge across people, kinds or long pauses", () => {
    const entries = [
      entry("answers.saved", { questions: ["a"] }, 0),
      entry("answers.saved", { questions: ["b"] }, 1, "u2"),
      entry("answers.saved", { questions: ["c"] }, 2),
      entry("answers.saved", { questions: ["d"] }, 90), // more than half an hour before the previous one
      entry("plan.scope", { item: "A", to: "excluded" }, 91),
      entry("plan.scope-many", { count: 4, to: "excluded" }, 92),
    ];
    expect(activityFeed(entries, names).map((l) => l.text)).toEqual([
      "answered a question that is no longer asked",
      "answered a question that is no longer asked",
      "answered a question that is no longer asked",
      "answered a question that is no longer asked",
      "changed the scope of 5 plan items",
    ]);
  });

  it("counts single and bulk verifications together", () => {
    const entries = [
      entry("answers.verified", { questionIds: ["a", "b", "c"], count: 3 }, 0),
      entry("answer.verified", { questionId: "d" }, 1),
      entry("answer.verified", { questionId: "a" }, 2),
    ];
    expect(activityFeed(entries, names).map((l) => l.text)).toEqual(["verified 4 answers"]);
  });

  it("says what a correction of logged time changed, and counts it in a burst by its difference", () => {
    const fixed = (d: Record<string, unknown>) =>
      describeActivity("plan.time-corrected", { item: "Backups", ...d }, names);
    expect(fixed({ hours: 2.5, day: "2026-12-03", was: { hours: 2, day: "2026-12-03" } })).toBe(
      "corrected 2 h logged on “Backups” for 3 Dec 2026 to 2.5 h",
    );
    expect(fixed({ hours: 2, day: "2026-12-04", was: { hours: 2, day: "2026-12-03" } })).toBe(
      "moved 2 h logged on “Backups” from 3 Dec 2026 to 4 Dec 2026",
    );
    expect(fixed({ hours: 1, day: "2026-12-04", was: { hours: 2, day: "2026-12-03" } })).toBe(
      "corrected 2 h logged on “Backups” for 3 Dec 2026 to 1 h for 4 Dec 2026",
    );
    expect(
      fixed({ hours: 2, day: "2026-12-03", was: { hours: 2, day: "2026-12-03" }, noteChanged: true }),
    ).toBe("corrected the note on 2 h logged on “Backups” for 3 Dec 2026");
    // Logged 3 h, then corrected 3 h down to 1 h: 1 h in all.
    const burst = [
      entry("plan.time-corrected", { item: "Backups", hours: 1, was: { hours: 3 } }, 0),
      entry("plan.time", { item: "Backups", hours: 3 }, 1),
    ];
    expect(activityFeed(burst, names).map((l) => l.text)).toEqual(["logged 1 h on 1 plan item"]);
    // Notes and days corrected, the total as it was: nothing was logged.
    const tidied = [
      entry("plan.time-corrected", { item: "Backups", hours: 2, was: { hours: 2 }, noteChanged: true }, 0),
      entry("plan.time-corrected", { item: "Backups", hours: 1, day: "2026-12-04", was: { hours: 1 } }, 1),
      entry("plan.time-corrected", { item: "Tests", hours: 3, was: { hours: 3 }, noteChanged: true }, 2),
    ];
    expect(activityFeed(tidied, names).map((l) => l.text)).toEqual([
      "corrected the time logged on 2 plan items",
    ]);
  });

  it("stops at the limit of lines", () => {
    const entries = Array.from({ length: 50 }, (_, i) => entry("plan.custom", { item: `Item ${i}` }, i));
    expect(activityFeed(entries, names, 20)).toHaveLength(20);
  });
});

describe("activity links", () => {
  // What still exists: item "i1" (titled "Backups"), proposal version 1.
  const href = (t: ActivityTarget) => {
    const thread = t.comments ? "#comments" : "";
    if (t.type === "proposal") return t.number === 1 ? `/p/${t.number}${thread}` : undefined;
    if (t.type === "question") return `/q#q-${t.id}`;
    const id = t.id ?? (t.title === "Backups" ? "i1" : undefined);
    return id === "i1" ? `/i/${id}${thread}` : undefined;
  };
  const linked = { ...names, href };

  it("knows what an entry is about: an item, a version, a comment's thread; nothing else", () => {
    expect(activityTarget("comment.added", { targetType: "plan-item", targetId: "i1", item: "B" })).toEqual({
      type: "plan-item",
      id: "i1",
      comments: true,
    });
    expect(activityTarget("comment.added", { targetType: "proposal", targetId: "2" })).toEqual({
      type: "proposal",
      number: 2,
      comments: true,
    });
    expect(activityTarget("comment.added", { targetType: "question", targetId: "auth.rls" })).toEqual({
      type: "question",
      id: "auth.rls",
      comments: true,
    });
    expect(activityTarget("proposal.accepted", { number: 1 })).toEqual({
      type: "proposal",
      number: 1,
      comments: false,
    });
    expect(activityTarget("proposal.withdrawn", { number: 3 })).toEqual({
      type: "proposal",
      number: 3,
      comments: false,
    });
    expect(activityTarget("plan.phase", { itemId: "i1", item: "Backups" })).toEqual({
      type: "plan-item",
      id: "i1",
      title: "Backups",
      comments: false,
    });
    expect(activityTarget("plan.custom-deleted", { itemId: "i1", item: "Backups" })).toBeNull();
    expect(activityTarget("plan.scope-many", { count: 3 })).toBeNull();
    expect(activityTarget("plan.regenerated", { created: 3 })).toBeNull();
    expect(activityTarget("member.joined", {})).toBeNull();
  });

  it("links lines about what still exists, and leaves the rest plain", () => {
    const entries = [
      entry("comment.added", { targetType: "plan-item", targetId: "i1", item: "Backups" }, 0),
      entry("proposal.published", { number: 1 }, 1, "u2"),
      entry("comment.added", { targetType: "proposal", targetId: "1" }, 2),
      entry("plan.phase", { itemId: "gone", item: "Backups", to: "hardening" }, 3, "u2"),
      entry("plan.owner", { item: "Backups", to: "founder" }, 4),
      entry("member.joined", {}, 5, "u2"),
      entry("proposal.published", { number: 2 }, 6),
    ];
    expect(activityFeed(entries, linked).map((l) => [l.text, l.href])).toEqual([
      ["commented on “Backups”", "/i/i1#comments"],
      ["published proposal version 1", "/p/1"],
      ["commented on proposal version 1", "/p/1#comments"],
      // its item deleted: a later item with the same title is another item
      ["moved “Backups” to hardening", undefined],
      // logged before items were named by id: found by title
      ["gave “Backups” to the founder's team", "/i/i1"],
      ["joined", undefined],
      ["published proposal version 2", undefined],
    ]);
  });

  it("links a merged line only when all of it is about one thing", () => {
    const one = [
      entry("comment.added", { targetType: "plan-item", targetId: "i1" }, 0),
      entry("comment.added", { targetType: "plan-item", targetId: "i1" }, 1),
    ];
    expect(activityFeed(one, linked)).toMatchObject([{ text: "left 2 comments", href: "/i/i1#comments" }]);
    const two = [
      entry("comment.added", { targetType: "plan-item", targetId: "i1" }, 0),
      entry("comment.added", { targetType: "proposal", targetId: "1" }, 1),
    ];
    expect(activityFeed(two, linked)[0]?.href).toBeUndefined();
  });
});
