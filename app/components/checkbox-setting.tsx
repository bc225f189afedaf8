import { Form } from "@remix-run/react";
import type { ReactNode } from "react";

/**
 * A setting that is one checkbox and a Save button, posted with its `intent`; the box is sent as "on"
 * when ticked and left out when not. Keyed by its value, so after a save it shows what was stored.
 */
export function CheckboxSetting({
  intent,
  name,
  checked,
  busy,
  children,
}: {
  intent: string;
  name: string;
  checked: boolean;
  busy: boolean;
  /** what ticking the box means */
  children: ReactNode;
}) {
  return (
    <Form method="post" className="stack" key={String(checked)}>
      <input type="hidden" name="intent" value={intent} />
      <label className="choice">
        <input type="checkbox" name={name} defaultChecked={checked} />
        <span>{children}</span>
      </label>
      <p>
        <button type="submit" className="button button--secondary" disabled={busy}>
          Save
        </button>
      </p>
    </Form>
  );
}
