import { html, type SafeHtml } from './_internals/html.js';
import type { TimelineRow } from './chartData.js';
import { TIMELINE_COLORS } from './chartSpecs.js';
import type { BandRow } from './stageLabels.js';

/** The stage bands' legend: each band's swatch, the label the chart shows and its full name (with times on hover). Null without bands. */
export function stageLegend(bands: readonly BandRow[]): SafeHtml | null {
  if (bands.length === 0) return null;
  const stages = bands.map(
    (b) => html`<span class="item" title="${b.title}"><span class="sw band" style="background:${b.fill}"></span><b>${b.label}</b> <span class="muted">${b.name.startsWith(`${b.label} (`) ? b.name.slice(b.label.length + 1) : b.name}</span></span>`,
  );
  return html`<div class="legend stages"><span class="muted">stages (virtual time):</span>${stages}</div>`;
}

/** The events drawn on the charts, each in words with its swatch (a line for an instant, a block for a window). Null without events. */
export function eventList(timeline: readonly TimelineRow[]): SafeHtml | null {
  if (timeline.length === 0) return null;
  const events = timeline.map(
    (e) => html`<li><span class="sw${e.to_s > e.from_s ? ' window' : ' line'}" style="background:${TIMELINE_COLORS[e.kind] ?? '#0f172a'}"></span>${e.title}</li>`,
  );
  return html`<ul class="events">${events}</ul>`;
}
