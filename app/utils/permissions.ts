// The permission matrix, in one place. Enforced on the server by requireMember(); the UI only uses it
// to hide controls a role cannot use. Documented in docs/permissions.md.
export const ROLES = ["founder", "partner", "viewer"] as const;
export type Role = (typeof ROLES)[number];

export const ROLE_LABELS: Record<Role, string> = {
  founder: "Founder",
  partner: "Engineering partner",
  viewer: "Viewer",
};

export const PERMISSIONS = {
  view: ["founder", "partner", "viewer"],
  comment: ["founder", "partner", "viewer"],
  answer: ["founder"],
  reviewAnswers: ["partner"],
  editSettings: ["founder", "partner"],
  manageMembers: ["founder"],
  editPlan: ["partner"],
  publishProposal: ["partner"],
  acceptProposal: ["founder"],
  trackProgress: ["founder", "partner"],
} as const satisfies Record<string, readonly Role[]>;

export type Permission = keyof typeof PERMISSIONS;

export function can(role: Role, permission: Permission): boolean {
  return (PERMISSIONS[permission] as readonly Role[]).includes(role);
}
