import { Command, Option } from 'commander';
import { printable } from '../report/table.js';
import { sign, type SignRole } from '../register/sign.js';

/** `tureen sign <item> --role reviewer|approver --name …` */
export function signCommand(): Command {
  return new Command('sign')
    .description('sign a SOUP record: who, when, which version, and the hash of what was signed (check flags later changes)')
    .argument('<item>', 'the record: file name, id (npm/express), package name, or name@version')
    .addOption(new Option('--role <role>', 'the signer\'s role').choices(['reviewer', 'approver']).makeOptionMandatory())
    .requiredOption('--name <name>', 'the signer\'s name')
    .option('-C, --dir <dir>', 'the device repository', '.')
    .option('-c, --config <file>', 'config file instead of <dir>/tureen.config.yaml')
    .action((item: string, o: { role: SignRole; name: string; dir: string; config?: string }) => {
      const r = sign(o.dir, item, { role: o.role, name: o.name, ...(o.config ? { config: o.config } : {}) });
      process.stderr.write(`signed ${printable(r.file)} as ${o.role}: ${printable(o.name)}, version ${printable(r.version)}, ${r.contentHash}\n`);
    });
}
