import { useNavigation } from "@remix-run/react";

/**
 * "Saved" beside the button of the item page's form that just saved (the page's `?saved=`), and
 * "Saving…" while it posts. A polite live region that is always there, empty when it has nothing to
 * say: a region added with its words already in it is often not read out, and going from "Saving…"
 * back to "Saved." is a change a screen reader announces each time the form is saved.
 */
export function SaveStatus({ form, saved }: { form: string; saved: string | null }) {
  const navigation = useNavigation();
  const saving = navigation.state !== "idle" && navigation.formData?.get("intent") === form;
  const text = saving ? "Saving…" : saved === form ? "Saved." : "";
  const tone = saving ? " save-status--muted" : text ? " save-status--ok" : "";
  return (
    <span className={`save-status${tone}`} role="status">
      {text}
    </span>
  );
}
