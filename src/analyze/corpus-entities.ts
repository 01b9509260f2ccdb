/**
 * The cross-article step of entity resolution. Each article names its entities in its own way
 * ("Anthony Blinken" in one, "Antony Blinken" and "Tony Blinken" in another, only "Blinken" in a
 * third); across the corpus these are one person. Given every entity name the articles used, with
 * how many articles used it, this says which names are another name's alias. Pure: names and
 * counts in, aliases out.
 */

import type { EntityType } from '../model/annotations.js';

// ---- Tunables -------------------------------------------------------------------------------

/** A surname alone goes to its most-named full name only when that one is named this many times more often than the next. */
const DOMINANCE = 3;
/** Names shorter than this are never matched by spelling (one letter apart is a different name). */
const MIN_FUZZY_LENGTH = 5;
/** Familiar forms of given names → the formal name; both sides match, and the formal form is shown. */
const FAMILIAR_NAMES: Record<string, string[]> = {
  antony: ['tony'], anthony: ['tony'], william: ['bill', 'billy', 'will'], robert: ['bob', 'bobby', 'rob'], james: ['jim', 'jimmy'],
  michael: ['mike'], joseph: ['joe'], thomas: ['tom'], richard: ['dick', 'rick'], charles: ['chuck', 'charlie'],
  edward: ['ted', 'ed'], benjamin: ['bibi', 'ben'], elizabeth: ['liz', 'beth'], daniel: ['dan'], david: ['dave'],
  christopher: ['chris'], nicholas: ['nick'], stephen: ['steve'], steven: ['steve'], andrew: ['andy'], peter: ['pete'],
  matthew: ['matt'], samuel: ['sam'], alexander: ['alex'], katherine: ['kate', 'katie'], catherine: ['kate', 'cathy'],
  jonathan: ['jon'], frederick: ['fred'], timothy: ['tim'], gregory: ['greg'], jeffrey: ['jeff'], kenneth: ['ken'],
  ronald: ['ron'], donald: ['don'], gerald: ['gerry'], lawrence: ['larry'], patricia: ['pat'], margaret: ['maggie', 'peggy'],
};

export interface EntityName {
  /** The entity's canonical name in the articles that used it. */
  name: string;
  type: EntityType | string;
  /** How many articles used this name. */
  articles: number;
  mentions: number;
}

export interface EntityAlias {
  type: string;
  /** A name some articles used… */
  name: string;
  /** …for the entity the corpus names so. */
  canonical: string;
}

const FORMAL = new Map<string, string>();
for (const [formal, familiar] of Object.entries(FAMILIAR_NAMES)) {
  FORMAL.set(formal, formal);
  for (const f of familiar) if (!FORMAL.has(f)) FORMAL.set(f, formal);
}

const fold = (s: string): string => s.normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase();

/** At most one letter inserted, removed or changed, and both at least MIN_FUZZY_LENGTH long. */
export function oneLetterApart(a: string, b: string): boolean {
  if (a === b) return true;
  if (Math.min(a.length, b.length) < MIN_FUZZY_LENGTH || Math.abs(a.length - b.length) > 1 || a[0] !== b[0]) return false;
  let i = 0;
  let j = 0;
  let edits = 0;
  while (i < a.length && j < b.length) {
    if (a[i] === b[j]) {
      i++;
      j++;
      continue;
    }
    if (++edits > 1) return false;
    if (a.length > b.length) i++;
    else if (b.length > a.length) j++;
    else {
      i++;
      j++;
    }
  }
  return edits + (a.length - i) + (b.length - j) <= 1;
}

/**
 * Surnames of one person: one letter apart, but not a plural or a derived form of the other
 * ("Trumps", "Trumpy" are not "Trump"; "Halevy" is "Halevi", "Zelenskyy" is "Zelensky").
 */
function sameSurname(a: string, b: string): boolean {
  if (a === b) return true;
  if (!oneLetterApart(a, b)) return false;
  const [short, long] = a.length < b.length ? [a, b] : [b, a];
  if (long.length === short.length + 1 && long.startsWith(short)) {
    const added = long[long.length - 1]!;
    if (added === 's' || (added === 'y' && !/[iy]$/.test(short))) return false;
  }
  return true;
}

/** The surname a plural ("Trumps") or a derived form ("Trumpy") is made from, or null. */
function derivedFrom(surname: string): string | null {
  if (surname.length <= MIN_FUZZY_LENGTH) return null;
  const base = surname.slice(0, -1);
  return /s$/.test(surname) || (/y$/.test(surname) && !/[iy]$/.test(base)) ? base : null;
}

/**
 * Names that stand for no one and alias nothing: a word written twice at the end ("Donald Trump
 * Trump", a page's link text run into the name) or a possessive ("TRUMP'S").
 */
const MALFORMED = [/(?:^|\s)(\S+)\s+\1$/u, /[’'](?:s)?$/u];
const malformed = (folded: string): boolean => MALFORMED.some((re) => re.test(folded));

function sameGivenName(a: string, b: string): boolean {
  if (a === b) return true;
  const fa = FORMAL.get(a);
  const fb = FORMAL.get(b);
  if (fa && fb && fa === fb) return true;
  // "Antony"/"Anthony": a spelling apart, or a familiar form of one spelling of the other.
  return oneLetterApart(fa ?? a, fb ?? b);
}

interface Person {
  entry: EntityName;
  given: string | null;
  surname: string;
}

/** Which names are aliases of which, across the corpus. Names that stand for themselves are left out. */
export function corpusEntityAliases(names: readonly EntityName[]): EntityAlias[] {
  const aliases: EntityAlias[] = [];
  const byType = groupBy(names, (n) => n.type);
  for (const [type, group] of byType) {
    if (type === 'person') aliases.push(...personAliases(group));
    else aliases.push(...spellingAliases(type, group));
  }
  return aliases;
}

/** Organisations and places: the same name up to case, a leading "the" and dots ("U.S." / "US"). */
function spellingAliases(type: string, names: readonly EntityName[]): EntityAlias[] {
  const groups = groupBy(names, (n) => fold(n.name).replace(/^the\s+/, '').replace(/\./g, '').replace(/\s+/g, ' ').trim());
  const out: EntityAlias[] = [];
  for (const group of groups.values()) {
    if (group.length < 2) continue;
    const canonical = mostNamed(group).name;
    for (const n of group) if (n.name !== canonical) out.push({ type, name: n.name, canonical });
  }
  return out;
}

function mostNamed<T extends EntityName>(group: readonly T[]): T {
  return [...group].sort((a, b) => b.articles - a.articles || b.mentions - a.mentions || b.name.length - a.name.length || a.name.localeCompare(b.name))[0]!;
}

/**
 * People: full names with the same surname (or one a letter apart) and compatible given names
 * (equal, familiar forms, a letter apart) are one person, shown under the name most articles use;
 * a surname alone is that person when it is the only one (or by far the most named) of that surname.
 */
function personAliases(names: readonly EntityName[]): EntityAlias[] {
  const parsed: Person[] = names.filter((entry) => !malformed(fold(entry.name).trim())).map((entry) => {
    const parts = fold(entry.name).split(/\s+/).filter(Boolean);
    return { entry, given: parts.length > 1 ? parts[0]! : null, surname: parts[parts.length - 1] ?? '' };
  });
  // A plural or derived form of a more named person's surname ("Donald Trumps", "Trumpy") is
  // that person's name bent, not a spelling of it: it aliases nothing.
  const surnameArticles = new Map<string, number>();
  for (const p of parsed) if (p.given !== null) surnameArticles.set(p.surname, (surnameArticles.get(p.surname) ?? 0) + p.entry.articles);
  const people = parsed.filter((p) => {
    const base = derivedFrom(p.surname);
    return base === null || (surnameArticles.get(base) ?? 0) <= p.entry.articles;
  });
  const full = people.filter((p) => p.given !== null);
  const single = people.filter((p) => p.given === null);

  // Union full names into persons. Surnames one letter apart share their first letter and differ
  // in length by at most one: only those pairs are compared.
  const parent = full.map((_, i) => i);
  const find = (i: number): number => (parent[i] === i ? i : (parent[i] = find(parent[i]!)));
  const bySurname = groupBy(full.map((p, i) => ({ p, i })), ({ p }) => p.surname);
  const byInitial = groupBy([...bySurname.keys()], (s) => s[0] ?? '');
  for (const surnames of byInitial.values()) {
    surnames.sort((a, b) => a.length - b.length);
    for (let s = 0; s < surnames.length; s++) {
      for (let t = s; t < surnames.length && surnames[t]!.length - surnames[s]!.length <= 1; t++) {
        if (!sameSurname(surnames[s]!, surnames[t]!)) continue;
        for (const { p: a, i } of bySurname.get(surnames[s]!)!) {
          for (const { p: b, i: j } of bySurname.get(surnames[t]!)!) {
            if (i < j && sameGivenName(a.given!, b.given!)) parent[find(i)] = find(j);
          }
        }
      }
    }
  }
  const persons = groupBy(full.map((p, i) => ({ p, root: find(i) })), ({ root }) => String(root));

  const out: EntityAlias[] = [];
  const clusters = [...persons.values()].map((group) => {
    const members = group.map(({ p }) => p);
    const shown = formalFirst(members);
    const articles = members.reduce((sum, m) => sum + m.entry.articles, 0);
    for (const m of members) if (m.entry.name !== shown.entry.name) out.push({ type: 'person', name: m.entry.name, canonical: shown.entry.name });
    return { shown, articles, surnames: new Set(members.map((m) => m.surname)) };
  });
  const clustersByInitial = groupBy(clusters, (c) => c.shown.surname[0] ?? '');

  for (const p of single) {
    const candidates = (clustersByInitial.get(p.surname[0] ?? '') ?? [])
      .filter((c) => [...c.surnames].some((s) => sameSurname(s, p.surname)))
      .sort((a, b) => b.articles - a.articles);
    const [best, next] = candidates;
    if (best && (!next || best.articles >= DOMINANCE * next.articles)) out.push({ type: 'person', name: p.entry.name, canonical: best.shown.entry.name });
  }
  return out;
}

function groupBy<T>(items: readonly T[], key: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    const group = groups.get(k);
    if (group) group.push(item);
    else groups.set(k, [item]);
  }
  return groups;
}

/** The name a person is shown under: the most used, a formal given name before a familiar one. */
function formalFirst(members: readonly Person[]): Person {
  const familiar = (p: Person): number => Number(FORMAL.has(p.given!) && FORMAL.get(p.given!) !== p.given);
  return [...members].sort((a, b) => familiar(a) - familiar(b) || b.entry.articles - a.entry.articles || b.entry.mentions - a.entry.mentions || a.entry.name.localeCompare(b.entry.name))[0]!;
}
