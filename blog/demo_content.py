"""Original demo articles loaded by ``manage.py load_demo``.

Plain data so the loader stays small; every article follows the shape of a commentary piece:
a lede, typed and free sections, a quoted statement, tags.
"""

DEMO_ARTICLES = [
    {
        "title": "Valdoria’s Grain Corridor Gambit Puts the Meridian Compact on Notice",
        "slug": "valdoria-grain-corridor-gambit",
        "dek": (
            "By threatening to slow the only overland route for northern harvests, "
            "Valdoria has turned a logistics question into a test of alliance "
            "nerve."
        ),
        "meta_description": (
            "Valdoria’s review of the Hesper grain corridor is a test of Meridian "
            "Compact unity and of how far economic leverage can be pushed."
        ),
        "days_ago": 2,
        "author": "editor",
        "tags": ["diplomacy", "sanctions", "alliances"],
        "image": {
            "alt": "Abstract map shapes in deep blue and amber crossed by a line",
            "caption": "The Hesper corridor carries a third of the region’s grain.",
            "credit": "Broadsheet illustration",
            "colours": ("#1d3557", "#e9c46a"),
        },
        "intro": """When the Valdorian transport ministry published a two-line notice on Monday
announcing a “technical review” of rail permits along the Hesper corridor, few outside the grain
trade paid attention. By Wednesday, futures prices on three regional exchanges had jumped by
double digits, and the Meridian Compact had called an emergency session of its standing council.

The notice was deliberately dull. Its consequences are not. The Hesper line is the only overland
route by which the landlocked northern states of Halvern and Drosse move their harvest to the
sea, and Valdoria has just reminded everyone that it holds the key to the gate.

What looks like a dispute about railway paperwork is really a question about whether a mid-sized
state can convert geography into leverage without provoking the alliance it depends on for its
own security.""",
        "sections": [
            {
                "kind": "section",
                "heading": "Geopolitical Pressure Intensifies",
                "body": """The timing is not accidental. Valdoria has spent eighteen months
objecting to the Compact's proposed tariff schedule on processed steel, a schedule that would
fall hardest on its own mills in the river cities. Quiet objections went nowhere. A corridor
review, by contrast, has put Valdoria's grievance at the top of every foreign ministry's morning
briefing.

Valdoria's chief envoy to the Compact, Miren Hollestad, was unapologetic when reporters caught
her outside the council chamber:

> We are not closing anything. We are reviewing whether a corridor built with Valdorian money
> and maintained by Valdorian workers is being used on terms that are fair to Valdorians. Our
> partners are welcome to join that conversation.
>
> — Miren Hollestad, Valdorian envoy to the Meridian Compact

Halvern's foreign minister responded within the hour, describing the review as “a blockade with
a clipboard.” Drosse, which has a harvest sitting in silos and a government facing a budget
vote, has been more restrained in public and far more anxious in private.""",
            },
            {
                "kind": "deep-dive",
                "heading": "How a Railway Became a Bargaining Chip",
                "body": """The Hesper corridor was built in stages over four decades, financed
by a mix of Valdorian state bonds and Compact development loans. The legal structure reflects
that messy history. Valdoria owns the track; a joint authority sets tariffs; individual permits
for rolling stock are issued by the Valdorian ministry alone.

That last detail is the hinge. Without ever touching the tariff agreement, Valdoria can slow the
corridor to a crawl simply by taking its time over permits. The effect is compounded by three
features of the grain market:

- **Seasonality.** Northern grain must move within a narrow window before autumn storms close
  the coastal ports.
- **Storage limits.** Silos in Drosse are already at roughly ninety percent of capacity.
- **No easy substitute.** The alternative river route is shallower, slower and, in a dry year,
  barely navigable.

In other words, a delay of a few weeks is worth far more than its length suggests. Valdoria's
negotiators know this, and so does everyone across the table.""",
            },
            {
                "kind": "prophetic-context",
                "heading": "",
                "body": """There is an old pattern here, older than railways. Powers that sit
astride a passage — a strait, a mountain pass, a river mouth — have always been tempted to
charge for the privilege, and have often discovered that the toll they can collect is limited
not by geography but by the patience of their neighbours. Push too hard, and those neighbours
invest in the long, expensive alternative that eventually makes the chokepoint irrelevant.

The chroniclers of the old river kingdoms recorded this cycle with a certain weariness: the
gatekeeper prospers, grows confident, raises the toll, and is finally bypassed. The lesson is
not that leverage is illegitimate. It is that leverage is a wasting asset, and the manner of
spending it shapes how a state is remembered long after the dispute itself is forgotten.""",
            },
            {
                "kind": "strategic-implications",
                "heading": "",
                "body": """For the Compact, the immediate question is whether to treat this as a
trade dispute or a security one. Framing it as trade keeps the temperature down but implicitly
accepts that corridor access is negotiable. Framing it as security raises the stakes for
Valdoria, which relies on Compact air defence along its eastern border, but risks hardening
positions on both sides.

Expect the council to do both at once: publicly emphasise the technical nature of the review
while privately making clear that a prolonged slowdown would be weighed against Valdoria's other
interests. Watch, too, for renewed talk of dredging the river route. Nothing concentrates a
gatekeeper's mind like the sight of surveyors at the alternative crossing.""",
            },
            {
                "kind": "conclusion",
                "heading": "",
                "body": """Valdoria has played a weak hand skilfully, turning a procedural lever
into a seat at the top of the agenda. The harder part comes next. A review that ends quickly
with a modest concession on steel will look like shrewd diplomacy. One that drags into the storm
season will look like something else entirely — and the Compact's members, whose memories are
long, will not forget which it was.""",
            },
        ],
    },
    {
        "title": "The Copper Quota Pact That Everyone Denies Exists",
        "slug": "ostravia-kell-copper-quotas",
        "dek": (
            "Two producers insist they are not coordinating copper exports. The "
            "shipping data, and the price of the metal, tell a different story."
        ),
        "meta_description": (
            "Ostravia and Kell deny any copper export pact, yet their matching cuts "
            "have lifted prices by a third. What it means for importers."
        ),
        "days_ago": 5,
        "author": "analyst",
        "tags": ["economy", "energy", "technology", "sanctions"],
        "image": {
            "alt": "Abstract stacked bars in teal and burnt orange",
            "caption": (
                "Refined copper exports from the continent’s two largest producers have "
                "fallen in near lockstep."
            ),
            "credit": "Broadsheet illustration",
            "colours": ("#2a9d8f", "#e76f51"),
        },
        "intro": """Officially, there is no agreement between Ostravia and the Republic of Kell
on copper exports. Both trade ministries said so again this week, in statements so similar that
analysts at one commodities desk circulated them side by side with the matching phrases
highlighted.

Unofficially, the pattern in the shipping data is hard to ignore. Since the spring, the two
largest producers of refined copper on the continent have trimmed their export volumes in near
lockstep, and prices for the metal that runs through every power grid, electric motor and data
centre have climbed accordingly.""",
        "sections": [
            {
                "kind": "section",
                "heading": "Reading the Numbers",
                "body": """The figures below come from port authority manifests published by
both governments, which makes them difficult to dismiss as hostile speculation.

| Quarter | Ostravia exports (kt) | Kell exports (kt) | Benchmark price (index) |
| --- | --- | --- | --- |
| Q1 | 412 | 388 | 100 |
| Q2 | 371 | 352 | 114 |
| Q3 | 336 | 319 | 131 |

Two producers cutting output at the same time is not proof of coordination. Mines flood,
smelters need maintenance, and both countries have cited “infrastructure upgrades.” But the cuts
are almost identical in proportion, they began in the same fortnight, and neither government has
said what the upgrades actually are.""",
            },
            {
                "kind": "deep-dive",
                "heading": "Why Copper, and Why Now",
                "body": """Copper used to be a barometer of industrial health: when factories
hummed, prices rose. It has become something more strategic. Every plan to electrify transport,
expand renewable generation or build out computing capacity assumes a steady supply of the
metal, and new mines take a decade or more to bring into production.

That gives existing producers a rare window of pricing power. Ostravia's finance minister, Dovan
Strell, made the case for using it in a speech to the national chamber of industry that many
took as the closest thing to an admission:

> For a century we sold our copper at prices set by others and watched the value it created be
> captured somewhere else. We intend to be paid properly for what lies under our soil. If that
> is called a cartel, then every nation that ever protected its harvest was a cartel.
>
> — Dovan Strell, Ostravian finance minister

The argument has real appeal among producing countries, where resource nationalism is often a
response to long memories of lopsided contracts. It lands less well in importing countries whose
energy-transition budgets were drawn up on the assumption of much cheaper inputs.""",
            },
            {
                "kind": "section",
                "heading": "The Importers' Dilemma",
                "body": """Importers have few good options. Sanctions on two major suppliers at
once would hurt the sanctioning countries more than the targets. A complaint to the regional
trade tribunal would take years, and would require proving an agreement both parties deny.
Building domestic refining capacity helps only if there is ore to refine.

What remains is the slow work of diversification: recycling, substitution with aluminium where
engineering allows, and long-term offtake deals with smaller producers who would be happy to
undercut the pair. *None of these is quick*, and all of them cost money that finance ministries
had planned to spend elsewhere.""",
            },
            {
                "kind": "strategic-implications",
                "heading": "",
                "body": """The larger significance is the precedent. If two producers can
quietly move the price of a strategic metal by almost a third in two quarters without
consequence, others will notice. Producers of lithium, cobalt and rare earths are watching the
copper market with professional interest.

For importing governments, the episode argues for treating critical minerals less like ordinary
commodities and more like strategic reserves — stockpiles, diversified supply contracts and,
crucially, the patience to pay more now to avoid paying much more later. For Ostravia and Kell,
the risk is the classic one facing any producer group: the higher the price climbs, the stronger
the incentive for each member to sell a little more than agreed.""",
            },
            {
                "kind": "conclusion",
                "heading": "",
                "body": """Whether or not a pact exists on paper, the market is behaving as
though one does, and that is what matters to the factories and utilities paying the bill. The
denials will continue. So, for now, will the cuts — until one partner decides that a slightly
smaller share of a very high price is worth less than a larger share of a slightly lower one.
Importers would be wise to use the breathing space to make sure that the next squeeze, whoever
applies it, finds them better prepared.""",
            },
        ],
    },
    {
        "title": "Undersea Cables and the Quiet Contest for the Corvane Strait",
        "slug": "corvane-strait-undersea-cables",
        "dek": (
            "Two damaged data cables in six weeks have turned a stretch of seabed "
            "into contested ground between the Kestrel Isles and Sarnhold."
        ),
        "meta_description": (
            "Two damaged undersea cables in the Corvane Strait have pushed the "
            "Kestrel Isles and Sarnhold into a quiet contest over the seabed."
        ),
        "days_ago": 9,
        "author": "editor",
        "tags": ["security", "technology", "alliances"],
        "image": {
            "alt": "Abstract flowing lines in navy and pale blue suggesting currents",
            "caption": (
                "Three fibre-optic cables carry most of the data between the Kestrel "
                "Isles and the mainland."
            ),
            "credit": "Broadsheet illustration",
            "colours": ("#0b3954", "#bfd7ea"),
        },
        "intro": """Three fibre-optic cables run along the floor of the Corvane Strait, carrying
most of the data traffic between the Kestrel Isles and the mainland. In the past six weeks, two
of them have been damaged. Repair crews found the first one dragged across several hundred
metres of seabed; the second had been cleanly severed.

The government in Port Averil has been careful not to accuse anyone. It has also quietly doubled
naval patrols, asked the Meridian Compact for underwater surveillance support and summoned the
ambassador of the Sarnhold Federation, whose research vessels were logged in the area on both
occasions.""",
        "sections": [
            {
                "kind": "deep-dive",
                "heading": "The Infrastructure Beneath the Waves",
                "body": """Submarine cables are among the least glamorous and most important
pieces of modern infrastructure. They carry the overwhelming majority of international data,
from financial settlements to video calls, and in deep water most are no thicker than a garden
hose.

Their vulnerability is not new. Fishing trawlers and ship anchors damage cables regularly, and
repair ships are dispatched many times a year. What makes the Corvane incidents unusual is the
combination of factors investigators have pointed to:

1. Both breaks occurred in deep water, well away from normal trawling grounds.
2. Both happened within hours of a foreign survey vessel passing overhead with its transponder
   switched off.
3. The second cable was cut rather than torn, which suggests a tool rather than an anchor.

None of this constitutes proof. All of it has been enough to move the conversation from maritime
insurance to national security.""",
            },
            {
                "kind": "section",
                "heading": "A Carefully Worded Denial",
                "body": """Sarnhold's foreign ministry has dismissed the suggestion of
involvement as “maritime folklore,” and its oceanographic institute says the vessels were
mapping seabed sediment for a climate study. Its ambassador in Port Averil, Teodor Vask, went
further after his meeting at the Kestrel foreign ministry:

> Our scientists have sailed these waters for thirty years. If the Kestrel government has
> evidence of wrongdoing, let it be published. Otherwise we must conclude that accidents at sea
> are being used to manufacture a crisis for domestic purposes.
>
> — Teodor Vask, Sarnhold ambassador to the Kestrel Isles

The challenge to publish evidence is pointed. Governments rarely release underwater surveillance
data, because doing so reveals what they can see and how. Sarnhold is betting, reasonably, that
Port Averil would rather absorb the accusation than expose its sensors.""",
            },
            {
                "kind": "strategic-implications",
                "heading": "",
                "body": """The Corvane incidents illustrate a category of pressure that sits
uncomfortably between peace and conflict. A severed cable causes real economic harm — the
Kestrel banking sector reported settlement delays for two days — but it is deniable, reversible
and well below any threshold that alliances are designed to respond to.

For the Meridian Compact, the response is likely to be practical rather than dramatic: pooled
repair vessels, shared seabed monitoring and perhaps a standing agreement that cable damage in
member waters triggers a joint investigation. For the Kestrel Isles, the lesson is
**redundancy**. A fourth cable, routed through the deeper western channel, has been discussed
for years. It will now almost certainly be funded.""",
            },
            {
                "kind": "prophetic-context",
                "heading": "",
                "body": """Every era has had its hidden arteries — the post roads of old
empires, the telegraph lines strung across continents, the pipelines of the last century — and
every era has discovered that what connects can also be cut. The instinct to protect these lines
is usually followed, sooner or later, by the temptation to use them as instruments of pressure.

History suggests that the second instinct rarely pays for long. Those who sabotage shared
infrastructure tend to find that others simply build around them, and that the trust they spent
is far costlier to rebuild than any cable. It is a slow lesson, and one that each generation
seems to learn again at its own expense.""",
            },
            {
                "kind": "conclusion",
                "heading": "",
                "body": """The Corvane Strait may yet turn out to be a story of bad luck and
suspicious coincidence. But the response will outlast the uncertainty. Governments in the region
now regard the seabed as contested space, and they will plan, spend and patrol accordingly. The
cables will be repaired within weeks; the suspicion laid down alongside them will take far
longer to clear.""",
            },
        ],
    },
    {
        "title": "Ardmoor’s Snap Election Turns on the Price of Cheap Power",
        "slug": "ardmoor-snap-election-energy-prices",
        "dek": (
            "Prime Minister Elsbeth Korrane is asking voters to end a popular "
            "electricity price cap. The campaign will test whether candour can win."
        ),
        "meta_description": (
            "Ardmoor’s snap election will be fought over its costly electricity "
            "price cap and who should pay once cheap power comes to an end."
        ),
        "days_ago": 14,
        "author": "analyst",
        "tags": ["elections", "energy", "economy"],
        "image": {
            "alt": "Abstract overlapping circles in slate purple and warm sand tones",
            "caption": "Ardmoor’s power tariff has been capped for fifteen years.",
            "credit": "Broadsheet illustration",
            "colours": ("#3d405b", "#f2cc8f"),
        },
        "intro": """Prime Minister Elsbeth Korrane called Ardmoor's snap election on a Friday
evening, with parliament already dispersed for the summer and her coalition partners reportedly
informed by text message. Her stated reason was the need for a “clear mandate” on energy policy.
Her unstated one, most observers agree, was that her poll numbers are unlikely ever to look
better than they do this month.

The campaign that follows will be fought almost entirely on a single question: who should pay
for the end of cheap power?""",
        "sections": [
            {
                "kind": "section",
                "heading": "A Subsidy That Outlived Its Purpose",
                "body": """For fifteen years, Ardmoor households have paid some of the lowest
electricity prices in the region, thanks to a regulated tariff that caps retail prices and
compensates generators from the state budget. The scheme was introduced as a temporary measure
after a winter of shortages. It has since become one of the most popular policies in the
country, and one of the most expensive.

The finance ministry's own estimate puts the annual cost at roughly four percent of government
spending,[^1] more than the country spends on its armed forces. Meanwhile, the cap has
discouraged investment in new generation, because few companies want to build power plants whose
revenues depend on an annual budget negotiation.

[^1]: Ardmoor Ministry of Finance, *Mid-Year Fiscal Review*, table 4. The estimate includes
    compensation payments to generators and the cost of administering the tariff.""",
            },
            {
                "kind": "section",
                "heading": "The Campaign Lines Are Drawn",
                "body": """Korrane's Civic Union proposes phasing out the cap over four years,
with targeted support for low-income households. The main opposition, the Labour Alliance, wants
to keep the cap but fund it through a windfall levy on generators. A newer party, Green Renewal,
argues that the only durable answer is a crash programme of wind and storage investment financed
by green bonds.

Korrane set out her case at the campaign launch in the capital, Tessford:

> I will not pretend this is painless. Every government for fifteen years has chosen to hide the
> cost of our electricity in the national budget rather than face it. I am asking voters for
> permission to stop hiding it, and to build the power stations our children will need.
>
> — Elsbeth Korrane, Prime Minister of Ardmoor

Her opponents point out that “permission to stop hiding it” means higher bills this winter for
most families. The Labour Alliance leader, Ruben Talsk, put it more bluntly, calling the plan
“honesty paid for by pensioners.”""",
            },
            {
                "kind": "prophetic-context",
                "heading": "",
                "body": """Democracies have always found it easier to grant a benefit than to
withdraw one. Ancient city-states that distributed free grain found the practice nearly
impossible to end, even as their treasuries emptied, and the reformers who tried were rarely
thanked in their lifetimes. The pattern is less a failing of voters than a feature of how trust
works: a promise kept for long enough becomes an expectation, and an expectation withdrawn feels
like a betrayal.

The more hopeful reading of history is that such moments can also be renewals, when a society
decides honestly what it can afford and who should bear the cost. Whether Ardmoor's election
becomes that kind of moment depends less on the detail of the policies than on whether voters
believe the burden is being shared fairly.""",
            },
            {
                "kind": "strategic-implications",
                "heading": "",
                "body": """Beyond Ardmoor's borders, the outcome matters for the regional power
market. Capped prices have drawn energy-intensive industry away from neighbouring countries, a
source of quiet resentment in Valdoria and Sarnhold. A Civic Union victory would ease that
friction and would probably unlock long-stalled plans for an interconnector with the Kestrel
Isles.

A Labour Alliance victory would preserve the cap but shift its cost onto generators, some of
them foreign-owned, which could prompt investment disputes. Either way, investors will be
watching whether the next government can pass a budget that does not depend on one-off measures.""",
            },
            {
                "kind": "conclusion",
                "heading": "",
                "body": """Korrane is gambling that voters will reward candour over comfort. It
is a brave wager and possibly a shrewd one, but snap elections have a habit of turning into
referendums on the person who called them. The price of cheap power is finally on the ballot.
So, whether she likes it or not, is she.""",
            },
        ],
    },
    {
        "title": "When the Central Bank Says No: Talvessa’s Currency Standoff",
        "slug": "talvessa-central-bank-standoff",
        "dek": (
            "Talvessa’s central bank has refused to finance the government "
            "directly. Ministers want to rewrite its charter; markets are already "
            "reacting."
        ),
        "meta_description": (
            "Talvessa’s central bank refused to buy government bonds directly. Now "
            "ministers want to rewrite its charter and the currency is sliding."
        ),
        "days_ago": 21,
        "author": "editor",
        "tags": ["economy", "diplomacy", "sanctions"],
        "image": {
            "alt": "Abstract interlocking rectangles in dark green and soft orange",
            "caption": (
                "The Talvessan crown has fallen about seven percent since the "
                "governor's letter was published."
            ),
            "credit": "Broadsheet illustration",
            "colours": ("#264653", "#f4a261"),
        },
        "intro": """For most of its modern history, the Bank of Talvessa has been the kind of
central bank that makes headlines only when it changes interest rates. That changed last week,
when its governor, Ilse Marrow, publicly refused a government request to finance a new
infrastructure fund by buying state bonds directly.

The refusal has triggered a constitutional argument at home, a sharp fall in the Talvessan crown
abroad and a round of anxious calls from the lenders who hold much of Talvessa's debt.

At stake is a question that every government eventually confronts: how independent should the
institution that manages the currency be when elected leaders believe the country needs money
faster than markets will lend it?""",
        "sections": [
            {
                "kind": "section",
                "heading": "A Refusal in Writing",
                "body": """The request came in a letter from the finance ministry asking the
bank to buy up to twelve billion crowns of newly issued bonds over two years. The bank's reply,
published in full on its website, ran to three pages and was unusually direct. Its key passage
read:

> The bank cannot lawfully finance the government by purchasing its debt on issue, and would not
> do so even if the law permitted it. Monetary financing of this kind has, without exception in
> our history, ended in higher prices borne most heavily by those with the least.
>
> — Ilse Marrow, Governor of the Bank of Talvessa

Finance Minister Aurel Penzig called the letter “a political intervention by an unelected
official” and announced that the government would bring forward legislation to amend the bank's
charter.""",
            },
            {
                "kind": "deep-dive",
                "heading": "What the Charter Actually Says",
                "body": """Talvessa's central bank law, revised after a bout of high inflation
two decades ago, is short and fairly clear. The bank sets interest rates independently, may not
lend directly to the state, and its governor can be dismissed only for serious misconduct. An
annotated summary of the key provisions is available in [this
explainer](https://example.org/talvessa/central-bank-charter).

The government's proposed amendment would change three things:

- allow direct bond purchases “in circumstances of national investment need”;
- add two ministry appointees to the bank's policy board;
- permit the governor's removal by a simple parliamentary majority.

Each change on its own might be defended. Together, they would turn an independent bank into an
arm of the treasury, and markets have reached that conclusion swiftly. The crown has fallen
about seven percent against the currencies of its main trading partners since the letter was
published.""",
            },
            {
                "kind": "strategic-implications",
                "heading": "",
                "body": """Talvessa's creditors, many of them pension funds in neighbouring
Ostravia and the Kestrel Isles, have little formal leverage but considerable informal influence.
A downgrade by the regional ratings agencies would raise borrowing costs across the entire
public sector, easily wiping out the savings the government hopes to make by borrowing from its
own central bank.

There is also a diplomatic dimension. Talvessa is midway through negotiations to join the
Meridian Compact's monetary cooperation framework, which requires members to maintain central
bank independence. Diplomats involved in those talks say privately that the proposed amendment
would suspend them indefinitely.""",
            },
            {
                "kind": "section",
                "heading": "The Politics of Impatience",
                "body": """It would be too easy to cast the government as villain and the
governor as hero. Talvessa's roads, ports and power grid really do need investment, and the
government was elected on a promise to deliver it. Bond markets have charged the country
punishing rates since a banking scare three years ago, and ministers argue, not unreasonably,
that waiting for those rates to fall could mean waiting for a very long time.

The trouble is that central bank independence exists *precisely* for moments like this, when the
temptation to take a shortcut is strongest and the long-term cost is easiest to discount.
Several of the country's most respected economists, including two former deputy governors, have
urged ministers to raise the money through a dedicated development bank instead, a route that
would fund the roads without compromising the currency.""",
            },
            {
                "kind": "conclusion",
                "heading": "",
                "body": """The likeliest outcome is a compromise: a state investment bank funded
by conventional borrowing, perhaps backed by guarantees, while the charter amendment is quietly
shelved. That would let both sides claim victory. But the episode has already done some damage.
Investors now know that Talvessa's government is willing to test the bank's independence, and
they will price that knowledge into every bond the country sells.""",
            },
        ],
    },
    {
        "title": "The Harbour Summit That Ended Before It Began",
        "slug": "lisvard-harbour-summit-collapse",
        "dek": (
            "Sarnhold pulled out of talks with the Kestrel Isles hours before they "
            "opened, leaving a mediator's empty table as the defining image."
        ),
        "meta_description": (
            "Sarnhold withdrew from the Lisvard summit with the Kestrel Isles hours "
            "before it opened. Why the talks failed and what happens next."
        ),
        "days_ago": 30,
        "author": "analyst",
        "tags": ["diplomacy", "security", "alliances", "elections"],
        "image": {
            "alt": "Abstract chairs reduced to geometric blocks in plum and peach",
            "caption": (
                "The conference hall in Lisvard stayed open for the first day of the "
                "cancelled summit."
            ),
            "credit": "Broadsheet illustration",
            "colours": ("#6d597a", "#eaac8b"),
        },
        "intro": """The delegations had booked their hotel rooms, the interpreters had been
hired and the harbour-side conference centre in Lisvard had been swept for listening devices
twice. Then, eleven hours before the opening session, the Sarnhold Federation announced that its
foreign minister would not attend.

The summit between Sarnhold and the Kestrel Isles, brokered over five months by the neutral
Republic of Lisvard, was meant to produce a framework for maritime security in the waters
between them, including the cable-strewn Corvane Strait. Instead, it produced a single
photograph of an empty table that has since appeared on front pages across the region.""",
        "sections": [
            {
                "kind": "section",
                "heading": "An Empty Table",
                "body": """Sarnhold's official explanation was procedural. Its statement
objected to the presence of an observer from the Meridian Compact, who it said had been added to
the guest list “without consultation.” Lisvard's organisers insist that the observer had been
agreed weeks earlier and appeared in every draft of the programme.

Lisvard's foreign minister, Hanne Liedtvard, did not hide her frustration when she addressed the
press in the empty hall:

> We built this table for two parties who told us, repeatedly and in writing, that they wanted
> to sit at it. One of them still does. We will keep the chairs in place for as long as it takes
> the other to remember what it promised.
>
> — Hanne Liedtvard, Foreign Minister of Lisvard

The Kestrel delegation stayed for the full first day, meeting Lisvardian officials and briefing
journalists, in what one diplomat called “an exercise in being visibly reasonable.”""",
            },
            {
                "kind": "deep-dive",
                "heading": "Who Wanted the Talks to Fail",
                "body": """Summits rarely collapse over guest lists. The more plausible
explanations lie in domestic politics on both sides of the strait.

In Sarnhold, hardliners in the defence ministry had argued openly that any maritime framework
would constrain the country's research fleet — the same fleet whose activity near the damaged
Corvane cables has drawn so much scrutiny. With a leadership contest looming inside the
governing party and a general election due next spring, few senior figures wanted to be seen
conceding anything at sea.

In the Kestrel Isles, the government had its own reasons to be relieved. A framework would have
required it to accept limits on its naval patrols, which are popular at home. By attending while
Sarnhold stayed away, Port Averil gained the diplomatic high ground without paying any of the
price.

Lisvard, too, had something at stake. The small republic has built a diplomatic identity around
hosting difficult conversations, and a collapse on its own doorstep is an awkward advertisement
for its services. Its officials have been at pains to stress that the mediation is suspended
rather than finished, and that both capitals have kept their liaison officers in Lisvard.

A fuller timeline of the five months of talks can be found in Lisvard's [published mediation
record](https://example.org/lisvard/mediation-record).""",
            },
            {
                "kind": "prophetic-context",
                "heading": "",
                "body": """Diplomatic history is full of conferences that failed before they
started, and a surprising number of them are remembered more vividly than the ones that
succeeded. The empty chair has had a long career as a symbol: of pride, of miscalculation, and
occasionally of a caution whose wisdom only became visible later.

The writers who reflected most thoughtfully on such moments tended to notice the same thing —
that refusing to talk is rarely a sign of strength, and often a sign that a leadership fears its
own side more than its rivals. Power that cannot afford to be seen compromising is, in an
important sense, *less* secure than it appears.""",
            },
            {
                "kind": "strategic-implications",
                "heading": "",
                "body": """The immediate consequence is that the Corvane Strait remains
ungoverned by any shared rules, which raises the risk of incidents between patrol boats and
research ships. Three developments are worth watching:

- whether Lisvard keeps its mediation offer open, as Liedtvard has promised;
- whether the Meridian Compact steps up its own presence in the strait, which would confirm
  Sarnhold's stated fears;
- whether Sarnhold's leadership contest produces a figure with enough authority to return to the
  table.

**The most likely near-term outcome is drift**: no agreement, no escalation, and a steady
accumulation of small frictions that will make the eventual negotiation harder. Lisvard's
chairs, for now, remain in place.""",
            },
        ],
    },
]
