import { describe, expect, it } from "vitest";

import { founderNextStep, partnerChecklist, type GuideFacts } from "./engagement-guide";

const base: GuideFacts = {
  answered: 60,
  total: 60,
  quick: { answered: 25, total: 25 },
  reviewed: 0,
  partnerJoined: false,
  invitePending: false,
  plan: null,
  latest: null,
  planChangedSinceLatest: false,
  settingsConfirmed: true,
  pricing: "€95 an hour (EUR), 2 engineers at 30 hours a week",
  delivery: null,
};

describe("the founder's next step", () => {
  it("starts with the assessment and says how long it takes", () => {
    const step = founderNextStep({ ...base, answered: 0 });
    expect(step.title).toBe("Answer the assessment");
    expect(step.text).toContain("60 questions, about 30 minutes");
    expect(step.action).toEqual({ label: "Start the assessment", to: "assess" });
    const quick = founderNextStep({ ...base, answered: 0, quick: { answered: 0, total: 25 } });
    expect(quick.text).toContain("a first result in 25 questions, about 13 minutes");
  });

  it("offers the essentials first while the quick path is open", () => {
    const step = founderNextStep({ ...base, answered: 12, quick: { answered: 12, total: 25 } });
    expect(step.title).toBe("Answer the essentials for a first result");
    expect(step.text).toContain("13 questions of the quick path left (about 7 minutes)");
    expect(step.action).toEqual({ label: "Answer the essentials", to: "assess/essentials" });
    expect(step.secondary).toEqual({ label: "Invite your engineer", to: "members#invite" });
  });

  it("asks to finish, and offers the invitation alongside while nobody is invited", () => {
    const step = founderNextStep({ ...base, answered: 50 });
    expect(step.title).toBe("Finish the assessment");
    expect(step.text).toContain("10 questions are still open (about 5 minutes)");
    expect(step.secondary).toEqual({ label: "Invite your engineer", to: "members#invite" });
    expect(founderNextStep({ ...base, answered: 50, invitePending: true }).secondary).toBeUndefined();
  });

  it("invites the engineer once the assessment is done, then waits for them", () => {
    expect(founderNextStep(base)).toMatchObject({
      title: "Bring in your engineer",
      action: { to: "members#invite" },
    });
    expect(founderNextStep({ ...base, invitePending: true }).title).toBe("Waiting for your engineer to join");
    const working = founderNextStep({ ...base, partnerJoined: true, reviewed: 12 });
    expect(working.title).toBe("Your engineer is preparing the proposal");
    expect(working.text).toContain("12 of 60 answers verified");
  });

  it("puts a published proposal first, with its totals and a way to the sign-off", () => {
    const step = founderNextStep({
      ...base,
      answered: 10,
      partnerJoined: true,
      latest: { number: 2, status: "published", totals: "Launch minimum €4,000–€6,000" },
    });
    expect(step.title).toBe("Proposal version 2 is waiting for your sign-off");
    expect(step.text).toContain("Launch minimum €4,000–€6,000");
    expect(step.action).toEqual({ label: "Review and sign off", to: "proposals/2#signoff" });
  });

  it("says a version past its valid-until day is no longer on offer, to both sides", () => {
    const facts = {
      ...base,
      reviewed: 60,
      partnerJoined: true,
      plan: { items: 30, undecided: 0, included: 24, done: 0 },
      latest: { number: 2, status: "published" as const, totals: "", expired: "3 Jan 2027" },
    };
    const step = founderNextStep(facts);
    expect(step.title).toBe("Proposal version 2 was valid until 3 Jan 2027");
    expect(step.text).toContain("Ask your engineer to publish a new version");
    expect(step.action).toEqual({ label: "Open it", to: "proposals/2" });
    const publish = partnerChecklist(facts).at(-1)!;
    expect(publish.state).toBe("current");
    expect(publish.detail).toBe(
      "Version 2 was valid until 3 Jan 2027 and can no longer be accepted: publish version 3 to offer it again.",
    );
    expect(publish.action).toEqual({ label: "Publish", to: "proposals#publish" });
  });

  it("says a withdrawn version is not waiting for anyone, and asks the partner for a new one", () => {
    const facts = {
      ...base,
      reviewed: 60,
      partnerJoined: true,
      plan: { items: 30, undecided: 0, included: 24, done: 0 },
      latest: { number: 3, status: "withdrawn" as const, totals: "Launch minimum €4,000–€6,000" },
    };
    const step = founderNextStep(facts);
    expect(step.title).toBe("Your engineer withdrew proposal version 3");
    expect(step.text).toBe(
      "It can no longer be accepted, and no earlier version is back on offer: they publish a new version for you to accept. You can still read this one and comment on it.",
    );
    expect(step.action).toEqual({ label: "Open it", to: "proposals/3" });
    const publish = partnerChecklist(facts).at(-1)!;
    expect(publish.state).toBe("current");
    expect(publish.detail).toBe(
      "Version 3 was withdrawn, so nothing is on offer: publish version 4 for the founder to accept.",
    );
    expect(publish.action).toEqual({ label: "Publish", to: "proposals#publish" });
    // Withdrawn even though the plan is unchanged since: still nothing on offer.
    expect(partnerChecklist({ ...facts, planChangedSinceLatest: true }).at(-1)!.detail).toContain(
      "Version 3 was withdrawn",
    );
    // A later version withdrawn after one was accepted: the accepted one is still the agreement.
    const delivering = founderNextStep({
      ...facts,
      delivery: { version: 1, done: 2, items: 10, line: "2 of 10 items done" },
    });
    expect(delivering.text).toContain(
      "Version 1, which was accepted, is still the agreement: 2 of 10 items done.",
    );
  });

  it("follows the work once a version is accepted, against that version", () => {
    const step = founderNextStep({
      ...base,
      partnerJoined: true,
      plan: { items: 20, undecided: 0, included: 14, done: 3 },
      latest: { number: 1, status: "accepted", totals: "" },
      delivery: {
        version: 1,
        done: 3,
        items: 12,
        line: "3 of 12 items done, 8 h logged of 40 h agreed (likely)",
      },
    });
    expect(step.title).toBe("You accepted proposal version 1");
    expect(step.text).toBe(
      "The work is under way: 3 of 12 items done, 8 h logged of 40 h agreed (likely). Progress shows on the plan.",
    );
  });

  it("does not say the founder accepted a version that came accepted in an imported file", () => {
    const facts = {
      ...base,
      partnerJoined: true,
      plan: { items: 20, undecided: 0, included: 12, done: 3 },
      latest: { number: 2, status: "accepted" as const, totals: "", imported: true },
    };
    expect(founderNextStep(facts).title).toBe("Proposal version 2 came accepted in the imported file");
    expect(partnerChecklist(facts).map((s) => s.detail)).toContain(
      "Version 2 came accepted in the imported file (not a sign-off made here).",
    );
  });
});

describe("the partner's checklist", () => {
  const states = (f: GuideFacts) => partnerChecklist(f).map((s) => `${s.id}:${s.state}`);

  it("asks first to confirm the rate, currency and team until someone saves the settings", () => {
    const fresh = {
      ...base,
      settingsConfirmed: false,
      pricing: "$100 an hour (USD), 1 engineer at 30 hours a week",
    };
    expect(states(fresh)).toEqual(["settings:current", "verify:todo", "plan:todo", "publish:todo"]);
    const [step] = partnerChecklist(fresh);
    expect(step!.title).toBe("Confirm your rate, currency and team");
    expect(step!.detail).toBe(
      "Estimates are priced at $100 an hour (USD), 1 engineer at 30 hours a week, as the project was created: check that is what you quote.",
    );
    expect(step!.action).toEqual({ label: "Check the settings", to: "settings" });
    const saved = partnerChecklist({ ...base, reviewed: 15 })[0]!;
    expect(saved.state).toBe("done");
    expect(saved.detail).toBe("Estimates are priced at €95 an hour (EUR), 2 engineers at 30 hours a week.");
  });

  it("starts at verifying, with what is left", () => {
    const list = partnerChecklist({ ...base, reviewed: 15 });
    expect(states({ ...base, reviewed: 15 })).toEqual([
      "settings:done",
      "verify:current",
      "plan:todo",
      "publish:todo",
    ]);
    expect(list[1]!.detail).toBe("45 of 60 answers left to verify.");
    expect(partnerChecklist({ ...base, reviewed: 0 })[1]!.detail).toBe("60 answers to verify.");
    expect(list[1]!.action?.to).toBe("assess/review?show=unverified");
    expect(list[2]!.detail).toContain("Not created yet");
    // No plan, nothing to publish: no button that could only be refused.
    expect(list[3]!.action).toBeUndefined();
    expect(list[3]!.detail).toBe(
      "Nothing published yet: a proposal is published from a plan with items in scope.",
    );
  });

  it("offers no plan to create before the founder has answered anything", () => {
    const fresh = partnerChecklist({ ...base, answered: 0 });
    expect(fresh[2]!.action).toBeUndefined();
    expect(fresh[2]!.detail).toBe(
      "Not created yet: it starts from the work the founder's answers call for, once they answer.",
    );
    const answered = partnerChecklist({ ...base, answered: 1 });
    expect(answered[2]!.action).toEqual({ label: "Create the plan", to: "plan" });
  });

  it("moves to the plan once every answer is reviewed, then to publishing", () => {
    const shaping = { ...base, reviewed: 60, plan: { items: 30, undecided: 4, included: 20, done: 0 } };
    expect(states(shaping)).toEqual(["settings:done", "verify:done", "plan:current", "publish:todo"]);
    expect(partnerChecklist(shaping)[2]!.detail).toBe("4 items still undecided; 20 in scope.");
    const ready = { ...shaping, plan: { items: 30, undecided: 0, included: 24, done: 0 } };
    expect(states(ready)).toEqual(["settings:done", "verify:done", "plan:done", "publish:current"]);
  });

  it("is done when the newest version is out, and asks again when the plan changed since", () => {
    const out = {
      ...base,
      reviewed: 60,
      plan: { items: 30, undecided: 0, included: 24, done: 0 },
      latest: { number: 1, status: "published" as const, totals: "" },
    };
    expect(states(out)).toEqual(["settings:done", "verify:done", "plan:done", "publish:done"]);
    expect(partnerChecklist(out)[3]!.detail).toBe("Version 1 is waiting for the founder's sign-off.");
    const changed = { ...out, planChangedSinceLatest: true };
    expect(states(changed)).toEqual(["settings:done", "verify:done", "plan:done", "publish:current"]);
    expect(partnerChecklist(changed)[3]!.detail).toContain("publish version 2");
  });

  it("trades verifying for delivering once a version is accepted", () => {
    const accepted = {
      ...base,
      reviewed: 10,
      plan: { items: 30, undecided: 0, included: 24, done: 5 },
      latest: { number: 2, status: "accepted" as const, totals: "" },
      delivery: {
        version: 2,
        done: 5,
        items: 24,
        line: "5 of 24 items done, 20 h logged of 120 h agreed (likely)",
      },
    };
    // 50 answers still unverified: no longer pushed.
    expect(states(accepted)).toEqual(["settings:done", "plan:done", "publish:done", "delivery:current"]);
    const delivery = partnerChecklist(accepted).at(-1)!;
    expect(delivery).toEqual({
      id: "delivery",
      title: "Deliver the agreed work",
      state: "current",
      detail: "5 of 24 items done, 20 h logged of 120 h agreed (likely), against version 2.",
      action: { label: "Open the plan", to: "plan" },
    });
    // A plan changed since still asks for a new version, after the delivery.
    expect(states({ ...accepted, planChangedSinceLatest: true })).toEqual([
      "settings:done",
      "plan:done",
      "publish:todo",
      "delivery:current",
    ]);
    const finished = { ...accepted, delivery: { ...accepted.delivery, done: 24 } };
    expect(states(finished)).toEqual(["settings:done", "plan:done", "publish:done", "delivery:done"]);
  });

  it("is unchanged before a version is accepted", () => {
    const waiting = {
      ...base,
      reviewed: 10,
      plan: { items: 30, undecided: 0, included: 24, done: 0 },
      latest: { number: 1, status: "published" as const, totals: "" },
    };
    expect(states(waiting)).toEqual(["settings:done", "verify:current", "plan:done", "publish:done"]);
  });
});
