import nodemailer, { type Transporter } from "nodemailer";

import { getEnv } from "~/env.server";

type Mail = { to: string; subject: string; text: string };

let transport: Transporter | undefined;

/**
 * Sends a plain-text email through SMTP_URL. Without it (a demo on a laptop), the email is written
 * to the server's output so the person running it can follow the link; the start-up log says so.
 */
export async function sendMail({ subject, ...rest }: Mail): Promise<void> {
  // A subject is one line, whatever a product name holds.
  const mail = { ...rest, subject: subject.replace(/\p{Cc}+/gu, " ") };
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
