import { useActionData, useNavigation } from "@remix-run/react";
import {
  createContext,
  createElement,
  useCallback,
  useContext,
  useEffect,
  useRef,
  useState,
  type MutableRefObject,
  type ReactNode,
} from "react";

import {
  UnsavedChanges,
  formChanged,
  useReportUnsaved,
  type FormDefaults,
} from "~/utils/use-unsaved-changes";

/** The item page's last submission from one of its cards: which, at which version, and whether it changed anything. */
type Sent = { intent: string; version: number; changes: boolean };

const SentContext = createContext<MutableRefObject<Sent | null> | null>(null);

/**
 * Around the item page's cards, each a separately saved form of the same item, with one version.
 * Holds what the page last sent (useItemDraft reads it once the answer is in) and asks before the
 * page is left with typed, unsaved input in any card.
 */
export function ItemDrafts({ children }: { children: ReactNode }) {
  const sent = useRef<Sent | null>(null);
  const idle = useNavigation().state === "idle";
  // A parent's effects run after its children's: by now every card has read what was sent.
  useEffect(() => {
    if (idle) sent.current = null;
  }, [idle]);
  return createElement(SentContext.Provider, { value: sent }, createElement(UnsavedChanges, null, children));
}

type ActionAnswer = { conflict?: unknown } | undefined;

/**
 * One card's form on the item page. Its text survives the other cards' saves, and the version it
 * posts keeps every save checked against what its author saw:
 * - while nothing is typed in it, it follows the stored item (new values and version, whoever saved);
 * - with typed, unsaved input, it keeps that input when another card saves, and moves on to the new
 *   version only when that save, sent from this page at the version the form stands on, is all that
 *   changed (one version on, or none for a save that changed nothing). Someone else's change in
 *   between leaves it at its version, so its save is refused (409, restating what was typed) rather
 *   than overwriting what it never showed;
 * - its own save, or its own refusal because someone else changed the item, starts it afresh from
 *   the stored values (the new `key`).
 * `typedVersion` is the version a form refused without JavaScript was typed against (the page
 * comes back rendered from the post); `saves` names the fields whose change the server saves (all
 * of them unless given: an estimate's reason alone changes nothing).
 */
export function useItemDraft({
  intent,
  version,
  defaults,
  typedVersion,
  saves,
}: {
  intent: string;
  version: number;
  defaults: FormDefaults;
  typedVersion?: string;
  saves?: readonly string[];
}) {
  const sent = useContext(SentContext);
  const answer = useActionData() as ActionAnswer;
  const ref = useRef<HTMLFormElement>(null);
  const [draft, setDraft] = useState(() => ({
    base: typedVersion !== undefined && /^\d+$/.test(typedVersion) ? Number(typedVersion) : version,
    key: 0,
  }));
  // Whether the user changed the fields, as of their last input: read before a new render's defaults
  // are compared (React has by then set untouched inputs to them, but not selects).
  const typed = useRef(false);
  const [changed, setChanged] = useState(false);
  const latest = useRef(defaults);
  latest.current = defaults;
  const signature = JSON.stringify(defaults);

  const onChange = useCallback(() => {
    const form = ref.current;
    typed.current = form ? formChanged(form, latest.current) : false;
    setChanged(typed.current);
  }, []);

  const seen = useRef({ version, signature });
  useEffect(() => {
    const form = ref.current;
    if (!form) return;
    const last = sent?.current ?? null;
    const outcome =
      last === null ? null : answer === undefined ? "saved" : answer.conflict ? "conflict" : "refused";
    const mine = last?.intent === intent;
    const moved = seen.current.version !== version || seen.current.signature !== signature;
    seen.current = { version, signature };
    // Nothing new stored, and not this form refused for someone else's change (whose values the page
    // may already have had): what is typed stays. On the first render, a refused page comes back
    // with what was typed, which counts.
    if (!moved && !(mine && outcome === "conflict")) return onChange();
    // Whether the fields already show the new stored values (untouched inputs follow them).
    const shown = !formChanged(form, defaults);
    const afresh = (always = false) => {
      setDraft((d) => ({ base: version, key: always || !shown ? d.key + 1 : d.key }));
      typed.current = false;
      setChanged(false);
    };
    if (shown || !typed.current || (mine && outcome === "saved")) afresh();
    else if (mine && outcome === "conflict") afresh(true);
    else if (
      outcome === "saved" &&
      last !== null &&
      last.version === draft.base &&
      version === last.version + (last.changes ? 1 : 0)
    )
      setDraft((d) => ({ ...d, base: version }));
    // Otherwise what was typed stays, at the version it was typed against.
    // eslint-disable-next-line react-hooks/exhaustive-deps -- on new stored values or an answer only
  }, [version, signature, answer]);

  useReportUnsaved(changed);
  const onSubmit = useCallback(() => {
    if (!sent) return;
    const form = ref.current;
    const significant = saves
      ? Object.fromEntries(Object.entries(latest.current).filter(([name]) => saves.includes(name)))
      : latest.current;
    sent.current = { intent, version: draft.base, changes: form ? formChanged(form, significant) : true };
  }, [sent, intent, draft.base, saves]);

  return { key: draft.key, version: String(draft.base), form: { ref, onChange, onSubmit } };
}
