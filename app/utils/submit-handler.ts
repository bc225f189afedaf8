import { useSubmit } from "@remix-run/react";
import { useCallback, type FormEvent } from "react";

/**
 * A submit handler that turns a plain `<form method="post" action>` into a Remix submission, like
 * Remix's <Form>: same navigation state, same revalidation, and the clicked button's name and value.
 *
 * Why not <Form>: each one resolves its action against the route matches while rendering (tens of
 * µs apiece on the server, like <Link>). A partner's 60-item plan has two forms per row and the
 * review page one per answer, which made those pages 2–4× slower to render than the founder's view
 * of them. Lists of forms use plain forms with an absolute `action` (index routes need `?index`) and
 * one shared handler. Without JavaScript they are ordinary forms.
 */
export function useSubmitHandler() {
  const submit = useSubmit();
  return useCallback(
    (event: FormEvent<HTMLFormElement>) => {
      if (event.defaultPrevented) return;
      event.preventDefault();
      const submitter = (event.nativeEvent as SubmitEvent).submitter as
        HTMLButtonElement | HTMLInputElement | null;
      // A button as the target: Remix takes its form, plus its name/value (and formaction, if any).
      submit(submitter ?? event.currentTarget);
    },
    [submit],
  );
}
