import { resolve } from 'node:path';
import { Command } from 'commander';
import { recordsFolderFrom } from '../check/policy.js';
import { checkRecords } from '../check/rules.js';
import { loadConfig } from '../config/load.js';
import { renderStatus, summarize } from '../register/status.js';
import { readRecordFolder } from '../check/load.js';

/** `tureen status [dir]`: the register on one screen. */
export function statusCommand(): Command {
  return new Command('status')
    .description('the SOUP register on one screen: items by class and kind, completeness, the top gaps')
    .argument('[dir]', 'the device repository', '.')
    .option('-c, --config <file>', 'config file instead of <dir>/tureen.config.yaml')
    .action((dir: string, o: { config?: string }) => {
      const root = resolve(dir);
      const { config, file: configFile } = loadConfig(root, o.config);
      const folder = recordsFolderFrom(config);
      const records = readRecordFolder(root, folder);
      const findings = checkRecords(records, { config, now: new Date(), ...(configFile ? { configFile } : {}) });
      process.stdout.write(renderStatus(summarize(records, findings), folder));
    });
}
