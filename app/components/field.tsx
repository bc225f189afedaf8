import { useFetchers, useNavigation } from "@remix-run/react";
import { useEffect, useRef, type InputHTMLAttributes, type MouseEvent, type ReactNode } from "react";

/** A labelled input with its error message wired to aria-describedby / aria-invalid. */
export function Field({
  label,
  name,
  errors,
  hint,
  ...input
}: {
  label: string;
  name: string;
  errors?: string[];
  hint?: ReactNode;
} & InputHTMLAttributes<HTMLInputElement>) {
  const id = input.id ?? `field-${name}`;
  const error = errors?.[0];
  const describedBy = [hint ? `${id}-hint` : null, error ? `${id}-error` : null].filter(Boolean).join(" ");
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      {hint ? (
        <p id={`${id}-hint`} className="field__hint">
          {hint}
        </p>
      ) : null}
      <input
        id={id}
        name={name}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy || undefined}
        {...input}
      />
      <FieldError id={`${id}-error`} error={error} />
    </div>
  );
}

export function FieldError({ id, error }: { id: string; error?: string }) {
  if (!error) return null;
  return (
    <p id={id} className="field__error" role="alert">
      {error}
    </p>
  );
}

/**
 * What a refused form says at its top: the server's message for the whole form or, when only
 * fields were refused, a list of what to fix, each linking to its field (given `fields`; the
 * GOV.UK error summary). It takes focus as it appears (`autofocus`): without JavaScript the page
 * that comes back opens at it, with its message read, rather than silently at the top of the page;
 * with JavaScript useFocusRefusedForm then moves focus on to the first marked field, if there is one.
 */
export function FormError({
  error,
  fieldErrors,
  fields,
}: {
  error?: string | null;
  /** the action's fieldErrors: listed when there is no `error` for the whole form */
  fieldErrors?: Record<string, string[] | undefined>;
  /**
   * The form's fields by name: the label a summary line starts with and the id it links to
   * (`field-<name>` unless given). A field left out is counted but not listed.
   */
  fields?: Record<string, { label: string; id?: string }>;
}) {
  const marked = fieldErrors
    ? Object.entries(fieldErrors).filter(
        (entry): entry is [string, string[]] => entry[0] !== "form" && Boolean(entry[1]?.length),
      )
    : [];
  if (!error && marked.length === 0) return null;
  const listed = fields ? marked.filter(([name]) => fields[name]) : [];
  const count = `${marked.length === 1 ? "One field needs" : `${marked.length} fields need`} fixing`;
  return (
    <div
      className="alert alert--error form-error"
      tabIndex={-1}
      // eslint-disable-next-line jsx-a11y/no-autofocus -- the message of a refused submit, as it appears
      autoFocus
      // The count is not announced on its own: focus moves to the first marked field, read with its message.
      role={error ? "alert" : undefined}
    >
      {error ? (
        error
      ) : listed.length === 0 ? (
        `${count} (marked below).`
      ) : (
        <>
          <p className="form-error__title">{count}:</p>
          <ul className="form-error__list">
            {listed.map(([name, messages]) => {
              const field = fields![name]!;
              const id = field.id ?? `field-${name}`;
              return (
                <li key={name}>
                  <a href={`#${id}`} onClick={(event) => focusField(event, id)}>
                    {field.label}: {messages[0]}
                  </a>
                </li>
              );
            })}
          </ul>
        </>
      )}
    </div>
  );
}

/**
 * Following a summary link scrolls to the field; browsers do not focus it, so the typing would go
 * nowhere. With JavaScript the link focuses the field itself (without it, the scroll is what there is).
 */
function focusField(event: MouseEvent<HTMLAnchorElement>, id: string) {
  const target = document.getElementById(id);
  if (!target) return;
  event.preventDefault();
  target.focus();
  target.scrollIntoView({ block: "center" });
}

/**
 * After a form is refused, focus goes to what to fix: the form's first field marked invalid, or
 * else its error message (FormError). Used once, in the root route, so every form gets it.
 *
 * A submit button disabled while the form is sent drops focus to <body>, and the answer renders in
 * place: without this, a keyboard or screen reader user is left at the top of the page with
 * nothing said. Focus the user moved elsewhere while waiting is left alone.
 */
export function useFocusRefusedForm() {
  const navigation = useNavigation();
  const fetchers = useFetchers();
  const submitting = navigation.state === "submitting" || fetchers.some((f) => f.state === "submitting");
  const busy = navigation.state !== "idle" || fetchers.some((f) => f.state !== "idle");
  const submitted = useRef<HTMLFormElement | null>(null);
  const sent = useRef(false);
  useEffect(() => {
    const remember = (event: Event) => {
      if (event.target instanceof HTMLFormElement) submitted.current = event.target;
    };
    document.addEventListener("submit", remember, true);
    return () => document.removeEventListener("submit", remember, true);
  }, []);
  useEffect(() => {
    if (submitting) sent.current = true;
  }, [submitting]);
  useEffect(() => {
    if (busy || !sent.current) return;
    sent.current = false;
    const form = submitted.current;
    submitted.current = null;
    // A form replaced by the answer (a fresh one after a save) has nothing to fix.
    if (!form?.isConnected) return;
    const active = document.activeElement;
    if (active && active !== document.body && !form.contains(active) && !active.matches(".form-error"))
      return;
    const target =
      form.querySelector<HTMLElement>('[aria-invalid="true"]') ??
      form.querySelector<HTMLElement>(".form-error");
    if (target && target !== active) target.focus();
  }, [busy]);
}
