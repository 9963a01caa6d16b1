/**
 * The report's only style sheet, inlined (the Content-Security-Policy allows inline styles and nothing from outside).
 * System font stacks only: no web font is fetched. Kept free of `<` and `&` so the page stays well-formed XML too.
 */
export const CSS = `
:root { --ink: #1b1f24; --muted: #5b6470; --line: #d0d7de; --head: #f2f5f8; --accent: #1f5f99; --bad: #a3261b; --warn: #8a5a00; --ok: #2c6e2f; }
* { box-sizing: border-box; }
html { font-size: 15px; }
body { margin: 0; color: var(--ink); background: #fff; font-family: system-ui, -apple-system, "Segoe UI", Roboto, "Liberation Sans", "DejaVu Sans", Arial, sans-serif; line-height: 1.45; }
.page { display: flex; align-items: flex-start; }
nav.toc { position: sticky; top: 0; max-height: 100vh; overflow: auto; width: 17rem; flex: none; padding: 1rem; border-right: 1px solid var(--line); background: #fafbfc; font-size: .85rem; }
nav.toc ol { padding-left: 1.1rem; margin: .2rem 0; }
nav.toc li { margin: .1rem 0; }
nav.toc a { color: var(--accent); text-decoration: none; }
nav.toc a:hover, nav.toc a:focus { text-decoration: underline; }
main { flex: 1; min-width: 0; padding: 1.5rem 2rem 4rem; max-width: 80rem; }
a { color: var(--accent); }
h1 { font-size: 1.8rem; margin: 0 0 .3rem; }
h2 { font-size: 1.35rem; margin: 2.2rem 0 .6rem; padding-bottom: .2rem; border-bottom: 2px solid var(--accent); }
h3 { font-size: 1.05rem; margin: 1.4rem 0 .3rem; }
h4 { font-size: .95rem; margin: 1rem 0 .3rem; }
.cover { border: 1px solid var(--line); border-left: 6px solid var(--accent); padding: 1.2rem 1.4rem; margin-bottom: 1.5rem; }
.cover .subtitle { font-size: 1.15rem; color: var(--muted); margin: 0 0 1rem; }
dl.facts { display: grid; grid-template-columns: max-content 1fr; gap: .15rem 1rem; margin: .4rem 0; }
dl.facts dt { font-weight: 600; color: var(--muted); }
dl.facts dd { margin: 0; overflow-wrap: break-word; min-width: 0; white-space: pre-wrap; }
table { border-collapse: collapse; width: 100%; margin: .4rem 0 1rem; font-size: .85rem; }
th, td { border: 1px solid var(--line); padding: .25rem .4rem; text-align: left; vertical-align: top; overflow-wrap: break-word; white-space: pre-wrap; }
th { white-space: normal; }
thead th { background: var(--head); }
td.num, th.num { text-align: right; white-space: nowrap; }
div.wide { overflow-x: auto; }
caption { text-align: left; font-weight: 600; padding: .2rem 0; }
.guidance { color: var(--muted); font-style: italic; border-left: 3px solid var(--line); padding-left: .6rem; margin: .2rem 0 .5rem; }
.gap { color: var(--bad); font-weight: 600; }
.text { white-space: pre-wrap; overflow-wrap: break-word; }
.findings { border: 1px solid #e6c8c4; background: #fdf5f4; padding: .4rem .9rem; margin: .6rem 0; }
.findings li.error { color: var(--bad); }
.findings li.warning { color: var(--warn); }
.findings .fix { color: var(--ink); display: block; }
.status-ok { color: var(--ok); font-weight: 600; }
.status-bad { color: var(--bad); font-weight: 600; }
table.soup-list { font-size: .8rem; }
.id { color: var(--muted); font-size: .75rem; }
.meta { color: var(--muted); margin: 0 0 .5rem; }
.charts { display: grid; grid-template-columns: repeat(auto-fit, minmax(28rem, 1fr)); gap: 1rem 2rem; }
figure.chart { margin: 0; }
figure.chart svg { max-width: 100%; height: auto; }
figure.chart .lbl { font-size: 12px; fill: var(--ink); }
figure.chart .val { font-size: 12px; fill: var(--muted); }
figure.chart .big { font-size: 22px; font-weight: 700; fill: var(--ink); }
table.chart-data { width: auto; min-width: 16rem; font-size: .8rem; }
.note { color: var(--muted); font-size: .85rem; }
.signature td { height: 2.2rem; }
article.item { margin-top: 2.5rem; border-top: 1px solid var(--line); }
.skip { position: absolute; left: -999px; }
.skip:focus { left: 1rem; top: 1rem; background: #fff; padding: .3rem; }
@page { size: A4; margin: 16mm 12mm 18mm; }
@page wide { size: A4 landscape; margin: 14mm 12mm 16mm; }
@media print {
  html { font-size: 10.5pt; }
  nav.toc, .skip { display: none; }
  .page { display: block; }
  main { padding: 0; max-width: none; }
  a { color: inherit; text-decoration: none; }
  h2, h3, h4 { break-after: avoid; }
  article.item { break-before: page; border-top: none; margin-top: 0; }
  section.list { break-before: page; page: wide; }
  thead { display: table-header-group; }
  tr, figure.chart, .cover { break-inside: avoid; }
  .charts { grid-template-columns: 1fr 1fr; gap: .5rem 1.5rem; }
  div.wide { overflow: visible; }
  table.chart-data { display: none; }
  figure.chart { margin-bottom: .6rem; }
}
`;
