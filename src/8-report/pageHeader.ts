import { html, type SafeHtml } from './_internals/html.js';

/** What a page's header says: links above the title, a description under it, notes. */
export interface PageHeaderParts {
  /** Relative URLs, already URL-encoded (see relativeHref). */
  readonly links?: ReadonlyArray<{ readonly label: string; readonly href: string }>;
  readonly description?: string;
  readonly notes?: readonly SafeHtml[] | readonly string[];
}

/** A report page's header: the links (to the index, the traces), the title (which wraps, however long), the description and notes. */
export function pageHeader(title: string, parts: PageHeaderParts): SafeHtml {
  const links = (parts.links ?? []).map((l, i) => html`${i ? ' · ' : ''}<a href="${l.href}">${l.label}</a>`);
  return html`<header>
${links.length ? html`<p class="crumbs">${links}</p>` : null}
<h1 class="title">${title}</h1>
${parts.description ? html`<p class="desc">${parts.description}</p>` : null}
${(parts.notes ?? []).map((n) => html`<p class="note">${n}</p>`)}
</header>`;
}
