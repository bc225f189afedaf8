import { Form } from "@remix-run/react";
import type { FormEvent } from "react";

import { CheckboxSetting } from "~/components/checkbox-setting";
import { TableWrap } from "~/components/table-wrap";
import { INVITE_ROLE_LABELS, ROLE_LABELS, ROLES, type Role } from "~/auth/permissions";

type MemberRow = {
  userId: string;
  name: string;
  email: string;
  role: Role;
  joined: string;
  you: boolean;
  /** shown to those who manage members only */
  twoStep?: boolean;
};
type InvitationRow = {
  id: string;
  role: Role;
  note: string | null;
  /** the address the link was emailed to, for those who manage members */
  emailedTo: string | null;
  createdBy: string;
  created: string;
  expires: string;
};

// Removing someone or leaving can only be undone with a new invitation, so ask first (with JavaScript;
// without it the form simply submits).
function confirmThen(question: string) {
  return (event: FormEvent<HTMLFormElement>) => {
    if (!window.confirm(question)) event.preventDefault();
  };
}

/**
 * A founder gives another member a new role. `from` is the role shown, so a change someone made
 * meanwhile is refused rather than overwritten. Taking away a founder's role asks first (with
 * JavaScript): they can no longer manage members or accept proposals, and their open invitations stop
 * working. The form is keyed by the role, so its choice starts again from the stored one after a save.
 */
function RoleForm({ member, busy }: { member: MemberRow; busy: boolean }) {
  const id = `role-${member.userId}`;
  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    const next = new FormData(event.currentTarget).get("role");
    if (member.role !== "founder" || next === "founder") return;
    const label = ROLE_LABELS[next as Role]?.toLowerCase() ?? "another role";
    if (
      !window.confirm(
        `Make ${member.name} ${label}? They will no longer manage members or accept proposals, and invitations they made stop working.`,
      )
    )
      event.preventDefault();
  };
  return (
    <Form method="post" className="role-form" onSubmit={onSubmit}>
      <input type="hidden" name="intent" value="change-role" />
      <input type="hidden" name="userId" value={member.userId} />
      <input type="hidden" name="from" value={member.role} />
      <label htmlFor={id} className="visually-hidden">
        Role of {member.name}
      </label>
      <select id={id} name="role" defaultValue={member.role} disabled={busy}>
        {ROLES.map((r) => (
          <option key={r} value={r}>
            {ROLE_LABELS[r]}
          </option>
        ))}
      </select>
      <button type="submit" className="button button--secondary button--small" disabled={busy}>
        Change<span className="visually-hidden"> the role of {member.name}</span>
      </button>
    </Form>
  );
}

export function MemberList({
  members,
  canManage,
  requireTwoStep,
  busy,
}: {
  members: MemberRow[];
  canManage: boolean;
  requireTwoStep: boolean;
  busy: boolean;
}) {
  return (
    <section className="card stack" aria-labelledby="members-heading">
      <h3 id="members-heading">People with access</h3>
      {/* The table's scrolling region is a landmark too: named after the section, it would be a
          second "People with access" in a screen reader's list of regions. */}
      <TableWrap label="Table of people with access">
        <table className="members-table cards-on-phone">
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Role</th>
              <th scope="col">Joined</th>
              {canManage ? <th scope="col">Two-step login</th> : null}
              {canManage ? (
                <th scope="col">
                  <span className="visually-hidden">Actions</span>
                </th>
              ) : null}
            </tr>
          </thead>
          <tbody>
            {members.map((m) => (
              <tr key={m.userId}>
                <td>
                  <strong>{m.name}</strong> {m.you ? <span className="badge badge--muted">You</span> : null}
                  {m.name !== m.email ? <div className="muted small">{m.email}</div> : null}
                </td>
                <td data-label="Role">
                  {canManage && !m.you ? (
                    <RoleForm key={`${m.userId}-${m.role}`} member={m} busy={busy} />
                  ) : (
                    ROLE_LABELS[m.role]
                  )}
                </td>
                <td data-label="Joined">{m.joined}</td>
                {canManage ? (
                  <td data-label="Two-step login">
                    {m.twoStep ? (
                      <span className="badge badge--ok">On</span>
                    ) : (
                      <span className="badge badge--muted">Off</span>
                    )}
                  </td>
                ) : null}
                {canManage ? (
                  <td className="members-table__actions">
                    {m.you ? null : (
                      <Form method="post" onSubmit={confirmThen(`Remove ${m.name} from this project?`)}>
                        <input type="hidden" name="intent" value="remove" />
                        <input type="hidden" name="userId" value={m.userId} />
                        <button type="submit" className="button button--danger button--small" disabled={busy}>
                          Remove<span className="visually-hidden"> {m.name}</span>
                        </button>
                      </Form>
                    )}
                  </td>
                ) : null}
              </tr>
            ))}
          </tbody>
        </table>
      </TableWrap>
      {canManage && members.some((m) => !m.twoStep) ? (
        <p className="muted small">
          {requireTwoStep
            ? "Whoever has two-step login off is asked to turn it on before they can open this project."
            : "Whoever has two-step login off opens this project with a password alone. Ask them to turn it on under Account, or require it below."}
        </p>
      ) : null}
    </section>
  );
}

export function PendingInvitations({
  invitations,
  canManage,
  busy,
}: {
  invitations: InvitationRow[];
  canManage: boolean;
  busy: boolean;
}) {
  return (
    <section className="card stack" aria-labelledby="pending-heading">
      <h3 id="pending-heading">Pending invitations</h3>
      {invitations.length === 0 ? (
        <p className="muted">No open invitations.</p>
      ) : (
        <TableWrap label="Table of pending invitations">
          <table className="members-table cards-on-phone">
            <thead>
              <tr>
                <th scope="col">For</th>
                <th scope="col">Role</th>
                <th scope="col">Created</th>
                <th scope="col">Expires</th>
                {canManage ? (
                  <th scope="col">
                    <span className="visually-hidden">Actions</span>
                  </th>
                ) : null}
              </tr>
            </thead>
            <tbody>
              {invitations.map((i) => (
                <tr key={i.id}>
                  <td>
                    {i.note ?? (i.emailedTo ? null : <span className="muted">No note</span>)}
                    {i.emailedTo ? <span className="cell-note">Emailed to {i.emailedTo}</span> : null}
                  </td>
                  <td data-label="Role">{INVITE_ROLE_LABELS[i.role]}</td>
                  <td data-label="Created">
                    {/* One element: on a phone the cell is a two-column grid, label and value. */}
                    <span>
                      {i.created} <span className="cell-note">by {i.createdBy}</span>
                    </span>
                  </td>
                  <td data-label="Expires">{i.expires}</td>
                  {canManage ? (
                    <td className="members-table__actions">
                      <Form method="post">
                        <input type="hidden" name="intent" value="revoke" />
                        <input type="hidden" name="invitationId" value={i.id} />
                        <button
                          type="submit"
                          className="button button--secondary button--small"
                          disabled={busy}
                        >
                          Revoke
                          <span className="visually-hidden">
                            {" "}
                            {INVITE_ROLE_LABELS[i.role].toLowerCase()} invitation
                            {i.note ? ` for ${i.note}` : ""}
                            {i.emailedTo ? ` emailed to ${i.emailedTo}` : ""} created {i.created}
                          </span>
                        </button>
                      </Form>
                    </td>
                  ) : null}
                </tr>
              ))}
            </tbody>
          </table>
        </TableWrap>
      )}
    </section>
  );
}

export function LeaveEngagement({ soleFounder, busy }: { soleFounder: boolean; busy: boolean }) {
  return (
    <section className="card stack" aria-labelledby="leave-heading">
      <h3 id="leave-heading">Leave this project</h3>
      <p className="muted small">
        {soleFounder
          ? "You are the only founder. A project must keep an owner, so invite a co-founder before you leave, or delete the project in Settings."
          : "You lose access straight away. To come back, a founder has to invite you again."}
      </p>
      {/* No button the server can only refuse: a sole founder invites a co-founder first. */}
      {soleFounder ? null : (
        <Form method="post" onSubmit={confirmThen("Leave this project? You will lose access.")}>
          <input type="hidden" name="intent" value="leave" />
          <button type="submit" className="button button--danger" disabled={busy}>
            Leave project
          </button>
        </Form>
      )}
    </section>
  );
}

/** Founders require two-step login of everyone on the engagement, or stop requiring it. */
export function RequireTwoStep({ required, busy }: { required: boolean; busy: boolean }) {
  return (
    <section className="card stack" aria-labelledby="require-two-step-heading">
      <h3 id="require-two-step-heading">Two-step login for everyone</h3>
      <CheckboxSetting intent="require-two-step" name="required" checked={required} busy={busy}>
        Require two-step login of everyone on this project. Anyone without it is asked to turn it on before
        they can open the project; you need it on yourself first.
      </CheckboxSetting>
    </section>
  );
}
