"""General knowledge the rules may use on any text: not learned from the seeds.

States (with demonyms) that a text may name without the curated entity files
knowing them yet, office titles, and calendar words. The leave-one-out score
is honest only if nothing here is copied from one seed text's annotations, so
these are generic lists, not the conflict's cast.
"""

from __future__ import annotations

#: state name -> demonyms (adjective first). Curated entities win over these.
STATES: dict[str, tuple[str, ...]] = {
    "Afghanistan": ("Afghan",),
    "Albania": ("Albanian",),
    "Algeria": ("Algerian",),
    "Armenia": ("Armenian", "Armenians"),
    "Australia": ("Australian",),
    "Austria": ("Austrian",),
    "Azerbaijan": ("Azerbaijani", "Azeri", "Azeris"),
    "Bahrain": ("Bahraini",),
    "Belarus": ("Belarusian",),
    "Belgium": ("Belgian",),
    "Bosnia and Herzegovina": ("Bosnian",),
    "Brazil": ("Brazilian",),
    "Bulgaria": ("Bulgarian",),
    "Canada": ("Canadian",),
    "China": ("Chinese",),
    "Croatia": ("Croatian",),
    "Cyprus": ("Cypriot",),
    "Czech Republic": ("Czech",),
    "Denmark": ("Danish",),
    "Egypt": ("Egyptian",),
    "Estonia": ("Estonian",),
    "Finland": ("Finnish",),
    "France": ("French",),
    "Georgia": ("Georgian",),
    "Germany": ("German",),
    "Greece": ("Greek",),
    "Hungary": ("Hungarian",),
    "India": ("Indian",),
    "Indonesia": ("Indonesian",),
    "Iran": ("Iranian",),
    "Iraq": ("Iraqi",),
    "Ireland": ("Irish",),
    "Israel": ("Israeli",),
    "Italy": ("Italian",),
    "Japan": ("Japanese",),
    "Jordan": ("Jordanian",),
    "Kazakhstan": ("Kazakh",),
    "Kyrgyzstan": ("Kyrgyz",),
    "Latvia": ("Latvian",),
    "Lebanon": ("Lebanese",),
    "Libya": ("Libyan",),
    "Lithuania": ("Lithuanian",),
    "Moldova": ("Moldovan",),
    "Netherlands": ("Dutch",),
    "North Korea": ("North Korean",),
    "Norway": ("Norwegian",),
    "Pakistan": ("Pakistani",),
    "Poland": ("Polish",),
    "Portugal": ("Portuguese",),
    "Qatar": ("Qatari",),
    "Romania": ("Romanian",),
    "Russia": ("Russian",),
    "Saudi Arabia": ("Saudi",),
    "Serbia": ("Serbian",),
    "Slovakia": ("Slovak",),
    "South Korea": ("South Korean",),
    "Spain": ("Spanish",),
    "Sweden": ("Swedish",),
    "Switzerland": ("Swiss",),
    "Syria": ("Syrian",),
    "Tajikistan": ("Tajik",),
    "Turkey": ("Turkish",),
    "Turkmenistan": ("Turkmen",),
    "Ukraine": ("Ukrainian",),
    "United Arab Emirates": ("Emirati",),
    "United Kingdom": ("British",),
    "United States": ("American",),
    "Uzbekistan": ("Uzbek",),
    "Vatican City": (),
}

#: Continents and large regions (name -> other names): places, not states.
REGIONS: dict[str, tuple[str, ...]] = {
    "Europe": ("European continent",),
    "Asia": (),
    "Africa": (),
    "Middle East": (),
    "Central Asia": (),
    "South Caucasus": (),
    "North Caucasus": (),
    "Balkans": (),
    "Latin America": (),
}

#: Capitals a text may name for their state ("Moscow said", "talks in Tehran"): capital -> state.
#: (Not Brussels, which stands for the EU as often as for Belgium; not Jerusalem, contested.)
CAPITALS: dict[str, str] = {
    "Moscow": "Russia",
    "Ankara": "Turkey",
    "Tehran": "Iran",
    "Tbilisi": "Georgia",
    "Yerevan": "Armenia",
    "Baku": "Azerbaijan",
    "Washington": "United States",
    "London": "United Kingdom",
    "Paris": "France",
    "Berlin": "Germany",
    "Kyiv": "Ukraine",
    "Minsk": "Belarus",
    "Astana": "Kazakhstan",
    "Bishkek": "Kyrgyzstan",
    "Tashkent": "Uzbekistan",
    "Dushanbe": "Tajikistan",
    "Ashgabat": "Turkmenistan",
    "Beijing": "China",
    "New Delhi": "India",
    "Islamabad": "Pakistan",
    "Damascus": "Syria",
    "Doha": "Qatar",
    "Cairo": "Egypt",
    "Rome": "Italy",
    "Athens": "Greece",
}

#: Short names every reader knows; curated aliases win over these.
STATE_ALIASES: dict[str, tuple[str, ...]] = {
    "United Kingdom": ("UK", "Britain"),
    "United States": ("US", "USA", "United States of America"),
    "United Arab Emirates": ("UAE",),
    "France": ("French Republic",),
    "Iran": ("Islamic Republic of Iran",),
    "Turkey": ("Türkiye", "Republic of Turkey", "Republic of Türkiye"),
    "Georgia": ("Republic of Georgia",),
}

#: Seats of government a text names for the government itself ("the Kremlin said") -> state
SEATS: dict[str, str] = {
    "Kremlin": "Russia",
    "White House": "United States",
    "Downing Street": "United Kingdom",
    "Élysée": "France",
    "Elysee": "France",
}

#: Acronyms of common words, not of organisations ("GDP", "UAVs").
COMMON_ACRONYMS = frozenset("GDP GNP CEO AI IT TV PM MP UAV UCAV MRLS IDP APC IFV PR UK US USA".split())

#: Office words that precede a person's name; value: the office's canonical wording.
TITLES: dict[str, str] = {
    "President": "President",
    "Prime Minister": "Prime Minister",
    "PM": "Prime Minister",
    "Foreign Minister": "Foreign Minister",
    "Defence Minister": "Defence Minister",
    "Defense Minister": "Defence Minister",
    "Defence Secretary": "Defence Secretary",
    "Secretary of State": "Secretary of State",
    "Chancellor": "Chancellor",
    "Secretary": "Secretary",
    "Minister": "Minister",
    "General": "General",
    "Chief of the General Staff": "Chief of the General Staff",
    "Chief of General Staff": "Chief of the General Staff",
    "Deputy Prime Minister": "Deputy Prime Minister",
    "Deputy Foreign Minister": "Deputy Foreign Minister",
    "Vice President": "Vice President",
    "Interior Minister": "Interior Minister",
    "Human Rights Defender": "Human Rights Defender",
    "Ombudsman": "Ombudsman",
    "Prosecutor General": "Prosecutor General",
    "Secretary General": "Secretary General",
    "Secretary-General": "Secretary General",
    "King": "King",
    "Emperor": "Emperor",
    "Pope": "Pope",
    "Colonel": "Colonel",
    "Ambassador": "Ambassador",
    # the formal names agreements and ministries use
    "Minister of Foreign Affairs": "Foreign Minister",
    "Minister of Defence": "Defence Minister",
    "Minister of Defense": "Defence Minister",
    "Minister for Foreign Affairs": "Foreign Minister",
}
#: Honorifics: mark a person but name no office.
HONORIFICS = ("Mr", "Mrs", "Ms", "Miss", "Dr", "Sir", "Lt", "Lord", "Baroness", "Dame")
#: military ranks before a name: a person, but no office ("Senior Lieutenant Ararat Gasparyan")
RANKS = (
    "Major General",
    "Lieutenant General",
    "Lieutenant Colonel",
    "Senior Lieutenant",
    "Lieutenant",
    "Major",
    "Captain",
    "Sergeant",
    "Private",
)

MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")

#: Capitalised words that start sentences or headings but name nothing.
NOT_NAMES = frozenset(
    """A An The This That These Those It Its In On At By For From To Of And But Or Yet So As
    If When While Since After Before During Despite Although Though However Nevertheless
    Moreover Indeed Consequently Unlike Beyond Following Compare Control Strategy Whatever
    Hard Even Source Photo Image Description Acknowledgments See For Activists Volunteers
    Every Defined Context External Diverging Conclusions
    Timing Serious Facts New Moving Sadly Few No One There We Our They Their He She His Her
    Nine Following Unlike Beyond Such Once Staff Head Assistant Chairman Director Adviser Advisor
    Note Rule Article Paragraph Section Annex Chapter Update
    Condemns Calls Urges Welcomes Stresses Notes Regrets Demands Expresses Reiterates Considers
    Deplores Recalls Instructs Insists Underlines Emphasises Emphasizes Reaffirms""".split()
)
