// A large synthetic proposal for the PDF tests and bench: 150 items over every area and phase,
// dependency chains, 200+ character titles, long unbroken words, accented names and a CJK name.
// Totals and schedule come from the engine's own plan functions, like a published proposal's.
import type { Estimate, Phase } from "../../app/engine/content/types";
import { planTotals, scheduleByWeek } from "../../app/engine/plan";
import type { Owner, ProposalSnapshot, SnapshotItem } from "../../app/engine/plan-types";
import { pertMean } from "../../app/engine/simulate";

export const ACCENTED = {
  founder: { name: "Zoë Ångström-Łukasiewicz", email: "zoe@example.com" },
  partner: { name: "Renée Müller-Šťastná", email: "renee@example.com" },
  /** not in DejaVu Sans: drawn with a fallback font (decision 014) */
  cjk: { name: "李雷", email: "li.lei@example.com" },
};

/** Egyptian hieroglyphs: in none of the PDF fonts, so each must print as U+FFFD, not a wrong glyph. */
export const NO_FONT = "𓀀𓁐";

export const LONG_WORD = "Donaudampfschifffahrtsgesellschaftskapitänskajütenschlüsselanhänger";

const AREAS = [
  ["auth", "Authentication & security"],
  ["payments", "Payments"],
  ["data", "Database & backend logic"],
  ["apis", "APIs & integrations"],
  ["performance", "Performance & responsiveness"],
  ["ops", "Deployment & monitoring"],
] as const;
const PHASES: Phase[] = ["launch-blocker", "hardening", "scale"];

function longTitle(i: number): string {
  switch (i % 5) {
    case 0:
      return `Harden the checkout for ${ACCENTED.founder.name}'s café chain so that concurrent payments from the same customer across several devices never create duplicate orders, double charges or oversold stock, with idempotency keys, database constraints and reconciliation reports (${i})`;
    case 1:
      return `Rotate the ${LONG_WORD} secret and move it out of the browser bundle (${i})`;
    case 2:
      return `Add monitoring for ${ACCENTED.cjk.name}'s integration — alerts, retries and a runbook (${i})`;
    case 3:
      return `https://example.com/very/long/path/without/any/spaces/that/must/still/wrap/inside/the/cell/${i}`;
    default:
      return `Review ${ACCENTED.partner.name}'s data model (${i})`;
  }
}

/** The demo's snapshot with `count` synthetic items instead of its own. */
export function largeSnapshot(start: ProposalSnapshot, count = 150): ProposalSnapshot {
  const items: SnapshotItem[] = Array.from({ length: count }, (_, i) => {
    const [area, areaTitle] = AREAS[i % AREAS.length]!;
    const likely = 2 + (i % 9) * 2;
    const estimate: Estimate = { optimistic: likely / 2, likely, pessimistic: likely * 2.5 };
    const dependsOn =
      i >= 6 && i % 3 === 0
        ? [`item-${i - 6}`, `item-${i - 3}`]
        : i >= 1 && i % 7 === 0
          ? [`item-${i - 1}`]
          : [];
    return {
      id: `item-${i}`,
      taskId: i % 4 === 0 ? null : `task-${i}`,
      title: longTitle(i),
      description: "",
      deliverables: [],
      acceptance: [],
      area,
      areaTitle,
      phase: PHASES[Math.floor((i * PHASES.length) / count)]!,
      owner: (i % 6 === 5 ? "founder" : "partner") as Owner,
      estimate,
      mean: pertMean(estimate),
      dependsOn,
      estimateReason:
        i % 10 === 0 ? `Scaled for ${ACCENTED.partner.name}'s team: three environments instead of one` : null,
    };
  });
  const settings = { ...start.settings, teamSize: 3 };
  const engine = { ...settings, focusFactor: 0.7, sigma: 0.45 };
  const totalsItems = items.map((i) => ({
    id: i.id,
    phase: i.phase,
    estimate: i.estimate,
    dependsOn: i.dependsOn,
  }));
  return {
    ...start,
    number: 12,
    preparedBy: ACCENTED.partner,
    preparedFor: ACCENTED.founder,
    engagement: {
      ...start.engagement,
      name: `Ærøskøbing Kaffebar — ${ACCENTED.founder.name}'s très élégant ordering platform`,
      description: `${ACCENTED.founder.name}'s ordering platform for cafés in Łódź, Zürich and ${ACCENTED.cjk.name}'s Shanghai pilot. ${LONG_WORD}.`,
    },
    settings,
    items,
    totals: planTotals(totalsItems, engine),
    schedule: scheduleByWeek(totalsItems, engine),
    assumptions: `${ACCENTED.founder.name} provides access to every environment.\n\n${LONG_WORD} is the real name of the secret.\n\n- ${ACCENTED.cjk.name} reviews the Shanghai pilot\n- Ünïcödé everywhere: ĄĘŁŃÓŚŹŻ ąęłńóśźż ÆØÅ æøå ß Ğğ İı Şş Ωμέγα Привет\n- Cartouche ${NO_FONT} on the sign`,
  };
}
