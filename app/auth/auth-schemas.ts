import { z } from "zod";

export const EmailSchema = z
  .string({ required_error: "Enter your email address." })
  .trim()
  .max(254, "That email address is too long.")
  .email("Enter a valid email address, like name@company.com.");

// ASVS 2.1: at least 8 characters, allow long passphrases, no composition rules.
export const PasswordSchema = z
  .string({ required_error: "Enter a password." })
  .min(8, "Use at least 8 characters.")
  .max(128, "Use at most 128 characters.");
