"""Word lists for finding facts in news text (facts.py): generic English and news usage.

None of these lists names a person or is tuned to one article: titles, honorifics, organisation
and place words, countries and large cities, number words and units. A word missing here costs
a candidate in some article; scripts/coverage_eval.py measures what they find and miss.
"""

from __future__ import annotations


def _set(words: str) -> frozenset[str]:
    return frozenset(words.split())


MONTH_NAMES = "January|February|March|April|May|June|July|August|September|October|November|December"
MONTH_ABBR = r"(?:Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec)\."
WEEKDAY_NAMES = "Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday"
MONTHS = tuple(MONTH_NAMES.lower().split("|"))  # january ... december
WEEKDAYS = tuple(WEEKDAY_NAMES.lower().split("|"))  # monday ... sunday
MONTH_BY_ABBR = {m[:3]: m for m in MONTHS}  # "jan" -> "january"
# relative dates: a unit of time, and the words that make a date relative ("last week")
RELATIVE_UNITS = frozenset(
    ["day", "days", "week", "weeks", "weekend", "month", "months", "year", "years", "decade", "decades"]
)
RELATIVE_WORDS = RELATIVE_UNITS | frozenset(["last", "next", "previous", "following", "past", "this"])
# small words a card's wording may add around the article's words ("an expert at ...", "the president of ...")
FILLER_WORDS = frozenset(
    [
        "a",
        "an",
        "the",
        "of",
        "at",
        "in",
        "on",
        "for",
        "to",
        "and",
        "or",
        "with",
        "from",
        "by",
        "as",
        "its",
        "his",
        "her",
        "their",
        "who",
        "which",
        "that",
        "is",
        "was",
        "s",
    ]
)
DATE_WORDS = _set(
    "january february march april june july august september october november december "
    "jan feb mar apr jun jul aug sep sept oct nov dec monday tuesday wednesday thursday friday saturday sunday"
)

# --- numbers ---------------------------------------------------------------------------------
# exact cardinal numbers in words: what "Five" in an answer means (checks, quizzes)
NUMBER_WORDS_EXACT = {
    **{
        word: value
        for value, word in enumerate(
            [
                "zero",
                "one",
                "two",
                "three",
                "four",
                "five",
                "six",
                "seven",
                "eight",
                "nine",
                "ten",
                "eleven",
                "twelve",
                "thirteen",
                "fourteen",
                "fifteen",
                "sixteen",
                "seventeen",
                "eighteen",
                "nineteen",
                "twenty",
            ]
        )
    },
    **{word: 10 * n for n, word in enumerate(["thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"], 3)},
    "hundred": 100,
    "thousand": 1000,
    "million": 10**6,
    "billion": 10**9,
    "trillion": 10**12,
    "dozen": 12,
}
# news text: the exact numbers plus a value for the plural forms (coverage's candidates)
NUMBER_WORD_VALUE = {
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "thirteen": 13,
    "fourteen": 14,
    "fifteen": 15,
    "sixteen": 16,
    "seventeen": 17,
    "eighteen": 18,
    "nineteen": 19,
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "fifty": 50,
    "sixty": 60,
    "seventy": 70,
    "eighty": 80,
    "ninety": 90,
    "hundred": 100,
    "thousand": 1000,
    "million": 1_000_000,
    "billion": 1_000_000_000,
    "trillion": 1_000_000_000_000,
    "dozen": 12,
    "dozens": 24,
    "hundreds": 200,
    "thousands": 2000,
    "millions": 2_000_000,
}
NUMBER_WORDS_ORDERED = sorted(NUMBER_WORD_VALUE, key=len, reverse=True)  # longest first for the regex
NUMBER_WORDS = "|".join(NUMBER_WORDS_ORDERED)
SMALL_NUMBER_WORDS = "|".join(w for w in NUMBER_WORDS_ORDERED if NUMBER_WORD_VALUE[w] <= 90 and w != "one")
# "second summit", "third meeting"; not "first", which is mostly "for the first time"
ORDINAL_WORDS = (
    "second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|eleventh|twelfth|"
    "thirteenth|fourteenth|fifteenth|sixteenth|seventeenth|eighteenth|nineteenth|twentieth"
)
QUALIFIERS = (
    r"more\sthan|less\sthan|fewer\sthan|nearly|almost|about|around|roughly|approximately|over|under|"
    r"at\sleast|at\smost|up\sto|just|some|as\smany\sas|close\sto|an\sestimated"
)
UNITS = (
    r"seconds?|minutes?|hours?|days?|weeks?|months?|years?|decades?|centur(?:y|ies)|"
    r"percent|per\scent|percentage\spoints?|"
    r"dollars?|euros?|pounds?|won|yen|yuan|rubles?|roubles?|"
    r"kilometers?|kilometres?|km|miles?|meters?|metres?|kilograms?|kg|tons?|tonnes?|times"
)
UNIT_AFTER_YEAR = (
    r"years?|people|persons|members|soldiers|troops|workers|students|cases|deaths|victims|times|votes|"
    r"km|miles|metres|meters|tons|tonnes|dollars|won|yen|yuan|euros"
)
MINUTES_PER = {"second": 1 / 60, "minute": 1, "hour": 60, "day": 1440, "week": 10080}
GROUP_WORDS_AFTER_ARTICLE = _set("two three four five six seven eight nine ten dozen")
GROUP_DETERMINERS = r"the|these|those|both|all|its|their"

# --- names -----------------------------------------------------------------------------------
# words ending in a full stop that is part of the word (not the end of a sentence)
ABBREVIATIONS = (
    r"Mr|Mrs|Ms|Dr|Prof|Gen|Sen|Rep|Gov|St|Jr|Sr|Lt|Col|Capt|Sgt|Rev|"
    r"Jan|Feb|Mar|Apr|Aug|Sept|Sep|Oct|Nov|Dec|U\.S|U\.K|U\.N|E\.U|No|vs|Inc|Corp|Co|Ltd"
)
# titles, offices and honorifics written before a name: taken off it, and a sign it is a person
TITLES = _set(
    "president presidents president-elect vice prime minister ministers pm secretary secretary-general "
    "state defense defence finance foreign interior treasury commerce trade justice unification "
    "chancellor premier chairman chairwoman chair chief executive ceo director editor publisher "
    "publisher-chairman reporter correspondent columnist writer spokesman spokeswoman spokesperson "
    "adviser advisor ambassador envoy governor mayor senator sen rep representative congressman "
    "congresswoman lawmaker legislator judge general gen admiral colonel col lt captain capt sergeant sgt "
    "king queen prince princess emperor empress pope sir dame lord lady first dr mr mrs ms miss mx prof "
    "professor rev reverend national security deputy acting former then-president current leader leaders "
    "official officials analyst expert economist author host coach anchor delegate assistant associate "
    "senior top opposition supreme crown"
)
DEMONYMS = _set(
    "american british english scottish welsh irish french german italian spanish portuguese dutch belgian "
    "swiss austrian swedish norwegian danish finnish polish czech hungarian romanian bulgarian greek turkish "
    "russian ukrainian belarusian georgian armenian israeli palestinian iranian iraqi syrian saudi egyptian "
    "lebanese jordanian emirati qatari afghan pakistani indian bangladeshi nepali chinese japanese korean "
    "taiwanese mongolian vietnamese thai cambodian burmese malaysian singaporean indonesian filipino "
    "australian canadian mexican brazilian argentine argentinian chilean colombian venezuelan cuban "
    "peruvian nigerian kenyan ethiopian african european asian arab western eastern northern southern "
    "sino-japanese sino-korean buddhist christian muslim catholic protestant jewish hindu "
    "u.s. us uk un eu"
)
# a word in one of these makes the capitalised run an organisation, a building, an event or a title
ORG_WORDS = _set(
    "university universities college school academy institute institution foundation association society "
    "court courts united mine mines bank banks fund group holdings company companies corporation corp inc ltd llc l.p. co "
    "ministry department agency bureau office council committee commission board authority service "
    "party congress parliament assembly senate cabinet government administration presidency "
    "times news post press journal daily herald tribune gazette shimbun ilbo telegraph guardian "
    "broadcaster broadcasting television radio network media agency "
    "hotel hotels temple shrine church cathedral mosque palace residence house hall tower airport "
    "station port square street road avenue bridge park museum library hospital stadium center centre "
    "prefecture province county city district region island islands sea ocean river mountain mountains "
    "peninsula strait bay gulf valley lake coast "
    "republic kingdom empire union nations federation alliance league coalition forum summit conference "
    "cooperation organization organisation treaty accord agreement act pact program programme initiative "
    "army navy force forces police guard military command "
    "electronics motor motors airlines steel energy industries systems technologies studies affairs "
    "relations policy security economic international national global public communist democratic "
    "republican liberal conservative labour labor people's world heritage award awards prize war wars "
    "club band festival games olympics cup series movie film album song"
)
DIRECTIONS = _set(
    "north south east west northeast northwest southeast southwest northern southern eastern western "
    "central upper lower greater"
)
# countries, continents and large cities: a capitalised run with one of them is a place
PLACES = _set(
    "afghanistan albania algeria angola argentina armenia australia austria azerbaijan bahrain bangladesh "
    "belarus belgium bolivia bosnia brazil bulgaria cambodia cameroon canada chile china colombia congo "
    "croatia cuba cyprus czechia denmark ecuador egypt estonia ethiopia finland france georgia germany "
    "ghana greece guatemala haiti honduras hungary iceland india indonesia iran iraq ireland israel italy "
    "jamaica japan jordan kazakhstan kenya korea koreas kosovo kuwait laos latvia lebanon libya lithuania "
    "luxembourg malaysia mali malta mexico moldova mongolia montenegro morocco myanmar nepal netherlands "
    "nicaragua niger nigeria norway oman pakistan palestine panama paraguay peru philippines poland "
    "portugal qatar romania russia rwanda senegal serbia singapore slovakia slovenia somalia spain "
    "sudan sweden switzerland syria taiwan tajikistan tanzania thailand tunisia turkey turkmenistan "
    "uganda ukraine uruguay uzbekistan venezuela vietnam yemen zambia zimbabwe america americas "
    "britain england scotland wales europe asia africa oceania antarctica arctic "
    "u.s. u.k. usa uk eu "
    "beijing shanghai hong kong macau tokyo osaka kyoto seoul busan pyongyang taipei moscow kyiv kiev "
    "london paris berlin rome madrid brussels vienna warsaw washington york chicago geneva "
    "delhi mumbai bangkok hanoi jakarta manila sydney canberra ottawa toronto tehran baghdad damascus "
    "jerusalem cairo istanbul ankara dubai riyadh kabul islamabad"
)
# a capitalised run right after one of these is a place or an organisation, unless a title says otherwise
PLACE_CUES = _set("in at near across outside inside toward towards via")
# words that begin a sentence without being part of a name
FUNCTION_WORDS = _set(
    "a an the this that these those then than but and or nor so yet if when while as at by for from in "
    "into of on to with without after before since until during despite amid among between against about "
    "over under what why who whom whose how where which however meanwhile instead still even just also both "
    "either neither some many most more few each every all such other another our their his her its my your "
    "we they he she it i you there here not no yes according earlier later today tomorrow yesterday "
    "although though because unlike like per via"
)
