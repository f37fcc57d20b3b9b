/**
 * Text as HTML: the five characters that can end a text node or an attribute
 * value are replaced by entities, so that any string from a scenario or a
 * capture (a description holding `<script>`, a writer called `"onload=`)
 * stays text wherever it is placed, in element content or a quoted attribute.
 */
export function escapeHtml(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

/**
 * A relative URL to a path inside the reports folder, each segment
 * URL-encoded (so a name cannot add a scheme, a query or a parent step).
 * Not yet escaped for HTML: `html` does that where it is placed.
 */
export function relativeHref(...segments: string[]): string {
  return segments.flatMap((s) => s.split('/')).map(encodeURIComponent).join('/');
}
