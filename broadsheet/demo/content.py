"""Demo newsroom content for a fresh Broadsheet install.

The demo publication is the Carrick Herald, a fictional regional daily for the harbour city of
Port Carrick and the Carrick valley. Every person, company, charity, court case and place in
Port Carrick, and the town of Sarvan and its war, is invented; syndicated copy comes from the
equally fictional Meridian Press Agency. Any resemblance to real people is accidental.

This module is pure data so it can be read without Django. ``demo.newsroom`` turns it into
topics, the Featured row and article pages; ``demo.comments`` loads ``DEMO_COMMENTS``.

Article timing is relative: ``hours_ago`` is how long before the demo loads an article was first
published, and ``updated_hours_ago`` (or ``None``) when it was last updated. Body blocks are
``(kind, value)`` pairs where kind is ``"paragraph"`` (plain text, wrapped in ``<p>`` by the
loader), ``"subheading"`` or ``"quote"`` (a dict with ``text`` and ``attribution``).

``DEMO_COMMENTS`` is deliberately mixed: published comments (some of them replies, with
``parent`` the index of another entry in the list) and a moderation queue holding ordinary,
heated and abusive submissions so the screening and moderation tools have something to do.
"""

TOPICS: list[dict] = [
    {
        "slug": "harbourside",
        "name": "Harbourside",
        "description": (
            "The quays, the ferry terminal, the old dockyard and the people who live and work "
            "along Port Carrick's waterfront."
        ),
    },
    {
        "slug": "city-council",
        "name": "City Council",
        "description": (
            "Budgets, votes, planning decisions and the councillors who make them at Port Carrick "
            "City Council."
        ),
    },
    {
        "slug": "transport",
        "name": "Transport",
        "description": (
            "Buses, the Harbour Line, roads, ferries and cycling across Port Carrick and the "
            "Carrick valley."
        ),
    },
    {
        "slug": "culture",
        "name": "Culture",
        "description": (
            "Theatre, music, festivals, galleries and books from the city and the region."
        ),
    },
    {
        "slug": "conflict",
        "name": "Conflict",
        "description": (
            "Reporting from wars and crises abroad, from our own correspondents and the Meridian "
            "Press Agency."
        ),
    },
    {
        "slug": "courts",
        "name": "Courts",
        "description": (
            "Trials, hearings and verdicts from Carrick Crown Court and the city's magistrates."
        ),
    },
    {
        "slug": "weather",
        "name": "Weather and floods",
        "description": (
            "Storms, flood warnings, tides and what the weather means for the Carrick valley."
        ),
    },
    {
        "slug": "sport",
        "name": "Sport",
        "description": (
            "Carrick Rovers, county cricket, rowing on the estuary and grassroots sport."
        ),
    },
    {
        "slug": "business",
        "name": "Business",
        "description": "Shops, employers, start-ups and the local economy.",
    },
]

# Topic slugs for the home page's Featured row, in display order.
FEATURED: list[str] = ["harbourside", "city-council", "transport", "culture", "conflict"]

ARTICLES: list[dict] = [
    {
        "slug": "siege-of-sarvan-third-week",
        "title": "Thousands flee Sarvan as siege enters third week and hospital runs short of fuel",
        "standfirst": (
            "Aid agencies warn that the river town's last working hospital has days of diesel "
            "left, as government forces press their offensive and envoys push for a corridor to "
            "let civilians out."
        ),
        "byline": "Tomas Reyl, Meridian Press Agency",
        "source_name": "Meridian Press Agency",
        "source_url": "https://example.org/meridian/world/sarvan-siege-third-week",
        "dateline": "Keral",
        "hours_ago": 5,
        "updated_hours_ago": 2,
        "topics": ["conflict"],
        "comments_open": True,
        "lead": True,
        "body": [
            (
                "paragraph",
                "Government forces intensified their bombardment of Sarvan on Thursday, "
                "pressing an offensive that has cut the river town off from the rest of the "
                "province for nineteen days and forced thousands of civilians to flee on foot "
                "across the hills to the east, according to residents, aid workers and local "
                "officials.",
            ),
            (
                "paragraph",
                "Heavy shelling struck the northern districts of the town through the night, "
                "residents said, and columns of smoke could be seen from the ridge above the "
                "Keral road, where a reporter for this agency watched families arrive with "
                "bags, blankets and small children in the early morning. Claims of territorial "
                "gains made by both sides could not be independently verified.",
            ),
            (
                "paragraph",
                "The town's health directorate said at least 212 civilians had been killed and "
                "more than 900 wounded since the offensive began, figures that could not be "
                "confirmed. The army says it targets only armed groups and accuses fighters of "
                "operating from residential areas.",
            ),
            ("subheading", "A hospital on its last reserves"),
            (
                "paragraph",
                "Sarvan General Hospital, the only facility in the town still admitting "
                "patients, has been running on a single generator since the main power line "
                "was cut last week, its director said.",
            ),
            (
                "paragraph",
                '"We are choosing every night which ward keeps the lights on," said Dr. Amira '
                "Halloun, the hospital's director, speaking by satellite telephone. \"We have "
                "diesel for perhaps four more days. After that, the operating theatre stops, "
                'and so do the incubators."',
            ),
            (
                "paragraph",
                "Halloun said staff had treated more than 60 patients on Wednesday alone, many "
                "of them with shrapnel wounds, and that surgeons were reusing equipment meant "
                "to be thrown away after a single use. Two nurses were among those hurt when a "
                "shell landed in the hospital car park on Monday, she said. The army denied "
                "targeting the hospital and said it was examining the report.",
            ),
            ("subheading", "Army says it is clearing fighters"),
            (
                "paragraph",
                "The military says its operation is aimed at driving out armed groups that "
                "seized the town in the spring and, it says, used it as a base to attack "
                "supply routes across the province.",
            ),
            (
                "quote",
                {
                    "text": (
                        "Our units are advancing carefully, street by street, and every effort is "
                        "being made to protect civilians. The armed groups know they can end this "
                        "today by laying down their weapons and letting people leave."
                    ),
                    "attribution": "Major Dariusz Venn, spokesman for the army's Northern Command",
                },
            ),
            (
                "paragraph",
                "Venn, speaking at a briefing in the capital, said the army had opened what it "
                "called a humanitarian route south of the town on two afternoons this week. "
                "Residents and aid workers said few people had used it because of continued "
                "firing in the area. He also accused the fighters of preventing civilians from "
                "leaving, an allegation rejected by the Sarvan Defence Committee, the "
                "coalition of armed groups that holds the town.",
            ),
            (
                "paragraph",
                '"Nobody is stopping anyone," said a spokesman for the committee, who gave his '
                'name only as Idris, in a voice message sent to reporters. "People stay '
                "because the road they are offered runs through fields that are shelled every "
                "day.\" He said the committee's fighters would not withdraw while the army's "
                "artillery remained on the hills above the town.",
            ),
            ("subheading", "On the road to Keral"),
            (
                "paragraph",
                "Along the mountain road to Keral, a provincial city about 40 kilometres to "
                "the east, families sheltered under plastic sheeting beside the river and "
                "queued for bread at a petrol station that volunteers have turned into a "
                "distribution point. Aid officials estimate that about 14,000 people have left "
                "Sarvan since the start of the month, roughly a third of its pre-war "
                "population.",
            ),
            (
                "paragraph",
                "Yusuf Karadem, 54, a secondary school teacher, said he had walked for eleven "
                "hours with his wife, his mother and their three children after a shell "
                "destroyed the building next to their home.",
            ),
            (
                "paragraph",
                '"We left at night with what we could carry: documents, some bread, my '
                "mother's medicine,\" he said, sitting on a folded blanket outside a school in "
                'Keral that has been turned into a shelter. "My brother stayed to look after '
                'the house. I have not been able to reach him since Sunday."',
            ),
            (
                "paragraph",
                "The school now houses more than 600 people in classrooms built for half that "
                "number. Local volunteers have set up a kitchen in the playground, and a "
                "municipal clinic sends doctors in the evenings to treat exhaustion, infected "
                "blisters and chronic illnesses left untreated during the journey.",
            ),
            ("subheading", "Aid convoy waits at a checkpoint"),
            (
                "paragraph",
                "A convoy of 18 lorries carrying food, medical supplies and fuel has been "
                "waiting since Monday at a checkpoint twelve kilometres outside the town for "
                "security guarantees from both sides, according to the International Relief "
                "Alliance, which is organising the delivery.",
            ),
            (
                "quote",
                {
                    "text": (
                        "The trucks are loaded, the drivers are ready, and the people who need "
                        "these supplies are a short drive away. What we need now is a few hours of "
                        "quiet, agreed by everyone with a weapon, and respected."
                    ),
                    "attribution": (
                        "Ingrid Solheim, regional coordinator, International Relief Alliance"
                    ),
                },
            ),
            (
                "paragraph",
                "Solheim said the alliance had sent written requests to the army and to the "
                "armed groups for a pause of at least 48 hours so the convoy could enter and "
                "the most seriously wounded patients could be evacuated. Both sides have said "
                "they support humanitarian access in principle, but neither has yet agreed to "
                "specific terms, she said.",
            ),
            (
                "paragraph",
                "Water has become a pressing concern. The town's pumping station stopped "
                "working when it lost power, and residents have been drawing water from the "
                "river and from private wells, raising fears of disease, health workers said. "
                "Halloun said the hospital had recorded a sharp rise in cases of diarrhoea "
                "among young children.",
            ),
            ("subheading", "Diplomats push for a corridor"),
            (
                "paragraph",
                "Diplomatic efforts intensified this week. Envoys from the Contact Group, the "
                "five-nation body that brokered a ceasefire in the province two years ago, met "
                "representatives of both sides separately on Wednesday, according to two "
                "people familiar with the talks who spoke on condition of anonymity because "
                "they were not authorised to discuss them publicly.",
            ),
            (
                "paragraph",
                "Henrietta Marlowe, the group's special envoy, said the discussions had "
                "focused on a local truce that would allow civilians to leave and aid to "
                "enter, rather than on a wider political settlement.",
            ),
            (
                "paragraph",
                '"We are not asking anyone to give up their positions on the bigger questions '
                'tonight," Marlowe told reporters after the meeting. "We are asking for '
                "something smaller and more urgent: a safe road out for the sick, the old and "
                'the children, and a safe road in for bread and medicine." She said she '
                "expected to meet both delegations again within days.",
            ),
            (
                "paragraph",
                "The government has said it welcomes mediation but will not accept any "
                "arrangement that allows the armed groups to resupply. The Defence Committee "
                "has demanded that any corridor be monitored by international observers. "
                "Rights groups have called for independent investigations into reported "
                "strikes on residential buildings, a covered market and a bakery in the town "
                "centre. The army says it investigates all credible allegations of harm to "
                "civilians.",
            ),
            (
                "paragraph",
                "On Thursday evening, as the shelling resumed, a small group of people "
                "gathered at the checkpoint on the Keral road, waiting for relatives they "
                'hoped would get out before dark. "Every time a car comes round the bend, we '
                'all stand up," said one woman, who declined to give her name because she '
                'feared for family members still inside the town. "Then we sit down again."',
            ),
        ],
    },
    {
        "slug": "river-carrick-bursts-banks-millbrook",
        "title": "Homes evacuated as River Carrick bursts its banks after night of torrential rain",
        "standfirst": (
            "Around 120 properties in Millbrook were cleared overnight and a rest centre opened at "
            "St Brendan's church hall, with more rain forecast for Thursday."
        ),
        "byline": "Ruth Calloway and Sam Achterberg",
        "source_name": "",
        "source_url": "",
        "dateline": "Millbrook",
        "hours_ago": 14,
        "updated_hours_ago": 3,
        "topics": ["weather", "transport"],
        "comments_open": True,
        "lead": False,
        "body": [
            (
                "paragraph",
                "Firefighters and volunteers evacuated around 120 homes in Millbrook overnight "
                "after the River Carrick overtopped its banks following more than 70mm of rain "
                "in 18 hours.",
            ),
            (
                "paragraph",
                "Water up to a metre deep flooded Mill Lane, Tanner's Row and the lower end of "
                "Station Road in the early hours of Wednesday. Crews used boats to reach "
                "several elderly residents, and 34 people spent the night at a rest centre set "
                "up in St Brendan's church hall. No serious injuries were reported.",
            ),
            ("subheading", "'It came up so fast'"),
            (
                "paragraph",
                "Dorothy Ames, 76, who has lived on Tanner's Row for more than 40 years, said "
                "she was woken by a neighbour banging on her door shortly after 2am.",
            ),
            (
                "quote",
                {
                    "text": (
                        "It came up so fast. By the time I'd found my slippers it was over the "
                        "doorstep, and the firemen carried my cat out in a washing basket."
                    ),
                    "attribution": "Dorothy Ames, Tanner's Row resident",
                },
            ),
            (
                "paragraph",
                "The Carrick Catchment Authority issued a severe flood warning for the "
                "Millbrook stretch of the river at 1.15am. It said the river had peaked at 4.2 "
                "metres at the Millbrook gauge, the highest reading since records began in "
                "1979, and was now falling slowly.",
            ),
            ("subheading", "Roads and railway disrupted"),
            (
                "paragraph",
                "The B3127 remains closed between Millbrook and the Eastgate roundabout, and "
                "the Harbour Line is running a reduced service because of flooding near the "
                "Eastgate depot. Four schools in the area are closed for the day.",
            ),
            (
                "paragraph",
                "Forecasters expect a further 20 to 30mm of rain on Thursday. The council has "
                "opened a sandbag collection point at the Millbrook recycling centre and is "
                "urging drivers not to attempt to drive through flood water, however shallow "
                "it looks.",
            ),
            (
                "paragraph",
                "Councillor Priya Rendell, who represents Millbrook, said the long-promised "
                'flood defence scheme for the village had to be brought forward. "People here '
                'have been told for eight years that the wall is coming," she said. "After '
                'last night, nobody should have to wait another winter."',
            ),
            (
                "paragraph",
                "The council said a hardship fund would open on Friday for households without "
                "contents insurance, and that environmental health officers would visit "
                "flooded streets to advise on cleaning up safely.",
            ),
        ],
    },
    {
        "slug": "council-budget-libraries-spared",
        "title": "Council agrees £4.2m savings plan as branch libraries are spared",
        "standfirst": (
            "Port Carrick's ruling group pushed through a 4.99% council tax rise and cuts to "
            "back-office spending after a five-hour meeting, but the opposition said the deal only "
            "delayed harder choices."
        ),
        "byline": "Ruth Calloway, Local Democracy Reporter",
        "source_name": "",
        "source_url": "",
        "dateline": "Port Carrick",
        "hours_ago": 30,
        "updated_hours_ago": None,
        "topics": ["city-council"],
        "comments_open": True,
        "lead": False,
        "body": [
            (
                "paragraph",
                "Port Carrick City Council has approved a budget that will raise council tax "
                "by 4.99 per cent and save £4.2 million from next April, after a late "
                "amendment spared three branch libraries that had been earmarked for closure.",
            ),
            (
                "paragraph",
                "The budget passed by 31 votes to 22 at a full council meeting on Wednesday "
                "evening that ran for more than five hours, watched from a packed public "
                "gallery by library users, care workers and parents who had campaigned against "
                "cuts to the Westcliff children's centre.",
            ),
            ("subheading", "Where the savings fall"),
            (
                "paragraph",
                "Most of the savings will come from merging back-office teams, renegotiating "
                "the council's vehicle leases and switching the remaining street lights to LED "
                "bulbs, which officers estimate will save £610,000 a year in energy costs. "
                "Opening hours at the civic centre reception will be cut, and garden waste "
                "collections will become fortnightly all year round.",
            ),
            (
                "paragraph",
                "The Westcliff, Millbrook and Harbourside libraries will stay open for at "
                "least two years, funded in part by a £350,000 draw from reserves. Their "
                "opening hours will be reviewed in the autumn.",
            ),
            (
                "quote",
                {
                    "text": (
                        "We listened, and we changed the plan. Nobody comes into local government "
                        "to raise council tax, but the alternative was cutting services that "
                        "families rely on every single day."
                    ),
                    "attribution": "Councillor Margaret Ellery, cabinet member for finance",
                },
            ),
            (
                "paragraph",
                'The opposition said relying on reserves was a short-term fix. "This budget '
                'patches the roof with money we will need when the next storm comes," said '
                "Councillor Daniel Okafor, who leads the opposition group. \"In two years' time "
                "we will be back in this chamber having the same argument, with less in the "
                'bank."',
            ),
            (
                "paragraph",
                "For a Band D property, the rise adds £94 a year to the bill, taking the "
                "council's share to just under £1,980. The separate police and fire precepts "
                "will be set later this month.",
            ),
            (
                "paragraph",
                "The council says its government grant has fallen by a third in real terms "
                "over the past decade, while demand for adult social care, which now accounts "
                "for almost half of its spending, continues to rise.",
            ),
        ],
    },
    {
        "slug": "rovers-late-winner-hallam",
        "title": "Okonjo's stoppage-time header keeps Rovers in the promotion hunt",
        "standfirst": (
            "Carrick Rovers came from behind to beat Hallam Town 2-1 in front of their biggest "
            "home crowd of the season."
        ),
        "byline": "Declan Ferris, Sports Reporter",
        "source_name": "",
        "source_url": "",
        "dateline": "Port Carrick",
        "hours_ago": 40,
        "updated_hours_ago": None,
        "topics": ["sport"],
        "comments_open": True,
        "lead": False,
        "body": [
            (
                "paragraph",
                "Tobi Okonjo rose highest to meet a corner in the third minute of stoppage "
                "time and give Carrick Rovers a 2-1 win over Hallam Town at the Ropeworks "
                "Ground on Saturday, keeping their hopes of automatic promotion alive with "
                "five games left.",
            ),
            (
                "paragraph",
                "A crowd of 6,112, the largest at the ground this season, had watched Rovers "
                "fall behind in the 23rd minute when Hallam's Luca Brandt curled a free kick "
                "over the wall and in off the post.",
            ),
            (
                "paragraph",
                "Rovers struggled to create anything before half-time, and manager Steve "
                "Corbally made two changes at the break, bringing on the winger Jamie Rourke "
                "and switching to two strikers.",
            ),
            ("subheading", "Changes pay off"),
            (
                "paragraph",
                "The changes worked. Rourke's low cross was turned in by Marcus Dale on the "
                "hour, and Rovers pinned Hallam back for most of the final half-hour. The "
                "visiting goalkeeper, Adam Fisk, made three fine saves, including a one-handed "
                "stop from a Dale volley, before Okonjo's late header settled it.",
            ),
            (
                "quote",
                {
                    "text": (
                        "I just shut my eyes and attacked it. The lads never stopped running, and "
                        "with this crowd behind you there's always one more chance coming."
                    ),
                    "attribution": "Tobi Okonjo, Carrick Rovers defender",
                },
            ),
            (
                "paragraph",
                "Corbally praised his side's response but admitted the first half had not been "
                'good enough. "We were too slow and too safe," he said. "I told them at '
                'half-time that nobody remembers the games where you passed it sideways."',
            ),
            (
                "paragraph",
                "The win lifts Rovers to third in the table, two points behind second-placed "
                "Dunmore Athletic, whom they visit next Saturday.",
            ),
        ],
    },
    {
        "slug": "harbour-line-opens",
        "title": "First passengers ride the Harbour Line as £310m rail link opens four years late",
        "standfirst": (
            "Trains began running between Eastgate and the ferry terminal at dawn on Monday, "
            "cutting a 40-minute bus journey to 14 minutes."
        ),
        "byline": "Sam Achterberg, Transport Correspondent",
        "source_name": "",
        "source_url": "",
        "dateline": "Port Carrick",
        "hours_ago": 52,
        "updated_hours_ago": 49,
        "topics": ["transport", "harbourside"],
        "comments_open": True,
        "lead": False,
        "body": [
            (
                "paragraph",
                "The first train on the Harbour Line pulled out of Eastgate station at 5.52am "
                "on Monday with more than 200 people on board, many of them rail enthusiasts "
                "who had queued since before midnight to be among the first passengers.",
            ),
            (
                "paragraph",
                "The 6.4-kilometre line, built along the route of a freight railway that "
                "closed in 1987, links the city's main station with four new stops on the "
                "waterfront before ending at the ferry terminal. Trains will run every 15 "
                "minutes at peak times and every half hour in the evenings and on Sundays.",
            ),
            ("subheading", "Delays and overspend"),
            (
                "paragraph",
                "The project was originally due to open four years ago at a cost of £220 "
                "million. Contaminated ground at the old gasworks site and a long dispute with "
                "the main contractor over signalling pushed both the timetable and the budget "
                "far beyond their original targets.",
            ),
            (
                "quote",
                {
                    "text": (
                        "It has taken longer than any of us wanted, and I won't pretend otherwise. "
                        "But this morning a nurse can get from Eastgate to the hospital stop in "
                        "eight minutes. That is what this was for."
                    ),
                    "attribution": "Helen Marchetti, chief executive of Carrick Transit",
                },
            ),
            (
                "paragraph",
                "Among the early passengers was Arthur Penhale, 81, who worked as a shunter on "
                'the freight line in the 1970s. "I rode the last goods train out of here," he '
                'said. "I never thought I\'d see passengers on these rails again."',
            ),
            (
                "paragraph",
                "Not everything was ready on opening day. The lift at Chandlers Wharf, the "
                "stop closest to the new housing on the old dockyard, is not yet working, so "
                "the platform is not step-free. Carrick Transit said it expected the lift to "
                "be in service in March and that a free accessible taxi would run between "
                "Chandlers Wharf and the next stop until then.",
            ),
            (
                "paragraph",
                "Single fares start at £1.80, and the line accepts the same contactless cards "
                "and passes as the city's buses.",
            ),
        ],
    },
    {
        "slug": "fringe-on-the-quay-returns",
        "title": "Fringe on the Quay returns with 60 shows in ten days and a stage on a barge",
        "standfirst": (
            "The harbourside festival opens on Friday with new writing, circus and a late-night "
            "cabaret in a converted grain store."
        ),
        "byline": "Imogen Sallis, Arts Editor",
        "source_name": "",
        "source_url": "",
        "dateline": "Port Carrick",
        "hours_ago": 80,
        "updated_hours_ago": None,
        "topics": ["culture", "harbourside"],
        "comments_open": True,
        "lead": False,
        "body": [
            (
                "paragraph",
                "Port Carrick's Fringe on the Quay opens on Friday with 60 productions across "
                "nine venues, including, for the first time, a floating stage on a restored "
                "Dutch barge moored at Chandlers Wharf.",
            ),
            (
                "paragraph",
                "Now in its twelfth year, the festival has grown from a weekend of free street "
                "performances into one of the busiest dates in the region's cultural calendar. "
                "Organisers sold 38,000 tickets last year and expect to pass that figure this "
                "time.",
            ),
            ("subheading", "New writing in an old grain store"),
            (
                "paragraph",
                "The opening production is The Salt Wives, a new play by the local writer "
                "Niamh Corrigan about the women who gutted and packed herring on the quays in "
                "the 1930s. It runs for all ten days in the Grain Store, a Victorian warehouse "
                "the festival has leased and turned into a 180-seat theatre.",
            ),
            (
                "quote",
                {
                    "text": (
                        "My great-grandmother did that work, up to her elbows in brine from five "
                        "in the morning. Their stories were never written down. It felt right to "
                        "put them on a stage a hundred yards from where they stood."
                    ),
                    "attribution": "Niamh Corrigan, playwright",
                },
            ),
            (
                "paragraph",
                "The programme also includes a circus company from Marseille, a cabaret that "
                "starts at 11pm, and an evening of readings by writers from the city's Turkish "
                "and Polish communities, performed in both languages with surtitles.",
            ),
            (
                "paragraph",
                "Tickets for most shows cost between £8 and £15, and every production has a "
                "pay-what-you-can night. The festival director, Femi Adeyemi, said keeping "
                "prices low was a deliberate choice. \"If a family from Westcliff can't afford "
                "to come, we've failed, however good the reviews are,\" he said.",
            ),
            (
                "paragraph",
                "Street performances along the quay are free and run daily from noon, and the "
                "barge stage will host children's shows every morning.",
            ),
        ],
    },
    {
        "slug": "lifeboat-charity-treasurer-trial",
        "title": "Former lifeboat charity treasurer denies taking £180,000, court hears",
        "standfirst": (
            "The trial of a retired accountant accused of taking money from a volunteer lifeboat "
            "fund over six years has begun at Carrick Crown Court."
        ),
        "byline": "Peter Lindqvist, Courts Reporter",
        "source_name": "",
        "source_url": "",
        "dateline": "Port Carrick",
        "hours_ago": 100,
        "updated_hours_ago": None,
        "topics": ["courts"],
        "comments_open": False,
        "lead": False,
        "body": [
            (
                "paragraph",
                "A former treasurer of a volunteer lifeboat charity took more than £180,000 "
                "from its accounts over six years and spent the money on holidays, a car and "
                "home improvements, the prosecution told a jury on Tuesday.",
            ),
            (
                "paragraph",
                "Graham Pollard, 63, of Westcliff, denies two counts of fraud by abuse of "
                "position and one count of false accounting. He was treasurer of the Carrick "
                "Bay Inshore Rescue Trust, which runs an independent lifeboat station at "
                "Saltcombe Point, between 2016 and 2022.",
            ),
            ("subheading", "The prosecution case"),
            (
                "paragraph",
                "Opening the case, Alison Brennan KC told the jury that Mr Pollard had sole "
                "control of the trust's bank accounts and had made more than 140 transfers to "
                "accounts in his own name, recording them in the charity's books as payments "
                "for fuel, equipment and maintenance.",
            ),
            (
                "paragraph",
                '"The prosecution says those payments were never for the lifeboat," she said. '
                '"The crew were shaking buckets on the seafront while, we say, the money they '
                'raised was leaving by the back door."',
            ),
            (
                "paragraph",
                "The court heard that the transfers came to light when a new treasurer was "
                "appointed in 2022 and could not match invoices to a number of payments.",
            ),
            ("subheading", "The defence"),
            (
                "paragraph",
                "Mr Pollard's barrister, Jonathan Hale, said his client accepted that some "
                "money had passed through his personal accounts, but that it had been used to "
                "buy equipment and pay suppliers on the charity's behalf, sometimes in cash, "
                'at a time when the trust\'s record-keeping was "informal at best".',
            ),
            (
                "paragraph",
                '"This is a man who gave twenty years of his life to that station," Mr Hale '
                'said. "The question for you is not whether the paperwork was poor. It is '
                'whether he was dishonest. He says he was not."',
            ),
            ("paragraph", "The trial, which is expected to last three weeks, continues."),
        ],
    },
    {
        "slug": "ropewalk-bakery-centenary",
        "title": "A century of sourdough: Ropewalk bakery marks 100 years on the same street",
        "standfirst": (
            "Four generations of the Mercer family have baked bread on Ropewalk Lane, using a "
            "starter they say has been kept alive since the 1920s."
        ),
        "byline": "Imogen Sallis",
        "source_name": "",
        "source_url": "",
        "dateline": "Port Carrick",
        "hours_ago": 866,
        "updated_hours_ago": None,
        "topics": ["business", "harbourside"],
        "comments_open": True,
        "lead": False,
        "body": [
            (
                "paragraph",
                "When Albert Mercer opened a bakery on Ropewalk Lane in 1925, his customers "
                "were rope-makers, dockers and the crews of fishing boats who wanted bread "
                "that would last a week at sea. A hundred years later the shop is still there, "
                "and so, the family says, is the sourdough starter he brought with him.",
            ),
            (
                "paragraph",
                "Mercer's Bakery celebrates its centenary this weekend with a street party, "
                "free samples and an exhibition of old photographs in the shop window. It is "
                "now run by Albert's great-granddaughter, Kate Mercer, 38, and her husband, "
                "Tomasz Wilk, who trained as a pastry chef in Kraków.",
            ),
            ("subheading", "Outlasting the supermarkets"),
            (
                "paragraph",
                "The bakery has come through wartime rationing, the closure of the docks and "
                "the arrival of three supermarkets within a mile of its door.",
            ),
            (
                "quote",
                {
                    "text": (
                        "Every decade somebody tells us we're finished. And every decade people "
                        "still want a proper loaf and someone behind the counter who knows their "
                        "name."
                    ),
                    "attribution": "Kate Mercer, owner of Mercer's Bakery",
                },
            ),
            (
                "paragraph",
                "The business now employs 14 people, supplies bread to nine cafes and "
                "restaurants across the city and has begun selling loaves from a stall at the "
                "ferry terminal. Turnover has grown by about a fifth in two years, Mercer "
                "said, helped by the new flats on the old dockyard and by the queues that form "
                "along the lane on Saturday mornings.",
            ),
            (
                "paragraph",
                "Rising costs remain a worry. Flour prices and the energy bills for the "
                "bakery's two deck ovens have both climbed sharply, and last spring the shop "
                "raised the price of its signature loaf from £3.20 to £3.60.",
            ),
            (
                "paragraph",
                '"We thought hard about it," Wilk said. "But we won\'t cut corners on the '
                'flour. The starter deserves better than that."',
            ),
            (
                "paragraph",
                "The street party runs from 10am to 4pm on Saturday, and Ropewalk Lane will be "
                "closed to traffic for the day.",
            ),
        ],
    },
]

# Reader comments. ``parent`` is an index into this list (an approved comment on the
# same article) or None. The pending ones fill the moderation queue.
DEMO_COMMENTS: list[dict] = [
    {
        "article": "harbour-line-opens",
        "name": "Margaret Thorne",
        "text": (
            "Rode it this morning from Eastgate to the ferry terminal in fourteen minutes, as "
            "promised. Clean, quiet and on time. Long may it last."
        ),
        "status": "approved",
        "parent": None,
    },
    {
        "article": "harbour-line-opens",
        "name": "Owen Pritchard",
        "text": (
            "Good news overall, but the lift at Chandlers Wharf still isn't working. Wheelchair "
            "users were promised step-free access from day one, and a taxi isn't the same thing."
        ),
        "status": "approved",
        "parent": None,
    },
    {
        "article": "harbour-line-opens",
        "name": "Sunita K",
        "text": (
            "Agreed, Owen. The article says March for the lift. I'll believe it when I see it, but "
            "at least the taxi is free in the meantime."
        ),
        "status": "approved",
        "parent": 1,
    },
    {
        "article": "council-budget-libraries-spared",
        "name": "Dev Mistry",
        "text": (
            "Glad the libraries are safe, but a 4.99% rise on top of everything else is going to "
            "hurt a lot of families in Westcliff."
        ),
        "status": "approved",
        "parent": None,
    },
    {
        "article": "council-budget-libraries-spared",
        "name": "Hannah Lowe",
        "text": (
            "It was that or cut social care even further. The grant from government has been "
            "shrinking for a decade. There are no painless options left."
        ),
        "status": "approved",
        "parent": 3,
    },
    {
        "article": "river-carrick-bursts-banks-millbrook",
        "name": "Sally from Millbrook",
        "text": (
            "Huge thanks to the fire crews and the volunteers at St Brendan's. They had tea, "
            "blankets and dry socks waiting for everyone at three in the morning."
        ),
        "status": "approved",
        "parent": None,
    },
    {
        "article": "fringe-on-the-quay-returns",
        "name": "Colm",
        "text": (
            "Saw a preview of The Salt Wives last night. Go if you can, the cast is superb and the "
            "final scene on the quay had half the audience in tears."
        ),
        "status": "pending",
        "parent": None,
    },
    {
        "article": "rovers-late-winner-hallam",
        "name": "RoversTillIDie",
        "text": (
            "Deserved that. The ref was poor all afternoon but we kept our heads, and Rourke "
            "changed the game as soon as he came on."
        ),
        "status": "pending",
        "parent": None,
    },
    {
        "article": "council-budget-libraries-spared",
        "name": "Frank W",
        "text": (
            "Another year, another rise, and senior officers' pay goes up again. This cabinet "
            "should be ashamed of this budget, and I'll remember it at the ballot box in May."
        ),
        "status": "pending",
        "parent": None,
    },
    {
        "article": "council-budget-libraries-spared",
        "name": "truthteller77",
        "text": (
            "You'd have to be a fucking idiot to believe a word Ellery says. Useless, the lot of "
            "them, and so is whoever wrote this crap."
        ),
        "status": "pending",
        "parent": None,
    },
    {
        "article": "council-budget-libraries-spared",
        "name": "Westcliff Lad",
        "text": "Ellery, we know which car is yours in the civic centre car park. Watch your back.",
        "status": "pending",
        "parent": None,
    },
    {
        "article": "river-carrick-bursts-banks-millbrook",
        "name": "angry resident",
        "text": (
            "The bloke in charge of the pumps is Gary Holbrook. Ring him on 07700 900417 or go "
            "round to 22 Kestrel Close, Port Carrick PC4 2HX and tell him what you think of his "
            "work."
        ),
        "status": "pending",
        "parent": None,
    },
    {
        "article": "rovers-late-winner-hallam",
        "name": "BigWinz",
        "text": (
            "WIN BIG THIS WEEKEND!!! 200 free spins no deposit at "
            "https://luckyspins-casino.example.com and https://bonus-bet.example.net/claim - "
            "limited time only!!!"
        ),
        "status": "pending",
        "parent": None,
    },
    {
        "article": "siege-of-sarvan-third-week",
        "name": "Kemal",
        "text": "Bu haberi yazan gerizekalı ne anlatıyor amk, hepiniz yalancısınız.",  # noqa: RUF001 (Turkish dotless i)
        "status": "pending",
        "parent": None,
    },
]


def word_count(article: dict) -> int:
    """Words in an article's body: paragraphs, subheadings and quotes (not the standfirst)."""
    total = 0
    for kind, content in article["body"]:
        text = content["text"] if kind == "quote" else content
        total += len(str(text).split())
    return total
