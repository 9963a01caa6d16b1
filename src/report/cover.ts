import type { ReportData } from './data.js';

/** The cover's facts, label and raw value (undefined: not known), in the order every document prints them. */
export function coverFacts(d: ReportData): [string, string | undefined][] {
  return [
    ['Device', d.device.name],
    ['Software version', d.device.version],
    ['Manufacturer', d.device.manufacturer],
    ['Document', d.document.id],
    ['Revision', d.document.revision],
    ['Date', d.date],
    ['Made with', `${d.tool.name} ${d.tool.version}`],
  ];
}
