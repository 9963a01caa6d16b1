import { Bookmark, Document, NextAttributeComponent, Packer, PageReference, Paragraph, TextRun, type IContext } from 'docx';
import { unzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { code, fields, fixed, para, table } from './blocks.js';
import { attributesPrep, bulkContext, docxAttributesPrep, toXml } from './xml.js';

describe('writing blocks one at a time', () => {
  it('writes the same XML as docx writes for the same blocks in a document, plain text written directly included', async () => {
    const make = () => [
      // plain one-line text (written directly by toXml), and text that needs docx (a line break, a tab, a bidi mark)
      para('TureenBody', 'plain < & > "quoted" text', { keepNext: true }),
      para('TureenBody', 'two\nlines\tand a tab \u202E'),
      fixed('TureenGuidance', 'our own words'),
      new Paragraph({ style: 'TureenBody', children: [new TextRun('a < b & "c" \'d\''), new TextRun({ text: 'bold', bold: true, break: 1 })] }),
      new Paragraph({ style: 'TureenHeading2', children: [new Bookmark({ id: 'soup_item_1', children: [new TextRun('ws 8.23.0')] })] }),
      table(['Id', 'Name'], [['npm/ws', 'ws'], [undefined, [new PageReference('soup_item_1')]], [code('pkg:npm/ws@8.23.0'), 'line\nbreak']], [3000, 6000]),
      fields([['Label', 'value ]]> {x}']], 9000),
    ];
    const doc = new Document({ sections: [{ children: make() }] });
    const packed = new TextDecoder().decode(unzipSync(await Packer.toBuffer(doc))['word/document.xml']);
    const mine = toXml(make(), bulkContext({ file: doc, viewWrapper: doc.Document, stack: [] } as unknown as IContext));
    // bookmark ids come from docx's counter: compare with them taken out
    const noIds = (s: string) => s.replace(/(<w:bookmark(?:Start|End)\b[^>]*\bw:id=")\d+"/g, '$1"');
    expect(mine.length).toBeGreaterThan(500);
    expect(noIds(packed)).toContain(noIds(mine));
  });

  it('gives the same attribute object as docx\'s own method, in one pass', () => {
    // an attribute docx leaves out (undefined), and a key given twice (the later value, at the first place)
    const payload = { type: { key: 'w:type', value: 'dxa' }, w: { key: 'w:w', value: 1311 }, skip: { key: 'w:x', value: undefined }, again: { key: 'w:type', value: 'pct' } };
    const c = new NextAttributeComponent(payload as unknown as ConstructorParameters<typeof NextAttributeComponent>[0]);
    const theirs = docxAttributesPrep.call(c, {} as IContext);
    const ours = attributesPrep.call(c);
    expect(ours).toEqual(theirs);
    expect(Object.keys(ours._attr)).toEqual(Object.keys((theirs as { _attr: object })._attr));
  });
});
