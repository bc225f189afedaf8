// A page's HTML as its text reads: React's text separators gone and the entities it writes decoded,
// so a test can look for a sentence as the reader sees it.
export const unescape = (html: string) =>
  html
    .replaceAll("<!-- -->", "")
    .replaceAll("&quot;", '"')
    .replaceAll("&#x27;", "'")
    .replaceAll("&amp;", "&")
    .replaceAll("&lt;", "<")
    .replaceAll("&gt;", ">");
