-- Until this release "Clear review" kept the note typed with it, and a later bulk verification
-- showed that note as its own. A note without a review is always such a leftover: the pages no
-- longer show it, and this removes it from the rows, so exports and backups do not carry it either.
UPDATE `answers` SET `review_note` = NULL WHERE `review` IS NULL AND `review_note` IS NOT NULL;
