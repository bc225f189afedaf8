// What to do next, worked out from where an engagement stands: one next step for the founder, and a
// four-step checklist (confirm the rate → verify → shape the plan → publish) for the engineering
// partner, which once a version is accepted trades verifying for delivering it. Pure: the
// overview's loader gathers the facts, tests can state them directly.
import { minutesToAnswer } from "../../questionnaire/time-to-answer";
import { andList } from "../../utils/settings-words";
import type { ProposalStatus } from "../../utils/proposal-status";

export type GuideFacts = {
  /** visible questions answered, and how many there are */
  answered: number;
  total: number;
  /** the quick path (the intake and the essential questions shown now): answered, and how many */
  quick: { answered: number; total: number };
  /** answers a partner verified or corrected */
  reviewed: number;
  partnerJoined: boolean;
  invitePending: boolean;
  /** null until the partner creates the plan */
  plan: { items: number; undecided: number; included: number; done: number } | null;
  latest: {
    number: number;
    status: ProposalStatus;
    /** "Launch minimum €4,800–€7,100 · whole proposal €9,000–€13,400", as the proposal states it */
    totals: string;
    /** from an imported file: its acceptance is what the file says, not a sign-off made here */
    imported?: boolean;
    /** "3 Jan 2027": it was valid until then and was not accepted, so it is no longer on offer */
    expired?: string;
  } | null;
  /** the plan changed after the newest version was published (its items, or the settings it is priced with) */
  planChangedSinceLatest: boolean;
  /**
   * Which of them: whether the items changed, and the settings that did ("hourly rate", "currency").
   * Absent reads as the items (QA 7, finding 16: a rate change alone said "The plan changed").
   */
  changedSinceLatest?: { items: boolean; settings: string[] };
  /** the answers call for no work at all: with nothing in scope, no proposal is on its way */
  noWork?: boolean;
  /**
   * Someone saved the settings since the engagement was created, or a version was published: the
   * rate, currency and team are a choice, not the defaults a new engagement starts with.
   */
  settingsConfirmed: boolean;
  /** what estimates are priced with now: "€95 an hour (EUR), 2 engineers at 30 hours a week" */
  pricing: string;
  /**
   * Once a version is accepted: the work measured against it (progressAgainst), with its line
   * "12 of 40 items done, 32 h logged of 120 h agreed (likely)" (deliveryLine). Null before.
   */
  delivery: { version: number; done: number; items: number; line: string } | null;
};

/** A link inside the engagement, relative to its overview (e.g. "assess", "proposals/2#signoff"). */
export type GuideLink = { label: string; to: string };

export type NextStep = { title: string; text: string; action?: GuideLink; secondary?: GuideLink };

export type ChecklistStep = {
  id: "settings" | "verify" | "plan" | "publish" | "delivery";
  title: string;
  state: "done" | "current" | "todo";
  detail: string;
  action?: GuideLink;
};

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

export function founderNextStep(f: GuideFacts): NextStep {
  const left = f.total - f.answered;
  // Taken back by the partner (decision 039): no version is on offer until they publish a new one.
  if (f.latest?.status === "withdrawn") {
    return {
      title: `Your engineer withdrew proposal version ${f.latest.number}`,
      text: `It can no longer be accepted, and no earlier version is back on offer: they publish a new version for you to accept. ${
        f.delivery
          ? `Version ${f.delivery.version}, which was accepted, is still the agreement: ${f.delivery.line}.`
          : "You can still read this one and comment on it."
      }`,
      action: { label: "Open it", to: `proposals/${f.latest.number}` },
    };
  }
  if (f.latest?.status === "published" && f.latest.expired) {
    return {
      title: `Proposal version ${f.latest.number} was valid until ${f.latest.expired}`,
      text: "It can no longer be accepted. Ask your engineer to publish a new version; you can still read this one and comment on it.",
      action: { label: "Open it", to: `proposals/${f.latest.number}` },
    };
  }
  if (f.latest?.status === "published") {
    return {
      title: `Proposal version ${f.latest.number} is waiting for your sign-off`,
      text: `${f.latest.totals}. Read what is in, what is left for later and what is out, ask about anything in the comments, then accept it.`,
      action: { label: "Review and sign off", to: `proposals/${f.latest.number}#signoff` },
    };
  }
  if (f.latest?.status === "accepted") {
    return {
      title: f.latest.imported
        ? `Proposal version ${f.latest.number} came accepted in the imported file`
        : `You accepted proposal version ${f.latest.number}`,
      text: f.delivery
        ? `The work is under way: ${f.delivery.line}. Progress shows on the plan.`
        : f.plan
          ? `The work is under way: ${f.plan.done} of ${plural(f.plan.included, "item", "items")} done. Progress shows on the plan.`
          : "The work is under way. Progress shows on the plan.",
      action: { label: "Follow the plan", to: "plan" },
    };
  }
  if (f.answered === 0) {
    return {
      title: "Answer the assessment",
      text: `Plain questions on the six areas that decide whether an app is ready for real users and money; ${f.total} questions, about ${minutesToAnswer(f.total)} minutes, and they save as you go. Short on time? The quick path (questions about your product, then the essentials) gives a first result in ${f.quick.total} questions, about ${minutesToAnswer(f.quick.total)} minutes.`,
      action: { label: "Start the assessment", to: "assess" },
    };
  }
  const quickLeft = f.quick.total - f.quick.answered;
  // To the invite form itself (members#invite), not the top of Members.
  const invite: GuideLink = { label: "Invite your engineer", to: "members#invite" };
  if (left > 0 && quickLeft > 0) {
    return {
      title: "Answer the essentials for a first result",
      text: `${plural(quickLeft, "question", "questions")} of the quick path left (about ${minutesToAnswer(quickLeft)} minutes): the few that most often decide whether an app can launch safely. The result stays provisional until you go deeper area by area.`,
      action: { label: "Answer the essentials", to: "assess/essentials" },
      ...(f.partnerJoined || f.invitePending ? {} : { secondary: invite }),
    };
  }
  if (left > 0) {
    return {
      title: "Finish the assessment",
      text: `${plural(left, "question is", "questions are")} still open (about ${minutesToAnswer(left)} minutes). Until then the estimate prices the open questions cautiously.`,
      action: { label: "Continue the assessment", to: "assess" },
      ...(f.partnerJoined || f.invitePending ? {} : { secondary: invite }),
    };
  }
  if (!f.partnerJoined) {
    return f.invitePending
      ? {
          title: "Waiting for your engineer to join",
          text: "The invitation is sent. Once they join, they verify your answers, shape the plan and send you a proposal to accept.",
          action: { label: "See invitations", to: "members" },
        }
      : {
          title: "Bring in your engineer",
          text: "Your assessment is complete. Invite the engineer or agency who will do the work: they verify your answers, turn the plan into a proposal with a price, and you accept it here.",
          action: invite,
        };
  }
  // Nothing in scope to publish (QA 7, finding 14): "preparing the proposal" promised one that cannot
  // come from an empty plan. Say what is true instead.
  if (!f.plan || f.plan.included === 0) {
    if (f.noWork)
      return {
        title: "Your answers call for no work",
        text: "The assessment found nothing that needs engineering work, so there is no proposal to prepare. If you need something else done, your engineer can add it to the plan and publish a proposal for it.",
        action: { label: "See the results", to: "results" },
      };
    if (f.plan)
      return {
        title: "Your engineer is shaping the plan",
        text: `No item is in scope yet, so there is nothing to publish. ${f.reviewed} of ${plural(f.answered, "answer", "answers")} verified so far; once items are in scope, your engineer can publish a proposal for you to accept.`,
        action: { label: "See the results", to: "results" },
      };
  }
  return {
    title: "Your engineer is preparing the proposal",
    text: `${f.reviewed} of ${plural(f.answered, "answer", "answers")} verified so far${f.plan ? `; the plan has ${plural(f.plan.included, "item", "items")} in scope` : ""}. You will see the proposal here as soon as it is published.`,
    action: { label: "See the results", to: "results" },
  };
}

export function partnerChecklist(f: GuideFacts): ChecklistStep[] {
  const toVerify = f.answered - f.reviewed;
  const verified = f.answered > 0 && toVerify === 0;
  const answers = plural(f.answered, "answer", "answers");
  // "60 answers to verify" before any is verified, not "60 of 60 answers left to verify".
  const toVerifyText =
    toVerify === f.answered ? `${answers} to verify` : `${toVerify} of ${answers} left to verify`;
  const shaped = f.plan !== null && f.plan.undecided === 0 && f.plan.included > 0;
  const published =
    f.latest !== null &&
    f.latest.status !== "superseded" &&
    f.latest.status !== "withdrawn" &&
    !f.planChangedSinceLatest &&
    !(f.latest.status === "published" && f.latest.expired);
  // Once a version is accepted, delivering it is the work: verifying more answers no longer is.
  const delivered = f.delivery !== null && f.delivery.items > 0 && f.delivery.done === f.delivery.items;
  const next = !f.settingsConfirmed
    ? "settings"
    : f.delivery
      ? delivered
        ? null
        : "delivery"
      : !verified
        ? "verify"
        : !shaped
          ? "plan"
          : !published
            ? "publish"
            : null;
  const state = (id: ChecklistStep["id"], done: boolean): ChecklistStep["state"] =>
    done ? "done" : next === id ? "current" : "todo";
  const steps: ChecklistStep[] = [
    {
      // The rate, currency and team price every estimate; a new engagement starts with defaults
      // no partner chose (100 an hour, one engineer), and a quote at those would go out unnoticed.
      id: "settings",
      title: "Confirm your rate, currency and team",
      state: state("settings", f.settingsConfirmed),
      detail: f.settingsConfirmed
        ? `Estimates are priced at ${f.pricing}.`
        : `Estimates are priced at ${f.pricing}, as the project was created: check that is what you quote.`,
      action: { label: f.settingsConfirmed ? "Settings" : "Check the settings", to: "settings" },
    },
    {
      id: "verify",
      title: "Verify the answers",
      state: state("verify", verified),
      detail:
        f.answered === 0
          ? "The founder has not answered yet."
          : verified
            ? `All ${answers} verified or corrected.`
            : `${toVerifyText}${f.answered < f.total ? ` (the founder has ${plural(f.total - f.answered, "question", "questions")} open)` : ""}.`,
      ...(toVerify > 0 ? { action: { label: "Verify answers", to: "assess/review?show=unverified" } } : {}),
    },
    {
      id: "plan",
      title: "Shape the plan",
      state: state("plan", shaped),
      detail: !f.plan
        ? f.answered === 0
          ? "Not created yet: it starts from the work the founder's answers call for, once they answer."
          : "Not created yet: it starts from the work the answers call for."
        : f.plan.undecided > 0
          ? `${plural(f.plan.undecided, "item", "items")} still undecided; ${f.plan.included} in scope.`
          : `${plural(f.plan.included, "item", "items")} in scope, nothing undecided.`,
      // Before any answer there is nothing to create a plan from: the button would open an empty page.
      ...(!f.plan && f.answered === 0
        ? {}
        : { action: { label: f.plan ? "Open the plan" : "Create the plan", to: "plan" } }),
    },
    {
      id: "publish",
      title: "Publish the proposal",
      state: state("publish", published),
      detail: !f.latest
        ? f.plan && f.plan.included > 0
          ? "Nothing published yet."
          : "Nothing published yet: a proposal is published from a plan with items in scope."
        : f.latest.status === "withdrawn"
          ? `Version ${f.latest.number} was withdrawn, so nothing is on offer: publish version ${f.latest.number + 1} for the founder to accept.`
          : f.planChangedSinceLatest
            ? `${whatChanged(f.changedSinceLatest)} since version ${f.latest.number}: publish version ${f.latest.number + 1} to show the founder.`
            : f.latest.status === "published" && f.latest.expired
              ? `Version ${f.latest.number} was valid until ${f.latest.expired} and can no longer be accepted: publish version ${f.latest.number + 1} to offer it again.`
              : f.latest.status === "accepted"
                ? f.latest.imported
                  ? `Version ${f.latest.number} came accepted in the imported file (not a sign-off made here).`
                  : `Version ${f.latest.number} accepted by the founder.`
                : `Version ${f.latest.number} is waiting for the founder's sign-off.`,
      // Publishing needs items in scope: before that, the button would only lead to a refusal.
      ...(published || !f.plan || f.plan.included === 0
        ? {}
        : { action: { label: "Publish", to: "proposals#publish" } }),
    },
  ];
  if (!f.delivery) return steps;
  return [
    ...steps.filter((s) => s.id !== "verify"),
    {
      id: "delivery",
      title: "Deliver the agreed work",
      state: state("delivery", delivered),
      detail: `${f.delivery.line}, against version ${f.delivery.version}.`,
      action: { label: "Open the plan", to: "plan" },
    },
  ];
}

/** "The plan changed", "The hourly rate and currency changed", "The plan and the team changed". */
function whatChanged(changed: GuideFacts["changedSinceLatest"]): string {
  if (!changed || changed.settings.length === 0) return "The plan changed";
  const settings = andList(changed.settings);
  return changed.items ? `The plan and the ${settings} changed` : `The ${settings} changed`;
}
