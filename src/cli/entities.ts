import type { Command } from 'commander';
import { listOptions } from './list-options.js';
import { EntityTypeSchema } from '../model/annotations.js';
import { databaseOption, openStoreAt } from './database-option.js';
import { UserError } from './errors.js';
import { printJson, printTable } from './output.js';

export function registerEntities(program: Command): void {
  listOptions(program
    .command('entities')
    .description('the people, organisations and places the stored articles name, most widely named first')
    .addOption(databaseOption())
    .option('--type <type>', `only one type: ${EntityTypeSchema.options.join(', ')}`))
    .addHelpText('after', `
One entity however the articles spell it: names are merged across the corpus ("Anthony Blinken"
and "Blinken" are shown as "Antony Blinken" when that is the person they name).

Examples:
  $ storyline entities --type person
  $ storyline entities --json`)
    .action(async (opts: { db: string; type?: string; limit: number; offset: number; json?: boolean }) => {
      if (opts.type !== undefined && !EntityTypeSchema.safeParse(opts.type).success) {
        throw new UserError(`--type must be one of ${EntityTypeSchema.options.join(', ')}, got "${opts.type}"`);
      }
      const store = await openStoreAt(opts.db);
      try {
        const entities = await store.listEntities({ type: opts.type, limit: opts.limit, offset: opts.offset });
        if (opts.json) return printJson(entities);
        if (entities.length === 0) return console.log('no entities found');
        printTable(['ARTICLES', 'MENTIONS', 'TYPE', 'NAME'], entities.map((e) => [String(e.articles), String(e.mentions), e.type, e.aliases ? `${e.name} (also ${e.aliases.join(', ')})` : e.name]));
      } finally {
        await store.close();
      }
    });
}
