import { Form } from "@remix-run/react";
import { useEffect } from "react";

import { Field } from "~/components/field";

export type TimeLogEntry = { id: string; day: string; hours: string; note: string; by: string };

/** The browser's own day, "2026-12-05": what "today" means to someone logging time west of UTC at night. */
function localDay(): string {
  const now = new Date();
  return `${now.getFullYear()}-${String(now.getMonth() + 1).padStart(2, "0")}-${String(now.getDate()).padStart(2, "0")}`;
}

/**
 * The time logged on one item, a dated entry each (decision 042), and, for the partner, the form to
 * log more and a button per entry to remove one logged by mistake. The entries' buttons belong to
 * one form ("time-remove") and carry the entry's id, as the review list's do (issue 14).
 */
export function TimeLog({
  itemId,
  version,
  lastLogged,
  entries,
  total,
  canLog,
  today,
  latest,
  errors,
  typed,
}: {
  itemId: string;
  /** the item's version: a form sent twice carries a stale one and is logged once */
  version: number;
  /** the newest entry's id: the form comes back empty once another is logged, not when one is removed */
  lastLogged: string | null;
  entries: TimeLogEntry[];
  /** "12.5 h" or null when nothing is logged */
  total: string | null;
  canLog: boolean;
  /** the log form's default day, "2026-12-05" (UTC; with JavaScript, the browser's own day) */
  today: string;
  /** the latest day the server takes: tomorrow in UTC, today east of it */
  latest: string;
  errors: Record<string, string[] | undefined>;
  typed?: Record<string, string>;
}) {
  // The day starts at the server's (UTC); in the browser, at the reader's own, each time the form
  // comes back empty. A day typed into a refused form is left as it is.
  const typedDay = typed?.day;
  useEffect(() => {
    const input = document.getElementById("time-day") as HTMLInputElement | null;
    const day = localDay();
    if (input && !typedDay && input.value === input.defaultValue && day <= input.max) input.value = day;
  }, [lastLogged, typedDay]);
  return (
    <section className="card stack" aria-labelledby="time-heading">
      <h3 id="time-heading">Time spent</h3>
      <p>
        {total === null ? (
          "No time logged yet."
        ) : (
          <>
            <strong>{total}</strong> logged in {entries.length} {entries.length === 1 ? "entry" : "entries"}
          </>
        )}
        {canLog ? null : <span className="muted small"> · logged by the engineering partner</span>}
      </p>
      {entries.length > 0 ? (
        <div className="table-wrap">
          <table className="time-log cards-on-phone">
            <thead>
              <tr>
                <th scope="col">Day</th>
                <th scope="col" className="num">
                  Hours
                </th>
                <th scope="col">Note</th>
                <th scope="col">By</th>
                {canLog ? (
                  <th scope="col">
                    <span className="visually-hidden">Remove</span>
                  </th>
                ) : null}
              </tr>
            </thead>
            <tbody>
              {entries.map((e) => (
                <tr key={e.id}>
                  <td data-label="Day">{e.day}</td>
                  <td data-label="Hours" className="num">
                    {e.hours}
                  </td>
                  <td data-label="Note">{e.note || <span className="muted">—</span>}</td>
                  <td data-label="By">{e.by}</td>
                  {canLog ? (
                    <td>
                      <button
                        type="submit"
                        form="time-remove"
                        name="entryId"
                        value={e.id}
                        className="link-button"
                        aria-label={`Remove ${e.hours} on ${e.day}`}
                      >
                        Remove
                      </button>
                    </td>
                  ) : null}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
      {canLog ? (
        <>
          <Form method="post" id="time-remove" hidden>
            <input type="hidden" name="intent" value="delete-time" />
            <input type="hidden" name="itemId" value={itemId} />
          </Form>
          {/* A new key once an entry is added, so the form comes back empty; one refused keeps what was typed. */}
          <Form key={lastLogged ?? "none"} method="post" className="form-grid time-log__form">
            <input type="hidden" name="intent" value="log-time" />
            <input type="hidden" name="itemId" value={itemId} />
            <input type="hidden" name="version" value={version} />
            <Field
              label="Day"
              name="day"
              id="time-day"
              type="date"
              required
              max={latest}
              defaultValue={typed?.day ?? today}
              errors={errors.day}
            />
            <Field
              label="Hours"
              name="hours"
              id="time-hours"
              inputMode="decimal"
              required
              hint="In quarter hours, like 1.5 or 2.25."
              defaultValue={typed?.hours ?? ""}
              errors={errors.hours}
            />
            <Field
              label="Note (optional)"
              name="note"
              id="time-note"
              maxLength={200}
              defaultValue={typed?.note ?? ""}
              errors={errors.note}
            />
            <div className="form-actions">
              <button type="submit" className="button button--primary">
                Log time
              </button>
            </div>
          </Form>
        </>
      ) : null}
    </section>
  );
}
