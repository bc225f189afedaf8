import { Form } from "@remix-run/react";
import { useEffect } from "react";

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
}: {
  comments: Array<{ id: string; body: string; authorName: string; createdAt: string }>;
  fields?: Record<string, string>;
  error?: string;
  typed?: string;
  heading?: string;
  id?: string;
}) {
  const fresh = useKeyAfterOwnSave();
  // A comment typed and not posted counts as unsaved, on a page that asks before it is left.
  const typing = useFormChanged(EMPTY);
  const { onChange } = typing;
  useEffect(onChange, [fresh.key, onChange]);
  useReportUnsaved(typing.changed);
  return (
    <section className="card stack" aria-labelledby={`${id}-heading`} id={id}>
      <h3 id={`${id}-heading`}>{heading}</h3>
      {comments.length === 0 ? <p className="muted">No comments yet.</p> : null}
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
      {fields ? (
        // Once ours is posted, a fresh form, so the box is empty again; after an error, another
        // form's save or someone else's comment arriving with the reload, what was typed stays.
        <Form
          key={fresh.key}
          ref={typing.ref}
          onChange={onChange}
          onSubmit={fresh.onSubmit}
          method="post"
          // Without JavaScript a refused comment comes back here, not at the top of a long page.
          action={`#${id}`}
          className="stack"
          noValidate
          preventScrollReset
        >
          {Object.entries(fields).map(([name, value]) => (
            <input key={name} type="hidden" name={name} value={value} />
          ))}
          <div className="field">
            <label htmlFor={`${id}-body`}>Add a comment</label>
            <textarea
              id={`${id}-body`}
              name="body"
              rows={3}
              maxLength={COMMENT_MAX_LENGTH}
              defaultValue={typed}
              aria-invalid={error ? true : undefined}
              aria-describedby={error ? `${id}-body-error` : undefined}
            />
            <FieldError id={`${id}-body-error`} error={error} />
          </div>
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
