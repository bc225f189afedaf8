// The permission matrix, in one place. Enforced on the server by requireMember(); the UI only uses it
// to hide controls a role cannot use. Documented in docs/permissions.md.
import { ROLES } from "~/engine/value-lists";

export { ROLES };
export type Role = (typeof ROLES)[number];

export const ROLE_LABELS: Record<Role, string> = {
  founder: "Founder",
  partner: "Engineering partner",
  viewer: "Viewer",
};

/** How a role reads in an invitation: a founder inviting another founder is adding a co-founder. */
export const INVITE_ROLE_LABELS: Record<Role, string> = { ...ROLE_LABELS, founder: "Co-founder" };

/** What each role may do, in the words the invite form and invite page use. */
export const ROLE_DESCRIPTIONS: Record<Role, string> = {
  founder:
    "A co-founder: answers the assessment, edits settings, accepts proposals and manages who has access.",
  partner:
    "The engineer or agency doing the work: verifies and corrects answers, shapes the plan and publishes proposals.",
  viewer:
    "Can read everything and comment, but cannot change answers, the plan or settings. Good for advisors and investors.",
};

// For merging roles (a member accepting another invitation keeps the stronger one). Founder is
// strongest because only founders own the engagement: they manage members and sign off proposals.
const ROLE_RANK: Record<Role, number> = { founder: 3, partner: 2, viewer: 1 };

export function strongerRole(a: Role, b: Role): Role {
  return ROLE_RANK[b] > ROLE_RANK[a] ? b : a;
}

export const PERMISSIONS = {
  view: ["founder", "partner", "viewer"],
  comment: ["founder", "partner", "viewer"],
  answer: ["founder"],
  reviewAnswers: ["partner"],
  // Evidence from the code: both sides of the engagement may hand over the code and decide on
  // what it suggests (docs/decisions/012-evidence-from-code.md).
  useCodeEvidence: ["founder", "partner"],
  editSettings: ["founder", "partner"],
  manageMembers: ["founder"],
  // Founders own the engagement; deleting it takes it from every member (docs/permissions.md).
  deleteEngagement: ["founder"],
  editPlan: ["partner"],
  publishProposal: ["partner"],
  acceptProposal: ["founder"],
  // Both sides say where an item stands; the hours logged are what the partner bills at the agreed
  // rate, so only the partner records them (docs/decisions/036).
  trackProgress: ["founder", "partner"],
  logHours: ["partner"],
} as const satisfies Record<string, readonly Role[]>;

export type Permission = keyof typeof PERMISSIONS;

export function can(role: Role, permission: Permission): boolean {
  return (PERMISSIONS[permission] as readonly Role[]).includes(role);
}
