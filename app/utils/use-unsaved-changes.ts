import { useActionData, useBeforeUnload, useBlocker, useNavigation } from "@remix-run/react";
import {
  createContext,
  createElement,
  useCallback,
  useContext,
  useEffect,
  useId,
  useRef,
  useState,
  type ReactNode,
} from "react";

/** What a form holds before anything is typed in it: a value per field name, a list for checkboxes. */
export type FormDefaults = Readonly<Record<string, string | readonly string[]>>;

const UNSAVED_MESSAGE = "You have changes that are not saved. Leave this page and lose them?";

// Plain decimals: "5" and "5.0" are the same number of hours, and the server saves neither as a change.
const DECIMAL = /^-?\d+(\.\d+)?$/;

function same(value: string, initial: string): boolean {
  const a = value.trim();
  const b = initial.trim();
  return a === b || (DECIMAL.test(a) && DECIMAL.test(b) && Number(a) === Number(b));
}

/**
 * Whether any field named in `defaults` now holds something else. Read from the fields as the form
 * would send them, so it works alike for inputs, selects (whose `defaultValue` React does not keep
 * on the element once rendered) and ticked boxes; fields not named are not compared.
 */
export function formChanged(form: HTMLFormElement, defaults: FormDefaults): boolean {
  const data = new FormData(form);
  for (const [name, initial] of Object.entries(defaults)) {
    if (typeof initial === "string") {
      const value = data.get(name);
      if (!same(typeof value === "string" ? value : "", initial)) return true;
    } else {
      const values = new Set(data.getAll(name));
      if (values.size !== initial.length || initial.some((v) => !values.has(v))) return true;
    }
  }
  return false;
}

/**
 * Whether a form's fields differ from `defaults`, kept up to date as the user types (spread `ref`
 * and `onChange` on the form) and when the defaults change (a save brought new stored values).
 */
export function useFormChanged(defaults: FormDefaults) {
  const ref = useRef<HTMLFormElement>(null);
  const [changed, setChanged] = useState(false);
  // By content: the page builds a new defaults object on every render.
  const signature = JSON.stringify(defaults);
  const current = useRef(defaults);
  current.current = defaults;
  const onChange = useCallback(() => {
    if (ref.current) setChanged(formChanged(ref.current, current.current));
  }, []);
  useEffect(onChange, [signature, onChange]);
  return { ref, changed, onChange };
}

/**
 * With unsaved changes, asks before the page is left: a link or the back button within the app
 * (Remix's blocker; a form sent to this same page is its save, never held), and a reload, a typed
 * address or closing the tab (the browser's own "leave site?" prompt). Quiet otherwise.
 */
export function useUnsavedChanges(unsaved: boolean, message: string = UNSAVED_MESSAGE) {
  const blocker = useBlocker(
    ({ currentLocation, nextLocation }) => unsaved && currentLocation.pathname !== nextLocation.pathname,
  );
  useEffect(() => {
    if (blocker.state !== "blocked") return;
    if (window.confirm(message)) blocker.proceed();
    else blocker.reset();
  }, [blocker, message]);
  useBeforeUnload(
    useCallback(
      (event: BeforeUnloadEvent) => {
        if (!unsaved) return;
        event.preventDefault();
        // Older Chromium and Safari ask only when this is set.
        event.returnValue = "";
      },
      [unsaved],
    ),
  );
}

const Report = createContext<((form: string, changed: boolean) => void) | null>(null);

/**
 * One guard for a page of several separately saved forms (a router holds one blocker at a time):
 * each form inside reports whether it has unsaved changes (useReportUnsaved), and the page asks
 * before it is left while any has.
 */
export function UnsavedChanges({ children }: { children: ReactNode }) {
  const [changed, setChanged] = useState<ReadonlySet<string>>(new Set());
  const report = useCallback(
    (form: string, on: boolean) =>
      setChanged((prev) => {
        if (prev.has(form) === on) return prev;
        const next = new Set(prev);
        if (on) next.add(form);
        else next.delete(form);
        return next;
      }),
    [],
  );
  useUnsavedChanges(changed.size > 0);
  return createElement(Report.Provider, { value: report }, children);
}

/** Tells the page's UnsavedChanges guard, if there is one, whether this form has unsaved changes. */
export function useReportUnsaved(changed: boolean) {
  const report = useContext(Report);
  const form = useId();
  useEffect(() => report?.(form, changed), [report, form, changed]);
  useEffect(() => () => report?.(form, false), [report, form]);
}

/**
 * A key for a form that starts afresh after its own save only: bumped when a submission of this form
 * (`onSubmit`) comes back as a redirect, which is how every action here says "saved" (a refusal
 * comes back as action data, and keeps what was typed). Keyed on anything the page reloads instead,
 * the form would also lose its text when another form on the page saved, or someone else's change
 * arrived with the reload.
 */
export function useKeyAfterOwnSave() {
  const [key, setKey] = useState(0);
  const sent = useRef(false);
  const idle = useNavigation().state === "idle";
  const actionData = useActionData();
  useEffect(() => {
    if (!idle || !sent.current) return;
    sent.current = false;
    if (actionData === undefined) setKey((k) => k + 1);
  }, [idle, actionData]);
  const onSubmit = useCallback(() => {
    sent.current = true;
  }, []);
  return { key, onSubmit };
}
