/** Closed-class English words the phrase rules need. Lower-case. */

/** Capitalised at a sentence start but never part of a name. */
export const SENTENCE_STARTERS: ReadonlySet<string> = new Set(
  ('but and or so yet then here there now also still however meanwhile moreover furthermore instead indeed thus hence later earlier ' +
    'when while as after before since until if though although because once where whether why how what who which that this these those ' +
    'it its he she they we i you his her their our my your in on at by for from with without to of into over under about against during ' +
    'a an the some many most all each every no not one two another other such more less only even just yes no asked speaking according ' +
    'last next first finally today yesterday tomorrow recently previously separately additionally currently notably similarly likewise ' +
    'asked told said says mr mrs ms dr read having following commenting according speaking meanwhile results standings').split(' '),
);

/** Capitalised but not names in the CoNLL sense: months and days. */
export const CALENDAR_WORDS: ReadonlySet<string> = new Set(
  'january february march april may june july august september october november december monday tuesday wednesday thursday friday saturday sunday jan feb mar apr jun jul aug sep sept oct nov dec mon tue wed thu fri sat sun'.split(' '),
);

/** Adverbs that may stand between a subject and its verb ("X also said", "X later told"). */
export const VERB_ADVERBS: ReadonlySet<string> = new Set(
  'also later then previously recently reportedly quickly further simply again once repeatedly had has have has had would will was is were did does had reportedly allegedly publicly privately separately earlier first last never often frequently openly angrily flatly bluntly reportedly once subsequently then itself himself herself themselves'.split(' '),
);

/** Words that end a description phrase when walking back from its head noun. */
export const PHRASE_BREAKERS: ReadonlySet<string> = new Set(
  ('and or but that which who whom whose when where while as if because than then so to in on at by for from with into onto about after before since ' +
    'is are was were be been being has have had do does did will would can could should may might must not no also said says say told tells ' +
    'it he she they we i you him her them us me this these those there here what how why says, according').split(' '),
);

/** Titles and roles written before a name ("Secretary of State Antony Blinken"). */
export const TITLE_WORDS: ReadonlySet<string> = new Set(
  ('president vice prime minister ministers secretary secretaries state defense defence foreign finance interior justice security chief chiefs staff general gen lt col ' +
    'lieutenant colonel major maj captain capt sergeant sgt admiral adm commander gov governor sen senator rep representative congressman congresswoman ' +
    'speaker leader leaders majority minority mayor ambassador envoy special spokesman spokeswoman spokesperson deputy assistant attorney judge justice ' +
    'former acting senior top mr mrs ms dr prof professor rev reverend king queen prince princess sheikh emir sultan pope cardinal bishop ' +
    'chancellor premier chairman chairwoman chair director executive ceo founder coach manager striker midfielder defender goalkeeper ' +
    'candidate nominee democratic republican democrat gop sir lord lady dame saint ' +
    'israeli american u.s us british french german russian chinese iranian palestinian egyptian ukrainian israel\'s').split(' '),
);
