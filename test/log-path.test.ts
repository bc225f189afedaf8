import { describe, expect, it } from "vitest";

import { logPath } from "../server/log-path";

describe("the request log's path", () => {
  it("keeps pages as they are", () => {
    expect(logPath("/engagements/abc123/plan")).toBe("/engagements/abc123/plan");
    expect(logPath("/engagements/abc123/results.data")).toBe("/engagements/abc123/results.data");
  });

  it("hides the secret in a reset, invitation, confirmation or email-change link", () => {
    expect(logPath("/reset-password/Zx3kq-9_secret")).toBe("/reset-password/:token");
    expect(logPath("/invite/Zx3kq-9_secret.data")).toBe("/invite/:token");
    expect(logPath("/account/confirm/Zx3kq-9_secret")).toBe("/account/confirm/:token");
    expect(logPath("/account/email/Zx3kq-9_secret?x=1")).toBe("/account/email/:token?x");
    // Only those pages: an engagement id is not a secret, and a page named like one is not a link.
    expect(logPath("/account/two-step")).toBe("/account/two-step");
    expect(logPath("/invitex/abc")).toBe("/invitex/abc");
  });

  it("keeps the names of query parameters, not what was typed in them", () => {
    expect(logPath("/engagements/abc/results?quote=12000")).toBe("/engagements/abc/results?quote");
    expect(logPath("/engagements/abc/plan?index&a=1&a=2&b=")).toBe("/engagements/abc/plan?index&a&b");
    expect(logPath("/engagements/abc/plan?")).toBe("/engagements/abc/plan");
  });
});
