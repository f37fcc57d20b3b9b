import { escapeHtml } from '../escapeHtml.js';

/** Markup that is already safe: built by `html` (which escaped every value) or trusted output (vega's SVG). */
export class SafeHtml {
  constructor(readonly text: string) {}

  toString(): string {
    return this.text;
  }
}

/** A value `html` accepts: text is escaped, markup is kept, lists are joined, null and false are left out. */
export type HtmlValue = SafeHtml | string | number | boolean | null | undefined | readonly HtmlValue[];

/**
 * A template of markup in which every interpolated value is escaped unless
 * it is SafeHtml: the one way report pages are built, so that no string from
 * a scenario or a capture can reach the page as markup.
 */
export function html(strings: TemplateStringsArray, ...values: HtmlValue[]): SafeHtml {
  let out = strings[0]!;
  values.forEach((value, i) => {
    out += render(value) + strings[i + 1]!;
  });
  return new SafeHtml(out);
}

/** Trusted markup, kept as it is (only for SVG that vega rendered and escaped). */
export function trusted(markup: string): SafeHtml {
  return new SafeHtml(markup);
}

function render(value: HtmlValue): string {
  if (value instanceof SafeHtml) return value.text;
  if (value === null || value === undefined || value === false) return '';
  if (Array.isArray(value)) return value.map(render).join('');
  return escapeHtml(String(value));
}
