//! The phrase classes finkg's own code names: each is a list of `lexicon.ron` (a field,
//! or an entry of its `classes` map) or of a rule file's `classes`, and the schema is
//! checked at load to define every one of them.

macro_rules! classes {
    ($($(#[$doc:meta])* $variant:ident = $name:literal,)*) => {
        /// A phrase class the extractor's code uses, by the name it has in the schema.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum Cls {
            $($(#[$doc])* $variant,)*
        }

        impl Cls {
            /// Every class the code names, in declaration order.
            pub const ALL: &'static [Cls] = &[$(Cls::$variant,)*];

            /// The class's name in the schema files.
            pub fn name(self) -> &'static str {
                match self {
                    $(Cls::$variant => $name,)*
                }
            }
        }
    };
}

classes! {
    /// Lines of web furniture ("advertisement").
    Boilerplate = "boilerplate",
    /// Lines that close a research report ("related articles").
    SectionEnds = "section_ends",
    /// After a broker, phrases that open its report ("released a research report").
    ReportOpeners = "report_openers",
    /// Before a broker, phrases that open its report ("the main views of").
    ReportIntros = "report_intros",
    /// Words that point back to the report's broker ("the bank").
    BrokerAnaphora = "broker_anaphora",
    /// Words of a forward-looking statement ("expects", "will").
    ForwardCues = "forward_cues",
    /// Verbs and phrases of attribution ("said", "according to").
    SpeechCues = "speech_cues",
    /// Triggers of outperformance, subject first ("outperformed").
    Outperform = "outperform",
    /// Triggers of outperformance, object first ("lagged").
    Underperform = "underperform",
    /// Words of a funding round ("series b", "funding round").
    Funding = "funding",
    /// Phrases after which a round's investors are listed ("led by").
    FundingInvestors = "funding_investors",
    /// Verbs of building or releasing a model ("launched").
    Develop = "develop",
    /// Rating words ("buy", "overweight").
    Ratings = "ratings",
    /// Words that show a rating word is a rating ("upgraded", "rating").
    RatingCues = "rating_cues",
    /// Job titles of people ("analyst", "chief executive").
    PersonTitles = "person_titles",
    /// News publishers ("Reuters").
    Publishers = "publishers",
    /// Nouns after which a number is a count ("units").
    CountNouns = "count_nouns",
    /// Phrases that say what a number measures ("capital expenditure").
    MetricKeywords = "metric_keywords",
    /// Words that end one clause and open another with its own subject ("; ", "while").
    ClauseBreaks = "clause_breaks",
    /// Words of a heading that opens a list of risks ("risk factors:").
    RiskWords = "risk_words",
    /// Verbs of leading an organisation ("heads", "now runs", "joined").
    LeadVerbs = "lead_verbs",
    /// Words between such a verb and the organisation ("at", "of", "for").
    LeadEnds = "lead_ends",
    /// Words that make a role a past one ("former", "ex-").
    Former = "former",
    /// Words right after a rating word that show it is a rating ("rating", "stance").
    RatingFollowers = "rating_followers",
    /// Words right before a rating word that show it is a rating ("to", "its").
    RatingLeaders = "rating_leaders",
    /// The word before a new rating in "from X to Y" ("to").
    NewRatingMarks = "new_rating_marks",
    /// The word before an old rating in "to Y from X" ("from").
    OldRatingMarks = "old_rating_marks",
    /// "it", "its": a pronoun that may point back at a broker or a company.
    ItPronouns = "it_pronouns",
    /// Where the clause of a comparison starts (";", "while", "whereas").
    ComparisonBreaks = "comparison_breaks",
    /// After "the", a word that points back at a sector ("outperformed the industry").
    SectorBackRefs = "sector_back_refs",
    /// After "the", a word that points back at an index ("lagged the benchmark").
    IndexBackRefs = "index_back_refs",
    /// "benchmark": the index this very sentence named before.
    BenchmarkWords = "benchmark_words",
    /// What joins two names of one list ("and", "as well as the").
    ListJoiners = "list_joiners",
    /// Subjects that point back at several things named before ("both", "they").
    PluralBackRefs = "plural_back_refs",
    /// Subjects that point back at the company in focus ("the stock", "its shares").
    CompanyBackRefs = "company_back_refs",
    /// "both".
    Both = "both",
    /// Verbs of a rise ("rose", "jumped", "shares climbed").
    RiseVerbs = "rise_verbs",
    /// Phrases of a fall or of standing still ("fell", "barely moved", "was flat").
    FallOrFlat = "fall_or_flat",
    /// Phrases of leading a market's gains ("led the rally", "led gains").
    LeadGains = "lead_gains",
}
