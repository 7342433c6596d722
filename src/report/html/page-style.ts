/** The report's one inline style sheet; the page's Content-Security-Policy allows it by its hash. */
export const PAGE_STYLE = `
:root { color-scheme: light dark; --bg: #fff; --fg: #1b1f24; --muted: #59636e; --line: #d1d9e0; --panel: #f6f8fa;
  --critical: #a40e26; --high: #d1242f; --medium: #9a6700; --low: #0969da; --info: #59636e; --mark: #fff1a8; }
@media (prefers-color-scheme: dark) {
  :root { --bg: #0d1117; --fg: #e6edf3; --muted: #9198a1; --line: #3d444d; --panel: #151b23;
    --critical: #ff7b72; --high: #f85149; --medium: #d29922; --low: #58a6ff; --info: #9198a1; --mark: #5a4a00; }
}
* { box-sizing: border-box; }
[hidden] { display: none !important; }
body { margin: 0 auto; max-width: 72rem; padding: 1.5rem; background: var(--bg); color: var(--fg);
  font: 15px/1.5 system-ui, -apple-system, "Segoe UI", sans-serif; }
h1 { font-size: 1.6rem; margin: 0 0 .25rem; }
h2 { font-size: 1.25rem; margin: 2rem 0 .75rem; border-bottom: 1px solid var(--line); padding-bottom: .25rem; }
h3 { font-size: 1.05rem; margin: 1.25rem 0 .5rem; }
a { color: var(--low); }
code, pre { font: 13px/1.45 ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; }
.muted { color: var(--muted); }
.cards { display: flex; flex-wrap: wrap; gap: .5rem; margin: 1rem 0; padding: 0; list-style: none; }
.cards li { border: 1px solid var(--line); border-radius: 6px; padding: .4rem .8rem; min-width: 7rem; background: var(--panel); }
.cards strong { display: block; font-size: 1.3rem; }
.sev { display: inline-block; min-width: 4.8rem; padding: 0 .4rem; border-radius: 4px; color: #fff; font-size: .8rem;
  font-weight: 600; text-align: center; text-transform: uppercase; }
.sev-critical { background: var(--critical); } .sev-high { background: var(--high); } .sev-medium { background: var(--medium); }
.sev-low { background: var(--low); } .sev-info { background: var(--info); }
.filters { display: flex; flex-wrap: wrap; gap: .75rem; align-items: end; padding: .75rem; border: 1px solid var(--line);
  border-radius: 6px; background: var(--panel); position: sticky; top: 0; z-index: 1; }
.filters label { display: flex; flex-direction: column; font-size: .8rem; color: var(--muted); }
.filters select, .filters button { font: inherit; color: var(--fg); background: var(--bg); border: 1px solid var(--line);
  border-radius: 4px; padding: .2rem .4rem; max-width: 22rem; }
.finding { border: 1px solid var(--line); border-radius: 6px; margin: .75rem 0; padding: .75rem 1rem;
  content-visibility: auto; contain-intrinsic-size: auto 16rem; }
.finding header { display: flex; flex-wrap: wrap; gap: .5rem; align-items: baseline; }
.finding .where { font-family: ui-monospace, monospace; font-size: .85rem; color: var(--muted); }
.finding .message { margin: .4rem 0; }
.frame { margin: .4rem 0; padding: .5rem 0; overflow-x: auto; background: var(--panel); border-radius: 4px; tab-size: 4; }
.frame .line { display: block; padding-right: 1rem; white-space: pre; }
.frame .ln { display: inline-block; min-width: 3.5rem; padding-right: .75rem; text-align: right; color: var(--muted);
  user-select: none; }
.frame .marked { background: color-mix(in srgb, var(--mark) 45%, transparent); }
.frame mark { background: var(--mark); color: inherit; border-bottom: 2px solid var(--high); }
.details { margin: .25rem 0 0; padding-left: 1.25rem; }
.details li { margin: .2rem 0; }
dl.facts { display: grid; grid-template-columns: max-content 1fr; gap: .15rem .75rem; margin: .5rem 0 0; }
dl.facts dt { color: var(--muted); }
dl.facts dd { margin: 0; }
table { border-collapse: collapse; width: 100%; margin: .5rem 0; }
th, td { border: 1px solid var(--line); padding: .3rem .5rem; text-align: left; vertical-align: top; }
th { background: var(--panel); }
.in-place { color: var(--low); } .missing { color: var(--high); }
.steps li { margin: .3rem 0; }
.trust-map { overflow: auto; max-height: 80vh; border: 1px solid var(--line); border-radius: 6px; background: #fff; }
.trust-map svg { display: block; max-width: none; height: auto; }
details.pipeline { border: 1px solid var(--line); border-radius: 6px; margin: .5rem 0; padding: .4rem .8rem; }
details.pipeline summary { cursor: pointer; }
`;
