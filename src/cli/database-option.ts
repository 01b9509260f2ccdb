import { Option } from 'commander';
import { openStore, shownLocation, type Store } from '../store/index.js';
import { UserError } from './errors.js';

/** The store location: `--db`, else `STORYLINE_DB`, else `./storyline.db`. */
export function databaseOption(): Option {
  return new Option('--db <location>', 'store location: a SQLite file, or a postgres:// URL').env('STORYLINE_DB').default('storyline.db');
}

/** Opens the store, turning a failure into a message that names the location. */
export async function openStoreAt(location: string): Promise<Store> {
  try {
    return await openStore(location);
  } catch (e) {
    const message = (e as Error).message;
    const shown = shownLocation(location);
    throw new UserError(message.includes(shown) ? message : `cannot open store ${shown}: ${message}`);
  }
}
