// The case report's one inline style sheet: readable on screen, complete on paper, monospace for hashes and addresses.

export const REPORT_STYLE = `
:root { color-scheme: light; --fg: #1f2328; --muted: #59636e; --line: #d1d9e0; --head: #f6f8fa; --ok-bg: #dafbe1; --ok-fg: #116329; --bad-bg: #ffebe9; --bad-fg: #a40e26; --mark: #9a6700; }
* { box-sizing: border-box; }
body { margin: 0 auto; max-width: 1500px; padding: 24px 32px 48px; color: var(--fg); background: #fff; font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; }
h1 { font-size: 1.7em; margin: 0 0 .4em; overflow-wrap: anywhere; }
h2 { font-size: 1.3em; margin: 1.8em 0 .6em; padding-bottom: .2em; border-bottom: 2px solid var(--line); }
h3 { font-size: 1.05em; margin: 0 0 .5em; overflow-wrap: anywhere; }
h4 { font-size: .8em; margin: 0 0 .3em; text-transform: uppercase; letter-spacing: .05em; color: var(--muted); }
a { color: #0550ae; }
code, pre, .mono { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, "Liberation Mono", monospace; font-size: .92em; }
pre, .text { white-space: pre-wrap; overflow-wrap: anywhere; margin: 0; }
.hash { word-break: break-all; }
time { white-space: nowrap; }
.muted, .none { color: var(--muted); }
.eyebrow { margin: 0; color: var(--muted); text-transform: uppercase; letter-spacing: .08em; font-size: .8em; }
.ctl { display: inline-block; padding: 0 2px; border: 1px solid var(--mark); border-radius: 3px; color: var(--mark); font: .75em/1.2 ui-monospace, monospace; }
dl.meta { display: grid; grid-template-columns: max-content 1fr; gap: 2px 16px; margin: 0; }
dl.meta dt { color: var(--muted); }
dl.meta dd { margin: 0; overflow-wrap: anywhere; }
nav ul { list-style: none; display: flex; flex-wrap: wrap; gap: 4px 16px; padding: 0; margin: 1em 0 0; }
.integrity { margin: 1.2em 0; padding: 12px 16px; border: 2px solid; border-radius: 6px; }
.integrity.ok { background: var(--ok-bg); color: var(--ok-fg); border-color: var(--ok-fg); }
.integrity.failed { background: var(--bad-bg); color: var(--bad-fg); border-color: var(--bad-fg); border-width: 3px; }
.integrity h2 { margin: 0 0 .3em; border: 0; padding: 0; }
.integrity p { margin: .3em 0; }
.integrity ol { margin: .5em 0 0; padding-left: 1.4em; }
.integrity li { margin: .35em 0; }
.problem-kind { font-family: ui-monospace, monospace; font-size: .85em; }
table { width: 100%; border-collapse: separate; border-spacing: 0; margin: .5em 0 1em; }
th, td { padding: 4px 8px; border-bottom: 1px solid var(--line); text-align: left; vertical-align: top; overflow-wrap: break-word; }
thead th { position: sticky; top: 0; z-index: 1; background: var(--head); border-bottom: 2px solid var(--line); white-space: nowrap; }
.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
table.counts { width: auto; }
td.hash-cell { min-width: 17em; }
tr:target, article:target { outline: 2px solid #0969da; outline-offset: -2px; }
.finding { margin: 0 0 1.2em; padding: 12px 16px; border: 1px solid var(--line); border-radius: 6px; }
.chain { display: grid; grid-template-columns: minmax(0, 1fr) auto minmax(0, 1fr) auto minmax(0, 1fr); gap: 8px; align-items: stretch; margin: .6em 0; }
.hop { padding: 8px 10px; border: 1px solid var(--line); border-radius: 6px; background: var(--head); }
.hop p { margin: .15em 0; }
.arrow { align-self: center; font-size: 1.4em; color: var(--muted); }
.evidence-ref { font-size: .85em; color: var(--muted); }
.finding .note { margin: .5em 0 0; padding: 6px 10px; border-left: 3px solid var(--line); }
details summary { cursor: pointer; }
details dl { margin: .3em 0 0; }
details dd { margin: 0 0 .3em; }
.print-only { display: none; }
footer { margin-top: 2.5em; color: var(--muted); font-size: .85em; }
@media (max-width: 900px) { .chain { grid-template-columns: 1fr; } .arrow { transform: rotate(90deg); justify-self: center; } }
@media print {
  body { max-width: none; padding: 0; font-size: 9pt; }
  nav { display: none; }
  a { color: inherit; text-decoration: none; }
  thead { display: table-header-group; }
  thead th { position: static; }
  tr, .finding, .integrity li { break-inside: avoid; }
  h2 { break-after: avoid; }
  details { display: none; }
  td.hash-cell { min-width: 11em; }
  .print-only { display: inline; }
  .integrity, .hop, thead th { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
}
`;
