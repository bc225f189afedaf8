import { Form, Link } from "@remix-run/react";
import { useEffect, useRef, useState } from "react";

import { FieldError } from "~/components/field";
import { COMMENT_MAX_LENGTH } from "~/utils/comment-length";
import { useFormChanged, useKeyAfterOwnSave, useReportUnsaved } from "~/utils/use-unsaved-changes";

const EMPTY = { body: "" };

/**
 * A conversation on one thing (a plan item, a proposal version): the comments, oldest first, and a
 * form to add one. `fields` are the hidden inputs that tell the route's action what is commented on
 * (no fields: the reader may not comment, so no form). `typed` is the text of a comment the server
 * refused, shown again in the box: a page rendered without JavaScript would otherwise lose it.
 */
export function CommentThread({
  comments,
  fields,
  error,
  typed,
  heading = "Comments",
  id = "comments",
  label = "Add a comment",
  formId,
  className = "card stack",
  action,
  empty = "No comments yet.",
  cancel,
}: {
  comments: Array<{ id: string; body: string; authorName: string; createdAt: string }>;
  fields?: Record<string, string>;
  error?: string;
  typed?: string;
  heading?: string;
  id?: string;
  label?: string;
  /**
   * For a thread inside another form (the questionnaire's answers): the id of its own form, which
   * the page renders outside that one (CommentFormOutside). HTML forbids nested forms; the box and
   * the button join it by their `form` attribute.
   */
  formId?: string;
  className?: string;
  /** where the form posts, when not this page's action at the thread */
  action?: string;
  /** what an empty thread says; null: nothing (a form that starts one says enough) */
  empty?: string | null;
  /** a link that closes the form without posting (a thread being started) */
  cancel?: string;
}) {
  const fresh = useKeyAfterOwnSave();
  // A comment typed and not posted counts as unsaved, on a page that asks before it is left.
  const typing = useFormChanged(EMPTY);
  const { onChange } = typing;
  useEffect(onChange, [fresh.key, onChange]);
  // Outside its form, the box says for itself whether something is typed in it.
  const [typedOutside, setTypedOutside] = useState(false);
  useEffect(() => setTypedOutside(false), [fresh.key]);
  useReportUnsaved(formId ? typedOutside : typing.changed);
  // Once ours is posted, focus goes back to the (new, empty) box and the thread says it was
  // posted: the box it was in is replaced, and focus fell to the page with nothing said (QA pass 4,
  // finding 5).
  const boxRef = useRef<HTMLTextAreaElement>(null);
  useEffect(() => {
    if (fresh.key > 0) boxRef.current?.focus();
  }, [fresh.key]);
  const box = fields ? (
    <div className="field">
      <label htmlFor={`${id}-body`}>{label}</label>
      <textarea
        ref={boxRef}
        id={`${id}-body`}
        name="body"
        rows={3}
        maxLength={COMMENT_MAX_LENGTH}
        defaultValue={typed}
        form={formId}
        onChange={formId ? (e) => setTypedOutside(e.currentTarget.value.trim() !== "") : undefined}
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? `${id}-body-error` : undefined}
      />
      <FieldError id={`${id}-body-error`} error={error} />
    </div>
  ) : null;
  return (
    <section className={className} aria-labelledby={`${id}-heading`} id={id}>
      <h3 id={`${id}-heading`}>{heading}</h3>
      {comments.length === 0 && empty ? <p className="muted">{empty}</p> : null}
      <p className="visually-hidden" role="status">
        {fresh.key > 0
          ? `Comment posted. ${comments.length === 1 ? "1 comment" : `${comments.length} comments`}.`
          : ""}
      </p>
      <ol className="comment-list">
        {comments.map((c) => (
          <li key={c.id} className="comment">
            <p className="comment__meta">
              <strong>{c.authorName}</strong> <span className="muted small">{c.createdAt}</span>
            </p>
            <p className="comment__body">{c.body}</p>
          </li>
        ))}
      </ol>
      {fields && formId ? (
        // The same fields, sent with the form outside; a fresh box once ours is posted.
        <div className="stack" key={fresh.key}>
          {Object.entries(fields).map(([name, value]) => (
            <input key={name} type="hidden" name={name} value={value} form={formId} />
          ))}
          {box}
          <div className="form-actions">
            <button type="submit" form={formId} className="button button--secondary" onClick={fresh.onSubmit}>
              Post comment
            </button>
            {cancel ? (
              <Link to={cancel} preventScrollReset className="button button--ghost">
                Cancel
              </Link>
            ) : null}
          </div>
        </div>
      ) : fields ? (
        // Once ours is posted, a fresh form, so the box is empty again; after an error, another
        // form's save or someone else's comment arriving with the reload, what was typed stays.
        <Form
          key={fresh.key}
          ref={typing.ref}
          onChange={onChange}
          onSubmit={fresh.onSubmit}
          method="post"
          // Without JavaScript a refused comment comes back here, not at the top of a long page.
          action={action ?? `#${id}`}
          className="stack"
          noValidate
          preventScrollReset
        >
          {Object.entries(fields).map(([name, value]) => (
            <input key={name} type="hidden" name={name} value={value} />
          ))}
          {box}
          <div className="form-actions">
            <button type="submit" className="button button--secondary">
              Post comment
            </button>
          </div>
        </Form>
      ) : null}
    </section>
  );
}

/**
 * The form of a thread rendered inside another form (CommentThread's `formId`): empty, placed
 * outside that form; its fields join it by their `form` attribute. Without JavaScript a refused
 * comment comes back at `anchor`.
 */
export function CommentFormOutside({ id, anchor }: { id: string; anchor: string }) {
  return <Form id={id} method="post" action={`#${anchor}`} noValidate preventScrollReset hidden />;
}
