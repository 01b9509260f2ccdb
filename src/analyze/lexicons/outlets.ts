/**
 * News organisations and agencies by name, and the name patterns of outlets not listed
 * ("… News", "… Times", "Channel 12"). Used to mark cited sources that are outlets: story
 * reports trace them as primary sources.
 */
export const NEWS_OUTLETS: readonly string[] = [
  'Reuters', 'AP', 'Associated Press', 'AFP', 'Agence France-Presse', 'Axios', 'CNN', 'NBC', 'NBC News', 'ABC', 'ABC News', 'CBS', 'CBS News',
  'Fox News', 'Fox', 'Fox Business', 'MSNBC', 'CNBC', 'BBC', 'NPR', 'PBS', 'C-SPAN', 'Bloomberg', 'Politico', 'The Hill', 'Al Jazeera', 'Al Arabiya',
  'Al Mayadeen', 'The New York Times', 'New York Times', 'The Washington Post', 'Washington Post', 'WashPo', 'The Wall Street Journal',
  'Wall Street Journal', 'The Guardian', 'The Times', 'The Telegraph', 'The Independent', 'Daily Mail', 'Financial Times', 'The Economist',
  'Haaretz', 'The Times of Israel', 'Times of Israel', 'Jerusalem Post', 'The Jerusalem Post', 'Yedioth Ahronoth', 'Ynet', 'Maariv',
  'Israel Hayom', 'Kan', 'Channel 12', 'Channel 13', 'Channel 14', 'Breitbart', 'Breitbart News', 'Mediaite', 'The Daily Beast', 'Daily Beast',
  'Washington Examiner', 'National Review', 'Newsweek', 'Time', 'USA Today', 'The Atlantic', 'Vox', 'BuzzFeed', 'BuzzFeed News', 'HuffPost',
  'Huffington Post', 'The New Yorker', 'New York Post', 'The New York Post', 'Los Angeles Times', 'Chicago Tribune', 'Boston Globe',
  'The Boston Globe', 'Xinhua', 'TASS', 'RIA Novosti', 'Interfax', 'Sputnik', 'RT', 'Anadolu', 'IRNA', 'Tasnim', 'WAFA', 'Le Monde',
  'Der Spiegel', 'Spiegel', 'Die Welt', 'El País', 'Kyodo', 'Yonhap', 'The Intercept', 'ProPublica', 'Slate', 'Salon', 'The Daily Caller',
  'Daily Caller', 'Townhall', 'Drudge Report', 'Univision', 'Telemundo', 'Fusion', 'Yahoo News', 'Business Insider', 'Forbes', 'Fortune',
  'CNN Money', 'Rolling Stone', 'Vanity Fair', 'Mother Jones', 'The Nation', 'Weekly Standard', 'The Weekly Standard', 'WikiLeaks',
  'Washington Times', 'The Washington Times', 'Des Moines Register', 'Miami Herald', 'Dallas Morning News', 'Houston Chronicle',
];

/** Name shapes of outlets not in the list. */
export const OUTLET_PATTERN = /^(?:the\s+)?(?:[\p{Lu}][\p{L}'’.&-]*\s+)*(?:News|Times|Post|Journal|Herald|Tribune|Gazette|Telegraph|Chronicle|Examiner|Observer|Standard|Daily|Press|Radio|Television|TV|Broadcasting|Network|Magazine|Review|Register|Inquirer|Courier|Dispatch|Monitor|Report|Wire|Agency|Mail|Sun|Star|Globe|Reporter)$|^(?:[\p{Lu}][\p{L}]*\s+)?Channel\s+\d+$|^(?:the\s+)?[\p{Lu}][\p{L}]*\s+news\s+agency$/u;

const OUTLET_SET = new Set(NEWS_OUTLETS.map((n) => n.toLowerCase().replace(/^the\s+/, '')));

/** Whether `name` names a news outlet or agency. */
export function isNewsOutlet(name: string): boolean {
  const bare = name.trim().replace(/^the\s+/i, '').replace(/[’']s$/, '');
  return OUTLET_SET.has(bare.toLowerCase()) || OUTLET_PATTERN.test(bare);
}
