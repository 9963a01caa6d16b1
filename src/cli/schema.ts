import { Command, Argument } from 'commander';
import { z } from 'zod';
import { Component } from '../model/component.js';
import { Config } from '../model/config.js';
import { Finding } from '../model/finding.js';
import { SoupRecord } from '../model/record.js';
import { ScanOutput } from '../report/json.js';

/** JSON Schemas generated from the zod model, so editors and outside checks validate against the same shapes. */
export const SCHEMAS = {
  'scan-output': ScanOutput,
  component: Component,
  config: Config,
  finding: Finding,
  record: SoupRecord,
} as const;

/** Documents people write (config, records) are described as input: a key with a default may be left out. */
const WRITTEN_BY_PEOPLE: ReadonlySet<string> = new Set(['config', 'record']);

export function jsonSchema(name: keyof typeof SCHEMAS): object {
  return z.toJSONSchema(SCHEMAS[name], { io: WRITTEN_BY_PEOPLE.has(name) ? 'input' : 'output', unrepresentable: 'any' });
}

export function schemaCommand(): Command {
  return new Command('schema')
    .description('print the JSON Schema of one of Tureen\'s documents (generated from its typed model)')
    .addArgument(new Argument('<name>', 'which schema').choices(Object.keys(SCHEMAS)))
    .action((name: keyof typeof SCHEMAS) => {
      process.stdout.write(`${JSON.stringify(jsonSchema(name), null, 2)}\n`);
    });
}
