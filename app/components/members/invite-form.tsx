import { Form } from "@remix-run/react";
import { useEffect, useRef, useState } from "react";

import { FieldError, FormError } from "~/components/field";
import { INVITE_ROLE_LABELS, ROLE_DESCRIPTIONS, type Role } from "~/auth/permissions";

// Partner first: inviting the engineering partner is what almost every founder comes here to do.
const INVITE_CHOICES: Role[] = ["partner", "viewer", "founder"];

export function InviteForm({
  errors,
  values,
  busy,
  created,
}: {
  errors: { role?: string; note?: string; email?: string };
  /** what a refused post sent, shown again (without JavaScript the page is rendered afresh) */
  values?: Record<string, string>;
  busy: boolean;
  /** the link just created, if any: the form starts empty for the next one */
  created?: string;
}) {
  const error = errors.role;
  return (
    // id="invite": "Invite your engineer" elsewhere links here (members#invite).
    <section id="invite" className="card stack invite-form" aria-labelledby="invite-heading">
      <div>
        <h3 id="invite-heading">Invite someone</h3>
        <p className="muted small">
          You get a link to send them, and we email it too if you give their address. It works once, for one
          person, for 7 days.
        </p>
      </div>
      {/* With JavaScript the page stays, and so would what was typed: still filled in, the form looked
          as if nothing had happened, and a second click made a second live link. After a link is
          created it starts afresh (a new key per link); after a refusal what was typed stays. */}
      <Form method="post" className="stack" noValidate key={created ?? "typing"}>
        {/* Here, not at the page's top: without JavaScript the refused page opens at this summary
            (it takes focus), which is where the form is, however far down the page. */}
        <FormError
          fieldErrors={{
            role: errors.role ? [errors.role] : undefined,
            note: errors.note ? [errors.note] : undefined,
            email: errors.email ? [errors.email] : undefined,
          }}
          fields={{
            note: { label: "Who is it for?", id: "invite-note" },
            email: { label: "Email it to", id: "invite-email" },
          }}
        />
        <input type="hidden" name="intent" value="invite" />
        <fieldset
          className="field"
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? "invite-role-error" : undefined}
        >
          <legend>Their role</legend>
          <div className="choice-list">
            {INVITE_CHOICES.map((role) => (
              <label key={role} className="choice">
                <input
                  type="radio"
                  name="role"
                  value={role}
                  defaultChecked={role === (values?.role ?? "partner")}
                />
                <span className="role-choice">
                  {INVITE_ROLE_LABELS[role]}
                  <span className="role-choice__description">{ROLE_DESCRIPTIONS[role]}</span>
                </span>
              </label>
            ))}
          </div>
          <FieldError id="invite-role-error" error={error} />
        </fieldset>
        <div className="field">
          <label htmlFor="invite-note">Who is it for? (optional)</label>
          <p id="invite-note-hint" className="muted small">
            A name or a few words, such as “Sam at Acme Dev”, shown with the pending invitation so you can
            tell links apart. Members of this project can see it.
          </p>
          <input
            id="invite-note"
            name="note"
            type="text"
            maxLength={80}
            autoComplete="off"
            defaultValue={values?.note ?? ""}
            aria-invalid={errors.note ? true : undefined}
            aria-describedby={errors.note ? "invite-note-hint invite-note-error" : "invite-note-hint"}
          />
          <FieldError id="invite-note-error" error={errors.note} />
        </div>
        <div className="field">
          <label htmlFor="invite-email">Email it to (optional)</label>
          <p id="invite-email-hint" className="muted small">
            We email them the link. It also shows beside the pending invitation, to tell links apart.
          </p>
          <input
            id="invite-email"
            name="email"
            type="email"
            maxLength={254}
            autoComplete="off"
            defaultValue={values?.email ?? ""}
            aria-invalid={errors.email ? true : undefined}
            aria-describedby={errors.email ? "invite-email-hint invite-email-error" : "invite-email-hint"}
          />
          <FieldError id="invite-email-error" error={errors.email} />
        </div>
        <div className="form-actions">
          <button type="submit" className="button button--primary" disabled={busy}>
            Create invite link
          </button>
        </div>
      </Form>
    </section>
  );
}

/** The freshly created link: the server keeps only its hash, so this is the one time it is shown. */
export function InviteLink({
  link,
  roleLabel,
  note,
  expires,
  emailedTo,
}: {
  link: string;
  roleLabel: string;
  note: string | null;
  expires: string;
  emailedTo: string | null;
}) {
  const box = useRef<HTMLElement>(null);
  const input = useRef<HTMLInputElement>(null);
  const [canCopy, setCanCopy] = useState(false);
  const [copied, setCopied] = useState(false);
  // Rendered only after hydration: without JavaScript there is nothing for the button to do.
  useEffect(() => setCanCopy(typeof navigator !== "undefined" && Boolean(navigator.clipboard)), []);
  useEffect(() => setCopied(false), [link]);
  // With JavaScript the page does not reload: the founder is still down at the invite form while this
  // box appears at the top. Take them (and a screen reader) to it, since the link is shown only once.
  // Without JavaScript the new page opens at the top, where the box already is.
  useEffect(() => {
    box.current?.focus({ preventScroll: true });
    box.current?.scrollIntoView({ block: "nearest" });
  }, [link]);

  async function copy() {
    input.current?.select();
    try {
      await navigator.clipboard.writeText(link);
      setCopied(true);
    } catch {
      setCopied(false); // the text stays selected, so the user can still copy it by hand
    }
  }

  return (
    <section
      ref={box}
      className="alert alert--ok invite-link"
      aria-labelledby="invite-link-heading"
      // Focused from the effect above, never by Tab.
      tabIndex={-1}
    >
      <h3 id="invite-link-heading">Invite link created</h3>
      <p>
        Role: <strong>{roleLabel}</strong>
        {note ? (
          <>
            {" "}
            · For: <strong>{note}</strong>
          </>
        ) : null}
      </p>
      <div className="invite-link__row">
        <label htmlFor="invite-link" className="visually-hidden">
          Invite link
        </label>
        <input
          ref={input}
          id="invite-link"
          type="text"
          value={link}
          readOnly
          onFocus={(event) => event.currentTarget.select()}
          aria-describedby="invite-link-note"
          className="invite-link__input"
        />
        {canCopy ? (
          <button type="button" className="button button--secondary" onClick={copy}>
            {copied ? "Copied" : "Copy link"}
          </button>
        ) : null}
      </div>
      {emailedTo ? (
        <p>
          We also emailed it to <strong>{emailedTo}</strong>.
        </p>
      ) : null}
      <p id="invite-link-note" className="invite-link__note">
        <strong>Copy it now: this link is shown only once.</strong> It expires on {expires} (in 7 days) and
        works for one person. Anyone who has it can join with this role, so send it privately.
      </p>
      <p className="visually-hidden" role="status">
        {copied ? "Link copied to the clipboard." : ""}
      </p>
    </section>
  );
}
