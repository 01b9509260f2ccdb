import type { Citation } from '../model/annotations.js';
import type { StoryArticleText } from '../store/store.js';
import { publishedSortKey } from '../text/dates.js';
import { wordTokens } from '../text/tokens.js';
import { articleLabel } from './article-label.js';

/**
 * Where each article of a story says its information comes from: the primary sources it cites
 * (outlets and agencies, named people and organisations on the record, anonymous sourcing kept as
 * such), drawn as outlet → source; articles citing another outlet of the same story marked as its
 * follow-ups ("Al Mayadeen, citing NBC News"); and the sources several independent reports share.
 */

/**
 * Cues by which a named person or organisation gives the article information: saying, telling,
 * confirming, reporting. Other cues the analysis marks ("condemned", "criticized", "accused",
 * "expressed") make the name an actor in the news, not a source of it, so they are not counted.
 * Outlets count with any cue (they are cited for their reporting), anonymous sources likewise.
 */
const REPORTING_CUE = new RegExp(
  '^(?:' + [
    'sa(?:y|ys|id|ying)', 'tol[d]', 'tell(?:s|ing)?', 'stat(?:e|es|ed|ing)', 'according to', 'report(?:s|ed|ing)?', 'confirm(?:s|ed|ing)?',
    'announc(?:e|es|ed|ing)', 'quot(?:e|es|ed|ing)', 'wr(?:ote|ites|iting|itten)', 'explain(?:s|ed|ing)?', 'add(?:s|ed|ing)',
    'not(?:e|es|ed|ing)', 'continu(?:e|es|ed|ing)', 'source:?', 'cit(?:e|es|ed|ing)', 'reveal(?:s|ed|ing)?', 'disclos(?:e|es|ed|ing)',
    'brief(?:s|ed|ing)?', 'inform(?:s|ed|ing)?', 'repl(?:y|ies|ied|ying)', 'answer(?:s|ed|ing)?', 'insist(?:s|ed|ing)?', 'warn(?:s|ed|ing)?',
    'argu(?:e|es|ed|ing)', 'claim(?:s|ed|ing)?', 'estimat(?:e|es|ed|ing)', 'testif(?:y|ies|ied|ying)', 'acknowledg(?:e|es|ed|ing)',
    'admit(?:s|ted|ting)?', 'predict(?:s|ed|ing)?', 'publish(?:es|ed|ing)?', 'show(?:s|ed|n|ing)?', 'found', 'find(?:s|ing)?',
    'releas(?:e|es|ed|ing)', 'issu(?:e|es|ed|ing)',
  ].join('|') + ')$',
  'i',
);
/**
 * Head nouns of documents an article can be held to ("the Pentagon report", "a USA Today/Gallup
 * poll"): cited with any cue, like outlets, when the phrase carries a name.
 */
const DOCUMENT = /\b(?:report|poll|survey|study|data|memo|letter|document|filing|statement|analysis|audit|census|ruling|indictment|transcript|records?|figures)$/i;
/** A phrase names someone when a word after its first is capitalised ("The Obama administration", not "Officials"). */
const CARRIES_NAME = /\s[\p{Lu}\d]/u;

/** Words left out when comparing outlet names: "The Washington Post" is "Washington Post". */
const NAME_NOISE = new Set(['the']);
/** A name squashed to letters must be this long to match a domain's start ("nbc" → nbcnews.com). */
const MIN_SQUASHED_PREFIX = 3;

export type SourceKind = 'outlet' | 'person' | 'organisation' | 'document' | 'anonymous';

export interface CitedSource {
  /** The source's name (outlets merged across spellings, people under the corpus's name); anonymous ones as written. */
  name: string;
  kind: SourceKind;
  /** How the article names it, each way once ("The network", "NBC News"). */
  asWritten: string[];
  /** The cues it is cited with ("reported", "according to", "Source:"). */
  cues: string[];
  mentions: number;
}

export interface FollowUp {
  articleId: string;
  outlet: string;
  /** The outlet of this story it cites, and that outlet's articles here it follows. */
  cites: string;
  of: string[];
}

export interface ArticleSources {
  articleId: string;
  outlet: string;
  /** Set for a copy: its sources are its original's. */
  copyOf: string | null;
  /** Outlets, agencies, named documents, and people and organisations on the record. */
  named: CitedSource[];
  /** Anonymous sourcing ("sources familiar with the talks"), kept as such. */
  anonymous: CitedSource[];
}

/** Outlet → source, over all the story's articles from that outlet. */
export interface SourceEdge {
  outlet: string;
  source: string;
  kind: SourceKind;
  articleIds: string[];
}

/** A source that more than one independent report cites (a copy counts with its original). */
export interface SharedSource {
  name: string;
  kind: SourceKind;
  /** The independent reports (originals) citing it, directly or through a copy. */
  articleIds: string[];
  outlets: string[];
}

export interface StorySources {
  articles: ArticleSources[];
  edges: SourceEdge[];
  followUps: FollowUp[];
  shared: SharedSource[];
}

/** Lower-case words of a name without "the". */
function nameWords(name: string): string[] {
  return wordTokens(name.replace(/['’]s\b/g, '')).filter((w) => !NAME_NOISE.has(w));
}

/** One name's words at the start or the end of the other's: "NBC" ~ "NBC News", "Channel 12" ~ "Israeli Channel 12". */
function wordsOverlapAtEdge(a: string[], b: string[]): boolean {
  const [short, long] = a.length <= b.length ? [a, b] : [b, a];
  if (short.length === 0) return false;
  const at = (offset: number): boolean => short.every((w, i) => long[offset + i] === w);
  return at(0) || at(long.length - short.length);
}

/** Whether a cited outlet name names the outlet of an article (its name or its domain). */
export function namesOutlet(cited: string, outlet: { name: string | null; domain: string | null }): boolean {
  const words = nameWords(cited);
  if (words.length === 0) return false;
  if (outlet.name && wordsOverlapAtEdge(words, nameWords(outlet.name))) return true;
  const squashed = words.join('');
  const host = outlet.domain?.toLowerCase().split('.')[0];
  return Boolean(host && squashed.length >= MIN_SQUASHED_PREFIX && host.startsWith(squashed));
}

/**
 * One name per outlet across the story: a name whose words begin or end another's is merged
 * into it, the fullest spelling kept ("NBC" and "NBC News" → "NBC News"), unless it fits several.
 */
function outletNames(names: readonly string[]): Map<string, string> {
  const distinct = [...new Set(names)].sort((a, b) => nameWords(b).length - nameWords(a).length || b.length - a.length);
  const canonical = new Map<string, string>();
  for (const name of distinct) {
    const words = nameWords(name);
    const fits = [...new Set(canonical.values())].filter((c) => wordsOverlapAtEdge(words, nameWords(c)));
    canonical.set(name, fits.length === 1 ? fits[0]! : name);
  }
  return canonical;
}

/** A citation as a primary source of the article, or null when it names no source (an actor, a pronoun left unresolved, a phrase). */
function sourceOf(c: Citation, people: ReadonlySet<string>): { name: string; kind: SourceKind } | null {
  const reporting = REPORTING_CUE.test(c.cue.trim());
  switch (c.kind) {
    case 'outlet':
      return { name: c.source, kind: 'outlet' };
    case 'anonymous':
      return { name: c.sourceText || c.source, kind: 'anonymous' };
    case 'person':
    case 'organisation':
      return reporting ? { name: c.source, kind: c.kind } : null;
    case 'pronoun':
    case 'other': {
      // "He said", "the Chief of Staff replied": counted when the analysis resolved it to a person the article names.
      if (people.has(c.source)) return reporting ? { name: c.source, kind: 'person' } : null;
      if (c.kind === 'pronoun' || !CARRIES_NAME.test(c.sourceText.trim())) return null;
      // A named phrase the analysis could not type: a document, or a body speaking ("The Obama administration released").
      if (DOCUMENT.test(c.sourceText.trim())) return { name: c.sourceText.trim().replace(/^(?:the|a|an)\s+/i, ''), kind: 'document' };
      return reporting ? { name: c.source.replace(/^(?:the|a|an)\s+/i, ''), kind: 'organisation' } : null;
    }
  }
}

/** The root original of each article of the story (itself when it is not a copy of one here). */
export function originalsOf(articles: readonly StoryArticleText[]): Map<string, string> {
  const ids = new Set(articles.map((a) => a.id));
  return new Map(articles.map((a) => [a.id, a.copyOf && ids.has(a.copyOf) ? a.copyOf : a.id]));
}

export function storySources(articles: readonly StoryArticleText[], personAliases: Readonly<Record<string, string>> = {}): StorySources {
  const person = (name: string): string => personAliases[name] ?? name;
  const outletCited = articles.flatMap((a) => [
    ...(a.annotations?.citations ?? []).filter((c) => c.kind === 'outlet').map((c) => c.source),
    ...a.citedSources.map((s) => s.name),
  ]);
  const outletName = outletNames(outletCited);
  const original = originalsOf(articles);

  const perArticle: ArticleSources[] = articles.map((a) => {
    const people = new Set((a.annotations?.entities ?? []).filter((e) => e.type === 'person').map((e) => e.canonical));
    const own = { name: a.outlet, domain: a.outletDomain };
    const found = new Map<string, CitedSource>();
    const add = (name: string, kind: SourceKind, asWritten: string, cue: string): void => {
      // An outlet citing itself ("Al Mayadeen's correspondent") names no source beyond itself.
      if (kind === 'outlet' && namesOutlet(name, own)) return;
      const key = `${kind}\u0000${kind === 'anonymous' ? name.toLowerCase() : name}`;
      const entry = found.get(key) ?? { name, kind, asWritten: [], cues: [], mentions: 0 };
      if (!entry.asWritten.includes(asWritten)) entry.asWritten.push(asWritten);
      if (!entry.cues.includes(cue)) entry.cues.push(cue);
      entry.mentions++;
      found.set(key, entry);
    };
    for (const s of a.citedSources) add(outletName.get(s.name) ?? s.name, 'outlet', s.line, 'Source:');
    for (const c of a.annotations?.citations ?? []) {
      const source = sourceOf(c, people);
      if (!source) continue;
      const name = source.kind === 'outlet' ? outletName.get(source.name) ?? source.name : source.kind === 'person' ? person(source.name) : source.name;
      add(name, source.kind, c.sourceText, c.cue);
    }
    const all = mergeAnonymous([...found.values()]).sort((x, y) => y.mentions - x.mentions || x.name.localeCompare(y.name));
    return {
      articleId: a.id,
      outlet: articleLabel(a),
      copyOf: original.get(a.id) === a.id ? null : original.get(a.id)!,
      named: all.filter((s) => s.kind !== 'anonymous'),
      anonymous: all.filter((s) => s.kind === 'anonymous'),
    };
  });

  return { articles: perArticle, edges: edgesOf(perArticle), followUps: followUpsOf(articles, perArticle), shared: sharedOf(perArticle) };
}

/** Anonymous sources whose wording begins with another's are that one ("Sources within the administration indicate that…"). */
function mergeAnonymous(sources: CitedSource[]): CitedSource[] {
  const anonymous = sources.filter((s) => s.kind === 'anonymous').sort((a, b) => a.name.length - b.name.length);
  const kept: CitedSource[] = [];
  for (const s of anonymous) {
    const into = kept.find((k) => s.name.toLowerCase().startsWith(`${k.name.toLowerCase()} `));
    if (!into) {
      kept.push(s);
      continue;
    }
    into.mentions += s.mentions;
    for (const c of s.cues) if (!into.cues.includes(c)) into.cues.push(c);
  }
  return [...sources.filter((s) => s.kind !== 'anonymous'), ...kept];
}

function edgesOf(perArticle: readonly ArticleSources[]): SourceEdge[] {
  const edges = new Map<string, SourceEdge>();
  for (const a of perArticle) {
    for (const s of [...a.named, ...a.anonymous]) {
      const key = `${a.outlet}\u0000${s.kind}\u0000${s.name}`;
      const edge = edges.get(key) ?? { outlet: a.outlet, source: s.name, kind: s.kind, articleIds: [] };
      edge.articleIds.push(a.articleId);
      edges.set(key, edge);
    }
  }
  return [...edges.values()];
}

/** Articles citing an outlet that has its own article in this story, not later than theirs. */
function followUpsOf(articles: readonly StoryArticleText[], perArticle: readonly ArticleSources[]): FollowUp[] {
  const time = (a: StoryArticleText): number | null => (a.publication ? publishedSortKey(a.publication) : null);
  const out: FollowUp[] = [];
  perArticle.forEach((sources, i) => {
    const article = articles[i]!;
    for (const s of sources.named) {
      if (s.kind !== 'outlet') continue;
      const of = articles.filter((b) => {
        if (b.id === article.id || articleLabel(b) === sources.outlet) return false;
        if (!namesOutlet(s.name, { name: b.outlet, domain: b.outletDomain })) return false;
        const [tb, ta] = [time(b), time(article)];
        return tb === null || ta === null || tb <= ta;
      });
      if (of.length) out.push({ articleId: article.id, outlet: sources.outlet, cites: articleLabel(of[0]!), of: of.map((b) => b.id) });
    }
  });
  return out;
}

const KIND_ORDER: Record<SourceKind, number> = { outlet: 0, document: 1, organisation: 2, person: 3, anonymous: 4 };

function sharedOf(perArticle: readonly ArticleSources[]): SharedSource[] {
  const byOriginal = new Map<string, ArticleSources>();
  for (const a of perArticle) if (!a.copyOf) byOriginal.set(a.articleId, a);
  const shared = new Map<string, SharedSource>();
  for (const a of perArticle) {
    const root = a.copyOf ?? a.articleId;
    for (const s of a.named) {
      const key = `${s.kind}\u0000${s.name}`;
      const entry = shared.get(key) ?? { name: s.name, kind: s.kind, articleIds: [], outlets: [] };
      if (!entry.articleIds.includes(root)) entry.articleIds.push(root);
      const outlet = byOriginal.get(root)?.outlet ?? a.outlet;
      if (!entry.outlets.includes(outlet)) entry.outlets.push(outlet);
      shared.set(key, entry);
    }
  }
  return [...shared.values()]
    .filter((s) => s.articleIds.length > 1)
    .sort((x, y) => y.articleIds.length - x.articleIds.length || KIND_ORDER[x.kind] - KIND_ORDER[y.kind] || x.name.localeCompare(y.name));
}
