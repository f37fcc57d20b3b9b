import { html, trusted, type SafeHtml } from './html.js';

/**
 * Nothing in a report runs or loads: no scripts at all, styles only inline,
 * images only as data. Even a string that escaped escaping could not act.
 */
const CONTENT_SECURITY_POLICY = "default-src 'none'; style-src 'unsafe-inline'; img-src data:";

const STYLE = `
:root { color-scheme: light; }
body { font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "DejaVu Sans", sans-serif; color: #0f172a; margin: 0; background: #f8fafc; }
main { max-width: 1100px; margin: 0 auto; padding: 16px 24px 48px; }
h1 { font-size: 22px; margin: 8px 0 4px; display: flex; align-items: center; gap: 12px; flex-wrap: wrap; }
h2 { font-size: 17px; margin: 28px 0 8px; }
h3 { font-size: 15px; margin: 18px 0 6px; }
a { color: #1d4ed8; }
.crumbs { font-size: 13px; color: #475569; margin: 0; }
.desc { margin: 4px 0 8px; color: #334155; }
.badge { font-size: 13px; font-weight: 600; padding: 2px 10px; border-radius: 999px; color: white; white-space: nowrap; }
h1.title { display: block; overflow-wrap: anywhere; }
.headline { background: white; border: 1px solid #e2e8f0; border-radius: 8px; padding: 10px 14px; margin: 10px 0; }
.verdict-line { margin: 0 0 8px; font-size: 15px; display: flex; flex-wrap: wrap; align-items: baseline; gap: 6px 10px; }
.verdict-line .line { flex: 1 1 320px; min-width: 0; overflow-wrap: anywhere; }
.mark { font-size: 12px; font-weight: 600; padding: 1px 8px; border-radius: 999px; border: 2px solid; white-space: nowrap; }
.mark.broken { color: #b91c1c; border-color: #b91c1c; } .mark.held { color: #475569; border-color: #94a3b8; }
.figures { display: flex; flex-wrap: wrap; gap: 10px; }
.figure { flex: 1 1 200px; min-width: 0; border: 1px solid #e2e8f0; border-radius: 6px; padding: 6px 10px; background: #f8fafc; }
.figure .name { font-size: 12px; color: #475569; }
.figure .value { font-size: 20px; font-weight: 700; font-variant-numeric: tabular-nums; overflow-wrap: anywhere; }
.figure .where { font-size: 12px; }
.figure.worse { border-left: 4px solid #b91c1c; } .figure.better { border-left: 4px solid #15803d; }
.figure .value .pair { font-size: 16px; display: flex; gap: 8px; align-items: baseline; }
.figure .value .side { font-size: 12px; font-weight: 600; color: #475569; flex: 0 0 74px; white-space: nowrap; }
.figure .value .exact { font-size: 12px; font-weight: 400; color: #475569; white-space: nowrap; }
.legend.stages { font-size: 12px; }
.sw.band { border-radius: 2px; border: 1px solid #cbd5e1; }
.sw.window { border-radius: 2px; opacity: 0.5; }
ul.events { margin: 2px 0 8px; padding-left: 4px; list-style: none; font-size: 12px; color: #334155; columns: 2 360px; }
ul.events li { display: flex; align-items: center; gap: 6px; }
td a, td { overflow-wrap: anywhere; }
table.index th.num { white-space: normal; min-width: 80px; }
table.index th.fig, table.index td.fig { width: 96px; }
table.index .exact { font-size: 11px; color: #64748b; }
table.index .outcome { min-width: 150px; width: 170px; }
table.index .liveness { font-size: 12px; color: #7f1d1d; margin-top: 2px; overflow-wrap: normal; }
td.name { min-width: 220px; }
.reasons { color: #7f1d1d; font-size: 12px; }
.badge.pass { background: #15803d; } .badge.fail { background: #b91c1c; }
.verdict { margin: 6px 0; }
.verdict li { color: #7f1d1d; }
.panel { background: white; border: 1px solid #e2e8f0; border-radius: 8px; padding: 12px 14px; margin: 12px 0; }
.chart svg { max-width: 100%; height: auto; display: block; }
.chart h2 { margin: 4px 0 6px; }
.legend { display: flex; flex-wrap: wrap; gap: 6px 18px; font-size: 13px; margin: 4px 0 8px; }
.legend span.item { display: inline-flex; align-items: center; gap: 6px; }
.sw { display: inline-block; width: 12px; height: 12px; border-radius: 50%; }
.sw.line { width: 22px; height: 3px; border-radius: 0; }
.sw.dash { width: 22px; height: 0; border-top: 2px dashed; border-radius: 0; background: none; }
.sw.ring { background: none; border: 2px solid #dc2626; width: 10px; height: 10px; }
.note { font-size: 13px; color: #475569; margin: 6px 0 0; }
table { border-collapse: collapse; width: 100%; background: white; font-size: 13px; }
th, td { border: 1px solid #e2e8f0; padding: 4px 8px; text-align: left; vertical-align: top; }
th { background: #f1f5f9; font-weight: 600; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
tr.fail td:first-child { border-left: 4px solid #b91c1c; color: #b91c1c; font-weight: 600; }
tr.pass td:first-child { border-left: 4px solid #15803d; color: #15803d; }
td.nowrap, td.nowrap code { white-space: nowrap; word-break: normal; }
code, pre { font: 12px/1.4 ui-monospace, "DejaVu Sans Mono", Menlo, Consolas, monospace; }
pre { background: #0f172a; color: #e2e8f0; padding: 10px 12px; border-radius: 6px; overflow-x: auto; white-space: pre-wrap; word-break: break-all; }
td code { word-break: break-all; white-space: pre-wrap; }
.witness { margin: 2px 0 6px; color: #334155; }
details { margin: 6px 0; }
summary { cursor: pointer; font-weight: 600; }
.muted { color: #64748b; }
`;

/** A whole self-contained page: inline style, no script, no external resource. */
export function page(title: string, body: SafeHtml): string {
  return html`<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${CONTENT_SECURITY_POLICY}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="etasim">
<title>${title}</title>
<style>${trusted(STYLE)}</style>
</head>
<body>
<main>
${body}
</main>
</body>
</html>
`.text;
}
