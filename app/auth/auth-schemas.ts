import { z } from "zod";

import { FORMAT_CONTROL_MESSAGE, hasFormatControl } from "~/utils/format-controls";

export const EmailSchema = z
  .string({ required_error: "Enter your email address." })
  .trim()
  .max(254, "That email address is too long.")
  .email("Enter a valid email address, like name@company.com.");

/**
 * Your name, as signup and Account take it: optional (empty is no name, and you are shown by your
 * email address). Shown to other members and in the emails they get, so one line, as typed in the field.
 */
export const NameSchema = z
  .string()
  .trim()
  .max(100, "Use at most 100 characters.")
  .refine((name) => !/[\p{Cc}\p{Zl}\p{Zp}]/u.test(name), "Keep your name on one line.")
  .refine((name) => !hasFormatControl(name), FORMAT_CONTROL_MESSAGE);

// ASVS 2.1: at least 8 characters, allow long passphrases, no composition rules.
export const PasswordSchema = z
  .string({ required_error: "Enter a password." })
  .min(8, "Use at least 8 characters.")
  .max(128, "Use at most 128 characters.");

/**
 * How long "Don't ask for a code on this browser" at the two-step code lasts (decision 025). Here, not
 * in the server module that stores it, because the pages say it too.
 */
export const REMEMBER_DAYS = 30;
