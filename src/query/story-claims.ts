import type { StoryArticleText } from '../store/store.js';
import { articleLabel } from './article-label.js';
import { alignClaims, type ClaimAlignment } from './claim-alignment.js';
import { distinctiveWording, type OutletWording } from './distinctive-wording.js';
import type { ClaimCorroboration } from './story-flags.js';
import type { SourceKind, StorySources } from './story-sources.js';

/**
 * The claims and wording sections of a story report, composed from their modules over the
 * story's articles as the store gives them: claims aligned across outlets (claim-alignment.ts),
 * with copies and articles relaying one primary source counted as one report, and from them how
 * far each article is corroborated; and each outlet's distinctive wording (distinctive-wording.ts).
 */

/**
 * Sources whose citing makes two reports one: an outlet's reporting or a document that others
 * relay. Not people or organisations: outlets quoting the same minister or police force each
 * heard them, and counting those as one report joined (transitively) every report of most
 * multi-outlet stories of the demo corpus into one.
 */
const RELAYED_KINDS: ReadonlySet<SourceKind> = new Set(['outlet', 'document']);
/** Example sentences kept per uncorroborated article. */
const CORROBORATION_EXAMPLES = 1;

/** Each outlet's distinctive words for the story (outlets with at least one article that is no copy). */
export type StoryWording = OutletWording[];

export interface StoryClaims {
  section: ClaimAlignment;
  /**
   * Per independent article: how many of its claims another outlet's independent report carries
   * (articles whose language no other outlet of the story writes in are left out).
   */
  corroboration: ClaimCorroboration[];
}

/**
 * The outlet each article is counted under in claims and wording: its label, except that an
 * article of unknown outlet whose copies (or original) all name one outlet is counted under that
 * outlet — the same text found at a known outlet, most likely two captures of one page. Without
 * this a copy would stand as a second outlet carrying every claim of its original.
 */
export function reportOutlets(articles: readonly StoryArticleText[]): Map<string, string> {
  const ids = new Set(articles.map((a) => a.id));
  const groupOf = (a: StoryArticleText): string => (a.copyOf && ids.has(a.copyOf) ? a.copyOf : a.id);
  const known = new Map<string, Set<string>>();
  for (const a of articles) {
    const name = a.outlet ?? a.outletDomain;
    if (name) known.set(groupOf(a), (known.get(groupOf(a)) ?? new Set()).add(name));
  }
  return new Map(articles.map((a) => {
    const names = known.get(groupOf(a));
    const adopted = !a.outlet && !a.outletDomain && names?.size === 1 ? [...names][0]! : null;
    return [a.id, adopted ?? articleLabel(a)];
  }));
}

/**
 * Claims of the story. Each article is known by its outlet, its copy link, and the outlets and
 * documents the sources section found it citing (a copy's are its original's): two outlets
 * relaying one source are one report of it, not two.
 */
export function storyClaims(articles: readonly StoryArticleText[], sources: StorySources, outletOf = reportOutlets(articles)): StoryClaims {
  const sourcesOf = new Map(sources.articles.map((s) => [s.articleId, s]));
  const copyOf = new Map(articles.map((a) => [a.id, a.copyOf]));
  const named = (id: string): string[] => {
    const s = sourcesOf.get(id);
    const own = s?.copyOf ? sourcesOf.get(s.copyOf) ?? s : s;
    return (own?.named ?? []).filter((n) => RELAYED_KINDS.has(n.kind)).map((n) => n.name);
  };
  const section = alignClaims(articles.map((a) => ({
    id: a.id, outlet: outletOf.get(a.id)!, text: a.text, copyOf: a.copyOf, citedSources: named(a.id), language: a.language,
  })));
  // The alignment compares words: an article alone in its language among several outlets cannot
  // be matched, so whether it is corroborated is not judged (a story of one outlet is judged: it has none).
  const languages = (outlet: string): (string | null)[] => articles.filter((b) => outletOf.get(b.id) !== outlet).map((b) => b.language);
  const comparable = (a: StoryArticleText): boolean => {
    const others = languages(outletOf.get(a.id)!);
    return others.length === 0 || a.language === null || others.some((l) => l === null || l === a.language);
  };
  const corroboration = articles.filter((a) => !a.copyOf && comparable(a)).map((a): ClaimCorroboration => {
    const own = section.claims.filter((c) => c.articleIds.includes(a.id));
    const elsewhere = own.filter((c) => c.articleIds.some((id) => outletOf.get(id) !== outletOf.get(a.id)));
    // Corroborated: another outlet carries it and the claim stands on more than one independent report.
    const corroborated = elsewhere.filter((c) => c.independentReports > 1);
    // What joins the other outlets' reports to this one: sources cited by both (its own copies aside:
    // they share its sources by definition, and the flag says "copies" for them).
    const mine = new Set(named(a.id));
    const relaying = (id: string): boolean => outletOf.get(id) !== outletOf.get(a.id) && copyOf.get(id) !== a.id;
    const relayed = [...new Set(elsewhere.flatMap((c) => c.articleIds.filter(relaying).flatMap(named)))].filter((n) => mine.has(n));
    const sentencesOf = (c: (typeof own)[number]): string => c.sentences.find((s) => s.articleId === a.id)!.text;
    return {
      articleId: a.id,
      claims: own.length,
      corroborated: corroborated.length,
      carriedElsewhere: elsewhere.length,
      sharedSources: corroborated.length ? [] : relayed,
      // Claims others carry (showing the relay) before those only it carries, widely carried first.
      examples: [...elsewhere, ...own.filter((c) => !elsewhere.includes(c))].slice(0, CORROBORATION_EXAMPLES).map(sentencesOf),
    };
  });
  return { section, corroboration };
}

/** Each outlet's distinctive wording; copies are left out, so an outlet of copies only is not listed. */
export function storyWording(articles: readonly StoryArticleText[], outletOf = reportOutlets(articles)): StoryWording {
  return distinctiveWording(articles.map((a) => ({ id: a.id, outlet: outletOf.get(a.id)!, text: a.text, copyOf: a.copyOf, language: a.language })));
}
