import type { Block } from '../../model/article.js';
import { words } from '../../text/tokens.js';

/**
 * Short lines that a container-level extraction keeps with the content but that are page
 * furniture, not article text: a date or "updated" line on its own, a reading-time note, a photo
 * credit or figure caption, a "Read also: …" pointer to another article and the list of links a
 * "Read more:" line heads, a call to subscribe or follow, a heading whose section the clean-up
 * emptied, a "Print" / "No comments" line at the end.
 */

/** Only paragraphs this short can be furniture lines. */
const MAX_STRAY_LINE_LENGTH = 60;
/** Lines at the end of the body shorter than this, not ending a sentence, are furniture. */
const MAX_TRAILING_LINE_LENGTH = 80;
const SENTENCE_END = /[.!?…。！？]["'”’»)]?$/;
/** A date in figures (23.10.2018, 2021-10-16, 10/16/2021) or a year. */
const DATE_FIGURES = /\b\d{1,4}[./-]\d{1,2}[./-]\d{2,4}\b|\b(?:19|20)\d{2}\b/;
/** At most this many words besides the date's own (month name, "Updated:", "Published"). */
const MAX_WORDS_BESIDE_DATE = 3;
/** "4 min read", "Lesezeit: 3 Minuten", "Reading time: 5 minutes". */
const READING_TIME = /^(?:(?:reading time|lesezeit|temps de lecture)\s*:?\s*)?\d+\s*(?:min(?:ute)?n?s?\.?)(?:\s*(?:read|lesezeit|de lecture))?$/i;
/** "Photo: …", "Bild: …", "© …", "(© …)", "Credit: …". */
const PHOTO_CREDIT = /^\(?\s*(?:©|\(c\)|(?:photo|foto|bild|image|credit|crédit|fotos|photos)\s*:)/i;
/** Figure captions set as paragraphs: "Abbildung 4: …", "Titelbild: …", "Beitragsbild: …", "Figure 2. …". */
const FIGURE_CAPTION = /^(?:abbildung|abb\.|titelbild|beitragsbild|headerbild|aufmacherbild|vorschaubild|symbolbild|bildquelle|fotoquelle|figure|fig\.|illustration|grafik|imagen|ilustración|zdjęcie|fot\.)\s*\d*\s*[:.]\s/i;
/** Captions and pointers are at most this long; longer lines are prose that happens to start so. */
const MAX_POINTER_LENGTH = 300;
/**
 * A pointer to another article or a call to action at the head of a line: "Read more: …", "Lesen
 * Sie auch", "Lea también", "Czytaj też", "À lire aussi", "Subscribe now", "Follow us on …".
 * Multilingual because the pages are.
 */
const POINTER = new RegExp(`^(?:${[
  'read (?:more|also|next)', 'see also', 'related(?: coverage| articles?| stories| posts?| content)?\\s*:?$', 'more on this(?: story| topic)?',
  'lesen sie (?:auch|hier|mehr|dazu)', 'lesen sie jetzt', 'auch (?:lesen|interessant)', 'siehe auch', 'mehr zum thema', 'zum weiterlesen', 'weiterlesen\\s*:', 'schon gelesen',
  'das könnte (?:sie|dich) auch interessieren', 'passend dazu', 'lies auch', 'empfehlungen der redaktion',
  'lea (?:también|más)', 'le puede interesar', 'te puede interesar', 'vea también', 'puedes ver', 'mira también', 'también te puede interesar', 'lee también',
  'à lire (?:aussi|également)', 'lire aussi', 'voir aussi', 'leggi anche', 'potrebbe interessarti', 'leia (?:também|mais)',
  'czytaj (?:też|także|również|więcej)', 'zobacz (?:też|także|również)', 'dowiedz się więcej', 'polecamy',
  'subscribe (?:now|today|to)', 'sign up (?:for|to) (?:our|the)', 'never miss', 'follow (?:us|the \\S+ on|@)', 'jetzt abonnieren', 'abonnieren sie',
  'get the latest', 'for the latest (?:news|stories|updates)', 'to (?:view|read) the full (?:story|article)', 'werden sie mitglied', 'submit (?:your|a) letter',
  // What a blog prints under a post: where it was filed, when, and its rating widget.
  'this entry was posted', 'posted in', 'filed under', 'veröffentlicht in', 'der beitrag wurde am', 'dieser beitrag wurde', '\\(?noch keine bewertung(?:en)?\\)?',
].join('|')})(?=$|[\\s:.,;!?»…–—-])`, 'i');
/**
 * A short line that opens what follows an article — an author box, comments, more articles, a
 * newsletter box, the press office's contacts — set as a heading or a paragraph of its own:
 * it and everything after it go.
 */
const TAIL_MARKER = new RegExp(`^(?:${[
  'about the authors?', 'über (?:den|die) autor(?:in|en)?', 'zu(?:m|r) autor(?:in)?', 'die autor(?:in|en)', 'à propos de l.auteur', 'sobre (?:el|la) autora?', 'o autorze',
  '(?:\\d+ )?(?:comments?|kommentare?|commentaires?|comentarios?|komentarze?)', 'leave a (?:comment|reply)', 'schreibe einen kommentar', 'kommentar (?:verfassen|schreiben|hinzufügen)', 'deine meinung',
  '(?:related|more|recommended|similar|latest) (?:articles?|posts?|stories|news|reading)', 'you (?:may|might) also like', 'more from', 'vorschau auf den nächsten artikel',
  'weitere (?:artikel|beiträge|themen|nachrichten|news|meldungen)', 'ähnliche (?:artikel|beiträge)', 'aktuellste beiträge', 'neueste beiträge', 'entdecke weitere', 'das könnte (?:dich|sie) auch interessieren',
  'newsletter', 'melde dich (?:jetzt )?(?:zum|für den) newsletter', 'share this(?: article| story| post)?', 'diese?n? (?:artikel|beitrag) teilen', 'möchten sie den artikel teilen',
  'pressekontakt', 'medienkontakt', 'kontakt\\s*:', 'contact\\s*:', 'media contact', 'zusatzinformationen', 'weitere informationen\\s*:', 'quellen(?:angaben)?\\s*:?',
].join('|')})\\s*[:?!.]?\\s*$`, 'i');
/** A tail marker counts only after this share of the body's text (before it, it heads a section of the article). */
const TAIL_MIN_SHARE = 0.5;
/** A pointer line that heads a list ("Read more:", "Lesen Sie auch die folgenden Beiträge:"): the links after it go with it. */
const POINTER_HEADING = /[:?»]\s*$/;

function isPointerOrCaption(text: string): boolean {
  return text.length <= MAX_POINTER_LENGTH && (FIGURE_CAPTION.test(text) || POINTER.test(text));
}

function isStrayLine(text: string): boolean {
  if (isPointerOrCaption(text)) return true;
  if (text.length > MAX_STRAY_LINE_LENGTH) return false;
  if (READING_TIME.test(text) || PHOTO_CREDIT.test(text)) return true;
  if (!DATE_FIGURES.test(text)) return false;
  return words(text).filter((w) => !/\d/.test(w)).length <= MAX_WORDS_BESIDE_DATE;
}

/**
 * `blocks` without the furniture lines among their paragraphs, and without orphan headings: a
 * heading with nothing under it before the next heading or the end headed a link list or a box the
 * clean-up removed ("Related coverage", "About the author").
 */
export function dropStrayLines(blocks: readonly Block[]): Block[] {
  // Headings and quotes can be pointers too ("Read more:" set as a heading); dates and credits are judged on paragraphs only.
  const lines = withoutPointerLists(blocks).filter((block) => block.kind === 'list-item' || !(block.kind === 'paragraph' ? isStrayLine(block.text) : isPointerOrCaption(block.text)));
  // Headings alone (a page of headed images) are all the text there is: they stay.
  if (lines.every((block) => block.kind === 'heading')) return lines;
  const kept = lines.filter((block, i) => block.kind !== 'heading' || (lines[i + 1] !== undefined && lines[i + 1]?.kind !== 'heading'));
  // Short lines without a sentence's end after the last paragraph are the page's ("PDF", "No comments", a credit).
  let end = kept.length;
  while (end > 1 && isTrailingFurniture(kept[end - 1] as Block)) end--;
  // Then the tail a marker opens; the lines just before the marker are the article's last ones.
  end = Math.min(end, tailStart(kept));
  return end === kept.length ? kept : kept.slice(0, end);
}

/** Where the tail after the article begins (a TAIL_MARKER line past TAIL_MIN_SHARE of the text), or the length. */
function tailStart(blocks: readonly Block[]): number {
  let total = 0;
  for (const block of blocks) total += block.text.length;
  let before = 0;
  for (let i = 0; i < blocks.length; i++) {
    const block = blocks[i] as Block;
    if (i > 0 && before >= total * TAIL_MIN_SHARE && block.kind !== 'list-item' && block.text.length <= MAX_STRAY_LINE_LENGTH && TAIL_MARKER.test(block.text)) return i;
    before += block.text.length;
  }
  return blocks.length;
}

/** `blocks` without the list items that follow a "Read more:" line (the line itself goes as a stray line). */
function withoutPointerLists(blocks: readonly Block[]): readonly Block[] {
  let skipping = false;
  const kept: Block[] = [];
  for (const block of blocks) {
    if (skipping && block.kind === 'list-item') continue;
    skipping = block.kind !== 'list-item' && block.text.length <= MAX_STRAY_LINE_LENGTH && POINTER.test(block.text) && POINTER_HEADING.test(block.text);
    kept.push(block);
  }
  return kept.length === blocks.length ? blocks : kept;
}

function isTrailingFurniture(block: Block): boolean {
  if (block.kind === 'list-item') return false;
  return block.text.length < MAX_TRAILING_LINE_LENGTH && !SENTENCE_END.test(block.text);
}
