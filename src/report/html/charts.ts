import { escapeHtml as e } from './common.js';

/**
 * Charts drawn as inline SVG (the report loads nothing). Every chart comes with its numbers as a table, so a screen
 * reader, a printout in black and white and a copy-paste all get the figures, not only the picture.
 */

export interface Bar {
  label: string;
  value: number;
  /** a CSS colour; one palette colour per row when absent */
  color?: string;
}

const PALETTE = ['#1f5f99', '#3b8bc2', '#6aaed6', '#9ecae1', '#4e7d4a', '#86b36b', '#b58a2c', '#d8b365', '#7b5aa6', '#a98fce'];

/** A label cut to fit its column (the full text stays in the bar's tooltip and in the table). */
function fit(s: string, max: number): string {
  return s.length <= max ? s : `${s.slice(0, max - 1)}…`;
}

function numbers(id: string, caption: string, rows: readonly Bar[], total: number): string {
  const pct = (v: number) => (total ? `${Math.round((v / total) * 100)} %` : '–');
  return `<table class="chart-data" aria-describedby="${id}-h"><caption>${e(caption)}</caption><thead><tr><th scope="col">Value</th><th scope="col" class="num">Count</th><th scope="col" class="num">Share</th></tr></thead><tbody>${
    rows.map((r) => `<tr><td>${e(r.label)}</td><td class="num">${r.value}</td><td class="num">${pct(r.value)}</td></tr>`).join('')
  }</tbody></table>`;
}

/** A horizontal bar chart: one bar per row, its count at the bar's end. */
export function barChart(id: string, title: string, rows: readonly Bar[], note?: string): string {
  const labelW = 170;
  const barW = 260;
  const rowH = 24;
  const width = labelW + barW + 50;
  const height = Math.max(1, rows.length) * rowH + 8;
  const max = Math.max(1, ...rows.map((r) => r.value));
  const total = rows.reduce((n, r) => n + r.value, 0);
  const bars = rows.map((r, i) => {
    const y = 4 + i * rowH;
    const w = r.value ? Math.max(2, Math.round((r.value / max) * barW)) : 0;
    const color = r.color ?? PALETTE[i % PALETTE.length] ?? '#1f5f99';
    return `<g><title>${e(`${r.label}: ${r.value}`)}</title>`
      + `<text x="${labelW - 8}" y="${y + 16}" text-anchor="end" class="lbl">${e(fit(r.label, 26))}</text>`
      + `<rect x="${labelW}" y="${y + 3}" width="${w}" height="${rowH - 8}" rx="2" fill="${color}"></rect>`
      + `<text x="${labelW + w + 6}" y="${y + 16}" class="val">${r.value}</text></g>`;
  }).join('');
  const summary = rows.map((r) => `${r.label}: ${r.value}`).join(', ');
  return `<figure class="chart" id="${id}"><h3 id="${id}-h">${e(title)}</h3>`
    + `<svg xmlns="http://www.w3.org/2000/svg" role="img" aria-label="${e(`${title}. ${summary || 'none'}`)}" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}">${bars}</svg>`
    + (note ? `<p class="note">${e(note)}</p>` : '')
    + numbers(id, title, rows, total) + '</figure>';
}

/** A donut: the share of the first row in the whole, with the percentage in its middle. */
export function donutChart(id: string, title: string, rows: readonly Bar[]): string {
  const total = rows.reduce((n, r) => n + r.value, 0);
  const r = 54;
  const c = 2 * Math.PI * r;
  let offset = 0;
  const arcs = rows.map((row, i) => {
    const len = total ? (row.value / total) * c : 0;
    const color = row.color ?? PALETTE[i % PALETTE.length] ?? '#1f5f99';
    // each arc is a dashed circle stroke, started where the previous one ended (from 12 o'clock)
    const arc = `<circle cx="80" cy="80" r="${r}" fill="none" stroke="${color}" stroke-width="24" stroke-dasharray="${len.toFixed(2)} ${(c - len).toFixed(2)}" stroke-dashoffset="${(-offset).toFixed(2)}" transform="rotate(-90 80 80)"><title>${e(`${row.label}: ${row.value}`)}</title></circle>`;
    offset += len;
    return arc;
  }).join('');
  const first = rows[0]?.value ?? 0;
  const pct = total ? `${Math.round((first / total) * 100)}%` : '–';
  const legend = rows.map((row, i) => `<g transform="translate(180 ${40 + i * 24})"><rect width="14" height="14" fill="${row.color ?? PALETTE[i % PALETTE.length] ?? '#1f5f99'}"></rect><text x="22" y="12" class="lbl">${e(`${row.label}: ${row.value}`)}</text></g>`).join('');
  const summary = rows.map((row) => `${row.label}: ${row.value}`).join(', ');
  return `<figure class="chart" id="${id}"><h3 id="${id}-h">${e(title)}</h3>`
    + `<svg xmlns="http://www.w3.org/2000/svg" role="img" aria-label="${e(`${title}. ${summary}`)}" viewBox="0 0 420 160" width="420" height="160">`
    + `<circle cx="80" cy="80" r="${r}" fill="none" stroke="#e4e4e4" stroke-width="24"></circle>${arcs}`
    + `<text x="80" y="86" text-anchor="middle" class="big">${pct}</text>${legend}</svg>`
    + numbers(id, title, rows, total) + '</figure>';
}
