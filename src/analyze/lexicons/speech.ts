/**
 * Words of attribution in English news: the verbs that introduce what someone said or reported,
 * the pronouns and role nouns that stand for a speaker, and the phrases of anonymous sourcing.
 * Lower-case; matched against lower-cased words.
 */

/** Verbs (all inflections listed) that attribute words or information to a source. */
export const SPEECH_VERBS: ReadonlySet<string> = new Set(
  [
    'say says said saying',
    'tell tells told telling',
    'add adds added adding',
    'ask asks asked asking',
    'write writes wrote writing written',
    'reply replies replied replying',
    'answer answers answered answering',
    'continue continues continued continuing',
    'explain explains explained explaining',
    'note notes noted noting',
    'state states stated stating',
    'declare declares declared declaring',
    'insist insists insisted insisting',
    'argue argues argued arguing',
    'warn warns warned warning',
    'claim claims claimed claiming',
    'report reports reported reporting',
    'tweet tweets tweeted tweeting',
    'post posts posted',
    'recall recalls recalled recalling',
    'acknowledge acknowledges acknowledged acknowledging',
    'concede concedes conceded conceding',
    'respond responds responded responding',
    'remark remarks remarked remarking',
    'cautioned',
    'predict predicts predicted predicting',
    'announce announces announced announcing',
    'complain complains complained complaining',
    'joke jokes joked joking',
    'observe observes observed observing',
    'suggest suggests suggested suggesting',
    'admit admits admitted admitting',
    'stress stresses stressed stressing',
    'emphasize emphasizes emphasized emphasizing emphasise emphasises emphasised',
    'quip quips quipped',
    'confirm confirms confirmed confirming',
    'deny denies denied denying',
    'reveal reveals revealed revealing',
    'disclose discloses disclosed',
    'indicate indicates indicated indicating',
    'assert asserts asserted asserting',
    'contend contends contended',
    'maintain maintains maintained',
    'charge charges charged',
    'allege alleges alleged',
    'testify testifies testified',
    'promise promises promised promising',
    'vow vows vowed vowing',
    'pledge pledges pledged',
    'shout shouts shouted',
    'yell yells yelled',
    'exclaim exclaims exclaimed',
    'mention mentions mentioned mentioning',
    'describe describes described describing',
    'call calls called calling',
    'boast boasts boasted',
    'lament laments lamented',
    'conclude concludes concluded',
    'counter counters countered',
    'retort retorts retorted',
    'urge urges urged urging',
    'demand demands demanded',
    'insist insists insisted',
    'inform informs informed',
    'assure assures assured',
    'agree agrees agreed',
    'recount recounts recounted',
    'concur concurs concurred',
    'reiterate reiterates reiterated',
    'learn learns learned learnt',
    'chant chants chanted',
    'read reads',
    'begin begins began',
    'opine opines opined',
    'blast blasts blasted',
    'slam slams slammed',
    'mock mocks mocked',
    'whisper whispers whispered',
    'interject interjects interjected',
    'proclaim proclaims proclaimed',
    'hint hints hinted',
    'speculate speculates speculated',
    'estimate estimates estimated',
    'believe believes believed',
    'think thinks thought',
    'feel feels felt',
    'know knows knew',
    'find finds found',
    'show shows showed',
    'accuse accuses accused',
    'criticize criticizes criticized criticise criticised',
    'praise praises praised',
    'tout touts touted',
    'echo echoes echoed',
    'chime chimes chimed',
    'interrupt interrupts interrupted',
    'muse muses mused',
    'sigh sighs sighed',
    'scoff scoffs scoffed',
    'snap snaps snapped',
    'fume fumes fumed',
    'plead pleads pleaded',
  ]
    .join(' ')
    .split(' '),
);

/**
 * Cues that can introduce a direct quote. Verbs of belief ("think", "believe") attribute
 * information but do not introduce a quotation.
 */
export const QUOTE_VERBS: ReadonlySet<string> = new Set(
  [...SPEECH_VERBS].filter((v) => !/^(believe|think|thought|feel|felt|know|knew|find|found|show|learn|estimate|speculat|agree|accuse|criticiz|criticis|prais|tout)/.test(v)),
);

/** Forms that attach to a preceding clause ("…, saying"): the speaker is that clause's subject. */
export const PARTICIPLE_CUES: ReadonlySet<string> = new Set(
  [...SPEECH_VERBS].filter((v) => v.endsWith('ing')),
);

/** Verbs whose subject is an outlet publishing information rather than a person speaking. */
export const REPORTING_VERBS: ReadonlySet<string> = new Set(['report', 'reports', 'reported', 'reporting', 'learned', 'learnt', 'revealed', 'reveals', 'wrote', 'writes', 'published']);

export const PERSONAL_PRONOUNS: ReadonlySet<string> = new Set(['he', 'she', 'they', 'i', 'we', 'you', 'him', 'her', 'them', 'it']);

/** Words that may appear inside a speaker description ("a senior administration official"). */
export const DETERMINERS: ReadonlySet<string> = new Set([
  'the', 'a', 'an', 'another', 'one', 'two', 'three', 'several', 'some', 'many', 'multiple', 'other', 'his', 'her', 'their', 'its', 'our', 'this', 'that', 'these', 'those', 'both', 'most', 'few', 'numerous', 'various',
]);

/** Head nouns of a speaker description; the role may stand for a person named before it. */
export const ROLE_NOUNS: ReadonlySet<string> = new Set(
  [
    'official officials source sources spokesman spokeswoman spokesperson spokespeople aide aides adviser advisers advisor advisors',
    'president minister secretary senator congressman congresswoman representative governor mayor ambassador diplomat diplomats',
    'officer officers general commander chief leader leaders candidate nominee director chairman chairwoman chair head',
    'analyst analysts expert experts researcher researchers professor economist economists lawyer lawyers attorney',
    'statement report reports document documents letter memo survey poll study data',
    'correspondent reporter reporters journalist journalists broadcaster network newspaper agency outlet paper channel',
    'campaign administration government ministry department office committee army military police',
    'people person residents resident witness witnesses voters critics supporters observers member members',
    'democrat democrats republican republicans activist activists insiders insider operative operatives strategist strategists',
    'prosecutor prosecutors judge investigators investigator authorities officer manager ceo founder executive executives',
    'staff staffer staffers negotiator negotiators envoy spokesmen',
    'percent majority plurality respondents americans polls surveys',
  ]
    .join(' ')
    .split(' '),
);

/** Heads and modifiers that make a source anonymous when no name comes with them. */
export const ANONYMOUS_SOURCE = /\b(?:sources?|(?:an?|one|two|three|several|some|many|multiple|other|another)\s+(?:[\w-]+\s+){0,3}(?:officials?|aides?|insiders?|diplomats?|people|persons?)|officials?\s+(?:familiar|with\s+(?:direct\s+)?knowledge|who\s+(?:spoke|requested|asked|declined))|people\s+(?:familiar|with\s+(?:direct\s+)?knowledge)|(?:speaking|spoke)\s+on\s+(?:the\s+)?condition\s+of\s+anonymity|insiders?)\b/i;

/**
 * Heads of a description that can hold or voice a view — people, groups, institutions and the
 * documents that speak for them ("party leaders", "the city", "a Homeland Security memo"): the
 * heads of speaker and source descriptions. Role nouns are all included.
 */
export const AGENT_NOUNS: ReadonlySet<string> = new Set([
  ...ROLE_NOUNS,
  ...[
    'leader leaders lawmaker lawmakers legislator legislators politician politicians candidates nominees delegates delegate donors donor',
    'conservative conservatives liberal liberals progressive progressives moderates independents voter citizens citizen americans',
    'advocate advocates activist protesters protester demonstrators organizers organiser organisers organizer allies ally opponents opponent rival rivals',
    'critic backers backer fans followers friends friend family families parents parent mother father wife husband son daughter students student teachers teacher',
    'scientists scientist doctors doctor economists scholars scholar historians historian pollster pollsters consultant consultants lobbyists lobbyist',
    'man woman men women veterans veteran workers worker employees employee owners owner businessman businesswoman billionaire host hosts anchor',
    'group groups union unions organization organizations coalition association party parties company companies firm firms industry bank banks',
    'court courts panel board council commission agencies authority regulators lawsuit suit complaint filing ruling decision order',
    'country countries nation nations state city county governments administration campaigns team committee senate house congress',
    'study studies analysis poll polls survey surveys report reports statement statements letter letters memo email emails ad ads article piece editorial book',
    'record records data documents transcript video website site blog post tweet tweets message note footnote review investigation audit estimate figures numbers',
    'most many some few others everyone anyone nobody both half all',
    'crowd crowds audience audiences narrator announcer moderator moderators questioner panelist caller callers commenter commenters reader readers viewer viewers listener listeners',
    'headline headlines caption slogan sign signs banner banners chant chants voice voiceover spot commercial footage clip release speech remarks interview message messages',
    'protestors marchers attendees participants guests guest questioners senators representatives congressmen governors mayors judges justices officials administrators',
  ]
    .join(' ')
    .split(' '),
]);

/**
 * Verbs of stance, intention and action on a view: with a person, group or document as subject
 * they attribute a position ("Clinton has defended", "the union endorsed", "Ryan wants"). Word
 * stems, matched with an inflection ending (see isStanceVerb).
 */
const STANCE_STEMS: ReadonlySet<string> = new Set(
  ('accept accus acknowledg admit admitt agre aim announc apologi apologis apologiz appeal applaud approv argu ask assert attack attribut back believ blam blast ' +
    'call challeng charg cit comment compar conced concede conclud condemn confirm congratulat consider contest counter criticis criticiz ' +
    'decid declin deem defend defi demand demur deni denounc deny describ determin disagre disavow discuss dismiss disput doubt dub ' +
    'embrac emphasi encourag endors estimat expect express fear feel fil find found fram hail highlight hop impl insist intend issu ' +
    'knock label lobb maintain mention offer oppos order persuad plan pledg point post prais predict promis propos publish push question ' +
    'rail rall react rebut recommend refer referenc refus refut reject releas remind renew repeat repl request resist respond retweet rul ' +
    'saw see seek show sid signal singl slam sought sound speak spok stress su suggest support suspect talk testif thank think thought ' +
    'threaten tout tweet understand urg voic vot vow want warn weigh welcom wish worr writ wrote').split(' '),
);
/** Inflection endings after a stem ("defend|ed", "hop|ing", "criticiz|es"); doubled consonants included. */
const STANCE_ENDINGS = /^(?:|e|s|es|ed|d|ing|ies|ied|y|ted|ting|t|ts|ged|ging|ped|ping|med|ming|ned|ning|red|ring|led|ling)$/;
/** Longest stem, in letters. */
const MAX_STANCE_STEM = 13;

/** Whether `word` is a verb of stance (see STANCE_STEMS). */
export function isStanceVerb(word: string): boolean {
  const w = word.toLowerCase();
  if (w.startsWith('seem')) return false; // "seemed" is not "see" + "med"
  for (let n = Math.min(w.length, MAX_STANCE_STEM); n >= 2; n--) if (STANCE_STEMS.has(w.slice(0, n)) && STANCE_ENDINGS.test(w.slice(n))) return true;
  return false;
}

/** Adjectives after "is"/"was" that state a view ("Clinton is confident", "aides were worried"). */
export const STANCE_ADJECTIVES: ReadonlySet<string> = new Set(
  'confident concerned eager worried happy critical determined hopeful skeptical sceptical opposed optimistic pessimistic convinced sure certain adamant unconvinced supportive angry furious upset frustrated pleased proud disappointed reluctant unwilling willing ready open clear firm quick careful cautious wary dismissive'.split(' '),
);
