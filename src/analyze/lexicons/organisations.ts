/**
 * Organisations a capitalised word alone names: nicknames of professional sports teams (North
 * American leagues, national rugby sides) and English first-class cricket counties, which in a
 * cricket report are the county sides rather than the places. Lower-case.
 */

/** Team nicknames that name a club on their own ("the Mets", "Springboks"). */
export const TEAM_NICKNAMES: ReadonlySet<string> = new Set(
  // Baseball.
  ('orioles,red sox,yankees,blue jays,white sox,indians,tigers,royals,twins,angels,athletics,mariners,rangers,braves,marlins,mets,phillies,expos,' +
    'nationals,cubs,reds,astros,brewers,pirates,cardinals,diamondbacks,rockies,dodgers,padres,giants,devil rays,rays,' +
    // American football.
    'bills,dolphins,patriots,jets,ravens,bengals,browns,steelers,texans,colts,jaguars,titans,broncos,chiefs,raiders,chargers,cowboys,' +
    'eagles,redskins,bears,lions,packers,vikings,falcons,panthers,saints,buccaneers,seahawks,49ers,oilers,' +
    // Basketball and ice hockey.
    'celtics,knicks,76ers,nets,raptors,bulls,cavaliers,pistons,pacers,bucks,hawks,hornets,heat,magic,wizards,bullets,nuggets,timberwolves,' +
    'trail blazers,blazers,jazz,supersonics,sonics,warriors,clippers,lakers,suns,kings,mavericks,rockets,grizzlies,spurs,' +
    'bruins,sabres,red wings,canadiens,senators,lightning,islanders,flyers,penguins,capitals,blackhawks,avalanche,stars,wild,blues,' +
    'flames,canucks,ducks,mighty ducks,sharks,whalers,nordiques,' +
    // National rugby sides.
    'all blacks,all black,springboks,springbok,wallabies,wallaby,pumas').split(','),
);

/** Nicknames that are also everyday words or peoples: only a team after "the" or in a sports report. */
export const AMBIGUOUS_NICKNAMES: ReadonlySet<string> = new Set(
  'indians,tigers,royals,twins,angels,athletics,rangers,giants,reds,pirates,cardinals,nationals,saints,lions,bears,eagles,chiefs,kings,stars,wild,blues,heat,magic,jazz,lightning,senators,warriors,hawks'.split(','),
);

/** English first-class cricket counties. */
export const CRICKET_COUNTIES: ReadonlySet<string> = new Set(
  'derbyshire,durham,essex,glamorgan,gloucestershire,hampshire,kent,lancashire,leicestershire,middlesex,northamptonshire,nottinghamshire,somerset,surrey,sussex,warwickshire,worcestershire,yorkshire'.split(','),
);
