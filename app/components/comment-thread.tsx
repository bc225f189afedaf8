import { Form } from "@remix-run/react";

import { FieldError } from "~/components/field";

export function ItemComments({
  itemId,
  comments,
  error,
}: {
  itemId: string;
  comments: Array<{ id: string; body: string; authorName: string; createdAt: string }>;
  error?: string;
}) {
  return (
    <section className="card stack" aria-labelledby="comments-heading">
      <h3 id="comments-heading">Comments</h3>
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
      <Form method="post" className="stack" noValidate>
        <input type="hidden" name="intent" value="comment" />
        <input type="hidden" name="itemId" value={itemId} />
        <div className="field">
          <label htmlFor="comment-body">Add a comment</label>
          <textarea
            id="comment-body"
            name="body"
            rows={3}
            maxLength={4000}
            aria-invalid={error ? true : undefined}
            aria-describedby={error ? "comment-body-error" : undefined}
          />
          <FieldError id="comment-body-error" error={error} />
        </div>
        <div className="form-actions">
          <button type="submit" className="button button--secondary">
            Post comment
          </button>
        </div>
      </Form>
    </section>
  );
}
