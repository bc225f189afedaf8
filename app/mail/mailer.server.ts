import nodemailer, { type Transporter } from "nodemailer";

import { getEnv } from "~/env.server";
import { withoutFormatControls } from "~/utils/format-controls";
import { withoutControls } from "~/utils/plain-text";

type Mail = { to: string; subject: string; text: string };

let transport: Transporter | undefined;

/**
 * Sends a plain-text email through SMTP_URL. Without it (a demo on a laptop), the email is written
 * to the server's output so the person running it can follow the link; the start-up log says so.
 */
export async function sendMail({ subject, ...rest }: Mail): Promise<void> {
  // A subject is one line, whatever a product name holds. Invisible format characters (a
  // right-to-left override that makes "fdp.exe" read "exe.pdf") are dropped from it and the text:
  // the forms refuse them, but older rows may hold them. So are control characters other than line
  // breaks and tabs: without SMTP the text is written to the operator's terminal, where an ESC
  // starts a command of its own.
  const mail = {
    ...rest,
    subject: withoutFormatControls(subject).replace(/\p{Cc}+/gu, " "),
    text: withoutControls(rest.text),
  };
  const { SMTP_URL, MAIL_FROM } = getEnv();
  if (!SMTP_URL) {
    console.warn(
      [
        `--- email (SMTP_URL is not set, so it is shown here) ---`,
        `To: ${mail.to}`,
        `Subject: ${mail.subject}`,
        "",
        mail.text,
        "---",
      ].join("\n"),
    );
    return;
  }
  transport ??= nodemailer.createTransport(SMTP_URL);
  await transport.sendMail({ from: MAIL_FROM, ...mail });
}
