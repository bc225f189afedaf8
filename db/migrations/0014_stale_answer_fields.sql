-- Until this release a changed answer kept some fields of the one it replaced (the upsert's `set`
-- was keyed by column names, which drizzle ignores). Two of them can be told apart and cleared:
-- a review left behind after the founder answered again (a partner's own "clear" leaves no
-- reviewer, so a reviewer without a review is always left over), and a not-applicable reason on an
-- answer that is no longer "not applicable". Who answered and when cannot be recovered.
UPDATE `answers` SET `corrected_value` = NULL, `review_note` = NULL, `reviewed_by` = NULL, `reviewed_at` = NULL
WHERE `review` IS NULL AND `reviewed_by` IS NOT NULL;
--> statement-breakpoint
UPDATE `answers` SET `not_applicable_reason` = NULL
WHERE `not_applicable_reason` IS NOT NULL AND `value` <> '"not-applicable"';
