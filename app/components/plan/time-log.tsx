import { Form, Link } from "@remix-run/react";
import { useEffect, useRef } from "react";

import { Field, FormError } from "~/components/field";

export type TimeLogEntry = {
  id: string;
  /** as shown: "3 Dec 2026", "1.5 h" */
  day: string;
  hours: string;
  note: string;
  by: string;
  /** "Corrected by Piet Partner on 6 Dec 2026", or null for an entry never corrected */
  corrected: string | null;
  /** as the correction form starts: "2026-12-03", "1.5" */
  dayValue: string;
  hoursValue: string;
  /**
   * What the page shows of the entry, as a token its correction and removal post back (entryShown):
   * only a change to the entry since refuses them, not one to the item.
   */
  shown: string;
  /** the rate it was logged at ("€95 an hour", "€87.50 an hour"), or null on an item that was the founder's team's */
  price: string | null;
};

/** The browser's own day, "2026-12-05": what "today" means to someone logging time west of UTC at night. */
function localDay(): string {
  const now = new Date();
  return `${now.getFullYear()}-${String(now.getMonth() + 1).padStart(2, "0")}-${String(now.getDate()).padStart(2, "0")}`;
}

/**
 * The time logged on one item, a dated entry each (decision 042), and, for the partner, the form to
 * log more and, per entry, an Edit link (`?edit=<entry>`: that row becomes a form, also without
 * JavaScript) and a "Remove…" disclosure that asks first. The Remove buttons belong to one form
 * ("time-remove") and carry the entry's id, as the review list's do (issue 14), with what the page
 * showed of it, so an entry corrected since the confirmation was read is not removed.
 */
export function TimeLog({
  itemId,
  version,
  shownAt,
  lastLogged,
  entries,
  total,
  estimate,
  canLog,
  today,
  latest,
  errors,
  typed,
  editing,
  editGone,
  editErrors,
  editTyped,
  refused,
}: {
  itemId: string;
  /** the item's version: a form sent twice carries a stale one and is logged once */
  version: number;
  /**
   * When the server drew the page: an item changed since its version refuses an entry only for what
   * matters to it, time logged or the scope changed since then (logTime), not a new status.
   */
  shownAt: number;
  /** the newest entry's id: the form comes back empty once another is logged, not when one is removed */
  lastLogged: string | null;
  entries: TimeLogEntry[];
  /** "12.5 h" or null when nothing is logged */
  total: string | null;
  /** the total against the item's estimate, and past its worst case (itemHoursWords), when logged */
  estimate?: { against: string; over: string | null; overBy: string | null } | null;
  canLog: boolean;
  /** the log form's default day, "2026-12-05" (UTC; with JavaScript, the browser's own day) */
  today: string;
  /** the latest day the server takes: tomorrow in UTC, today east of it */
  latest: string;
  errors: Record<string, string[] | undefined>;
  typed?: Record<string, string>;
  /** the entry shown as a correction form, if any */
  editing: string | null;
  /** an Edit link was followed for an entry not on this item (removed since, or never its) */
  editGone: boolean;
  editErrors: Record<string, string[] | undefined>;
  /** what a refused correction posted */
  editTyped?: Record<string, string>;
  /** why a correction or a removal was refused (409): said in the correction form, else in this card */
  refused?: string;
}) {
  const editingShown = canLog && editing !== null && entries.some((e) => e.id === editing);
  // A correction refused because its entry was removed meanwhile: what was typed goes to Log time.
  const orphaned = editTyped && !editingShown ? editTyped : undefined;
  const logTyped = typed ?? orphaned;
  // The day starts at the server's (UTC); in the browser, at the reader's own, each time the form
  // comes back empty. A day typed into a refused form is left as it is.
  const typedDay = logTyped?.day;
  useEffect(() => {
    const input = document.getElementById("time-day") as HTMLInputElement | null;
    const day = localDay();
    if (input && !typedDay && input.value === input.defaultValue && day <= input.max) input.value = day;
  }, [lastLogged, typedDay]);
  // With JavaScript the Edit link, Cancel and Save swap a row for a form and back, and the focused
  // link or button goes with it: focus follows to the form's first field, then back to the entry's
  // Edit link, rather than dropping to <body> with nothing read out.
  const shown = useRef(editing);
  useEffect(() => {
    const was = shown.current;
    shown.current = editing;
    if (editing === was) return;
    if (editing !== null) document.getElementById("time-edit-day")?.focus();
    else if (was !== null) document.getElementById(`edit-entry-${was}`)?.focus();
  }, [editing]);
  return (
    <section className="card stack" aria-labelledby="time-heading">
      <h3 id="time-heading">Time spent</h3>
      <p>
        {total === null ? (
          "No time logged yet."
        ) : (
          <>
            <strong>{total}</strong> logged in {entries.length} {entries.length === 1 ? "entry" : "entries"}
            {estimate ? `, ${estimate.against}` : null}
          </>
        )}
        {canLog ? null : <span className="muted small"> · logged by the engineering partner</span>}
      </p>
      {estimate?.over ? (
        <p className="time-log__over">
          <span className="badge badge--warn">{estimate.over}</span> {estimate.overBy}
        </p>
      ) : null}
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
                    <span className="visually-hidden">Change</span>
                  </th>
                ) : null}
              </tr>
            </thead>
            <tbody>
              {entries.map((e) =>
                canLog && e.id === editing ? (
                  <tr key={e.id} id="time-edit" className="time-log__editing">
                    <td colSpan={5}>
                      <EditEntry
                        entry={e}
                        itemId={itemId}
                        latest={latest}
                        errors={editErrors}
                        typed={editTyped}
                        refused={refused}
                      />
                    </td>
                  </tr>
                ) : (
                  <tr key={e.id}>
                    <td data-label="Day" className="nowrap">
                      {e.day}
                    </td>
                    <td data-label="Hours" className="num">
                      {e.hours}
                    </td>
                    <td data-label="Note">{e.note || <span className="muted">—</span>}</td>
                    <td data-label="By">
                      {e.by}
                      {/* Small and muted under the author, as the other "who, when" lines are. */}
                      {e.corrected ? <span className="cell-note">{e.corrected}</span> : null}
                    </td>
                    {canLog ? (
                      <td>
                        <div className="time-log__actions">
                          {/* Back at this row, with JavaScript or without. */}
                          <Link
                            id={`edit-entry-${e.id}`}
                            to={{ search: `?edit=${e.id}`, hash: "#time-edit" }}
                            preventScrollReset
                            aria-label={`Edit ${e.hours} on ${e.day}`}
                          >
                            Edit
                          </Link>
                          <details className="time-log__remove">
                            <summary>
                              Remove…<span className="visually-hidden"> {`${e.hours} on ${e.day}`}</span>
                            </summary>
                            <p className="small">
                              Remove {e.hours} logged on {e.day}? The item&rsquo;s total goes down by it.
                            </p>
                            <button
                              type="submit"
                              form="time-remove"
                              name="entry"
                              value={`${e.id}:${e.shown}`}
                              className="button button--danger button--small"
                              aria-label={`Remove this entry: ${e.hours} on ${e.day}`}
                            >
                              Remove this entry
                            </button>
                          </details>
                        </div>
                      </td>
                    ) : null}
                  </tr>
                ),
              )}
            </tbody>
          </table>
        </div>
      ) : null}
      {/* Beside the table, where the entry was, and above Log time, holding what was typed. */}
      {refused && !editingShown ? <FormError error={refused} /> : null}
      {editGone && !refused ? (
        <p className="muted" role="status">
          That entry is not logged on this item (it may have been removed since), so there is nothing here to
          correct.
        </p>
      ) : null}
      {canLog ? (
        <>
          <Form method="post" id="time-remove" hidden>
            <input type="hidden" name="intent" value="delete-time" />
            <input type="hidden" name="itemId" value={itemId} />
          </Form>
          {/* A new key once an entry is added, so the form comes back empty; one refused keeps what was typed. */}
          <h4 id="log-time-heading">Log time</h4>
          <Form
            key={`${lastLogged ?? "none"}${orphaned ? "-typed" : ""}`}
            method="post"
            className="form-grid time-log__form time-log__fields"
            aria-labelledby="log-time-heading"
          >
            <input type="hidden" name="intent" value="log-time" />
            <input type="hidden" name="itemId" value={itemId} />
            <input type="hidden" name="version" value={version} />
            <input type="hidden" name="shownAt" value={shownAt} />
            <EntryFields
              idPrefix="time"
              latest={latest}
              values={{
                day: logTyped?.day ?? today,
                hours: logTyped?.hours ?? "",
                note: logTyped?.note ?? "",
              }}
              errors={errors}
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

/**
 * One entry as a form: its day, hours and note, as logging takes them (the same rules, refused beside
 * each field with what was typed kept). The rate stays what it was logged at, so the hint says so.
 */
function EditEntry({
  entry,
  itemId,
  latest,
  errors,
  typed,
  refused,
}: {
  entry: TimeLogEntry;
  itemId: string;
  latest: string;
  errors: Record<string, string[] | undefined>;
  typed?: Record<string, string>;
  refused?: string;
}) {
  const named = `${entry.hours} on ${entry.day}`;
  return (
    // To #time-edit: without JavaScript a refused correction opens the page at this row again.
    <Form
      method="post"
      action={`?edit=${entry.id}#time-edit`}
      preventScrollReset
      className="stack"
      aria-label={`Correct ${named}`}
    >
      <p>
        <strong>Correct {named}</strong>
        <span className="muted">, logged by {entry.by}</span>
      </p>
      {/* A stale form (409) opens at this row without JavaScript: the reason is said here, in sight. */}
      <FormError error={refused} />
      <input type="hidden" name="intent" value="edit-time" />
      <input type="hidden" name="itemId" value={itemId} />
      <input type="hidden" name="entryId" value={entry.id} />
      {/* The entry as this page shows it now, not as a refused post had it: saved again, it goes in. */}
      <input type="hidden" name="shown" value={entry.shown} />
      <div className="form-grid time-log__fields">
        <EntryFields
          idPrefix="time-edit"
          latest={latest}
          values={{
            day: typed?.day ?? entry.dayValue,
            hours: typed?.hours ?? entry.hoursValue,
            note: typed?.note ?? entry.note,
          }}
          errors={errors}
        />
      </div>
      <p className="muted small">
        {entry.price
          ? `It stays at ${entry.price}, the rate agreed when it was logged: a correction does not reprice it.`
          : "It stays unpriced, as the item was the founder's team's when it was logged."}
      </p>
      <div className="form-actions">
        <button type="submit" className="button button--primary">
          Save
        </button>
        <Link to={{ hash: "#time-heading" }} preventScrollReset>
          Cancel
        </Link>
      </div>
    </Form>
  );
}

/**
 * An entry's day, hours and note, as logging and correcting both take them (one schema on the server,
 * `TimeFields` in time-actions.server.ts): the same labels, limits and hint in both forms.
 */
function EntryFields({
  idPrefix,
  latest,
  values,
  errors,
}: {
  /** "time" for Log time, "time-edit" for the correction form: ids `time-day`, `time-edit-day`… */
  idPrefix: string;
  latest: string;
  values: { day: string; hours: string; note: string };
  errors: Record<string, string[] | undefined>;
}) {
  return (
    <>
      <Field
        label="Day"
        name="day"
        id={`${idPrefix}-day`}
        type="date"
        required
        max={latest}
        defaultValue={values.day}
        errors={errors.day}
      />
      <Field
        label="Hours"
        name="hours"
        id={`${idPrefix}-hours`}
        inputMode="decimal"
        required
        hint="In quarter hours, like 1.5 or 2.25."
        defaultValue={values.hours}
        errors={errors.hours}
      />
      <Field
        label="Note (optional)"
        name="note"
        id={`${idPrefix}-note`}
        maxLength={200}
        defaultValue={values.note}
        errors={errors.note}
      />
    </>
  );
}
