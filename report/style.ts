/** The report page's stylesheet (inlined into report.html). */
export const REPORT_CSS = `
:root { font-family: system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: #1f2328; }
body { margin: 0; background: #f6f8fa; }
header { background: #fff; border-bottom: 1px solid #d0d7de; padding: 12px 20px; }
header h1 { font-size: 18px; margin: 0 0 4px; }
header .meta { font-size: 13px; color: #59636e; display: flex; flex-wrap: wrap; gap: 4px 18px; }
.badge { display: inline-block; padding: 1px 8px; border-radius: 10px; color: #fff; font-size: 12px; font-weight: 600; }
.failure { margin-top: 8px; padding: 8px 10px; background: #ffebe9; border: 1px solid #ff818266; border-radius: 6px; font-size: 13px; }
main { padding: 12px 20px 40px; display: grid; gap: 16px; }
section { background: #fff; border: 1px solid #d0d7de; border-radius: 6px; padding: 12px 14px; }
section h2 { font-size: 15px; margin: 0 0 8px; }
.graph-wrap { display: grid; grid-template-columns: minmax(0, 1fr) 380px; gap: 12px; }
.graph { overflow: auto; max-height: 1000px; border: 1px solid #eaeef2; border-radius: 4px; }
.node { cursor: pointer; }
.node rect { stroke: #1f232833; stroke-width: 1; }
.node.selected rect { stroke: #0969da; stroke-width: 3; }
.node text { font-size: 12px; pointer-events: none; }
.node text.sub { font-size: 10.5px; }
.edge { fill: none; stroke: #8c959f; stroke-width: 1.3; }
.edge.catch { stroke: #d73a49; stroke-dasharray: 5 3; }
.edge.iterates { stroke: #6e7781; stroke-dasharray: 2 3; }
.edge-label { font-size: 10px; fill: #59636e; }
.details { font-size: 13px; overflow: auto; max-height: 1000px; }
.details h3 { margin: 0 0 6px; font-size: 15px; }
.details pre { background: #f6f8fa; border: 1px solid #eaeef2; padding: 6px; white-space: pre-wrap; word-break: break-word; max-height: 260px; overflow: auto; font-size: 11.5px; }
.details .error { color: #b31d28; font-weight: 600; }
.legend { display: flex; gap: 12px; font-size: 12px; margin-bottom: 6px; flex-wrap: wrap; }
.legend span::before { content: ""; display: inline-block; width: 10px; height: 10px; border-radius: 2px; margin-right: 4px; background: var(--c); vertical-align: -1px; }
.timeline { overflow: auto; max-height: 640px; }
.timeline text { font-size: 10.5px; }
.bar { cursor: pointer; }
.counts { display: flex; gap: 10px; flex-wrap: wrap; margin-bottom: 8px; font-size: 13px; }
.counts b { font-size: 15px; }
.filters { display: flex; gap: 8px; margin-bottom: 8px; }
.filters input { flex: 1; max-width: 320px; }
table { border-collapse: collapse; width: 100%; font-size: 12.5px; }
th, td { text-align: left; padding: 3px 8px; border-bottom: 1px solid #eaeef2; vertical-align: top; }
th { cursor: pointer; user-select: none; background: #f6f8fa; position: sticky; top: 0; }
td.num { text-align: right; font-variant-numeric: tabular-nums; }
td.cause { max-width: 520px; word-break: break-word; color: #59636e; }
.table-wrap { max-height: 520px; overflow: auto; }
.charts { display: flex; flex-wrap: wrap; gap: 16px; }
.chart { border: 1px solid #eaeef2; border-radius: 4px; padding: 6px; }
.chart h3 { font-size: 13px; margin: 0 0 4px; }
.note { color: #59636e; font-size: 13px; }
`;
