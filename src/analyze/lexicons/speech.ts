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
