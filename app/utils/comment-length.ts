/**
 * The longest comment, in characters: the comment box's maxLength, so the browser stops there, and
 * the limit the server checks (CommentBody), so the two cannot drift apart.
 */
export const COMMENT_MAX_LENGTH = 4000;
