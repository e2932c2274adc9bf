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
    /// Cues after which a forecaster lists what it recommends ("keep recommending").
    RecommendLeads = "recommend_leads",
    /// Objects of a recommendation that name nothing ("the stock", "investors").
    VagueObjects = "vague_objects",
    /// "respectively": a list of figures pairs with a list of names in order.
    Respectively = "respectively",
    /// Verbs of a move up, before its figure ("soared", "is up").
    UpMoves = "up_moves",
    /// Verbs of a move down, before its figure ("sank", "was down").
    DownMoves = "down_moves",
    /// Phrases of a fall or of standing still ("fell", "barely moved", "was flat").
    FallOrFlat = "fall_or_flat",
    /// Phrases of leading a market's gains ("led the rally", "led gains").
    LeadGains = "lead_gains",
    /// Verbs and nouns of raising money ("raised", "secured", "funding round").
    RaiseWords = "raise_words",
    /// Verbs of leading or joining a round ("co-led", "led", "joined").
    RoundLeadVerbs = "round_lead_verbs",
    /// Nouns of a round ("round", "funding").
    RoundWords = "round_words",
    /// "by".
    ByWords = "by_words",
    /// Words right before the company a round is for ("for", "in", "the startup").
    RoundTargetMarks = "round_target_marks",
    /// Prepositions before what money is spent on ("in", "on", "into").
    SpendPreps = "spend_preps",
    /// Words a noun phrase of an investment object may open with and drops ("the", "its").
    PhraseLeads = "phrase_leads",
    /// Words that end a noun phrase of an investment object ("over", "by", "while").
    PhraseStops = "phrase_stops",
    /// Phrases of capital spending ("capex", "capital expenditure").
    CapexWords = "capex_words",
    /// Where the objects of a stake or acquisition end (";", "while", ", but").
    ObjectClauseBreaks = "object_clause_breaks",
    /// ", which": a relative clause after capital spending.
    WhichClauses = "which_clauses",
    /// Words after a name that end it as one item of a list ("and", "in", "over").
    ConjunctEnds = "conjunct_ends",
    /// After a model's name, a noun that means its maker ("the ChatGPT maker").
    MakerNouns = "maker_nouns",
    /// Nouns of a stretch of time ("day", "quarter"): a phrase ending in one is a time.
    TimeNouns = "time_nouns",
    /// Phrases that look back ("would have"): the forward cue in them does not count.
    Hindsight = "hindsight",
    /// "may", "might": forward-looking when written in lower case.
    Modals = "modals",
    /// Verbs a fund predicts with ("predicts", "expects"): the fund speaks.
    PredictVerbs = "predict_verbs",
    /// Words that may stand between a subject and its verb ("all", "both", "also"):
    /// "Kestrel and Ardent all expect …".
    SubjectQuantifiers = "subject_quantifiers",
    /// Words right before a speaker ("according to", "said", "analysts at").
    SpeakerLeads = "speaker_leads",
    /// Staff right after a firm's name ("strategists", "bank analysts").
    StaffNouns = "staff_nouns",
    /// "the strategists", "the analysts": a firm's staff pointed back at.
    StaffAnaphora = "staff_anaphora",
    /// "he", "she".
    PersonPronouns = "person_pronouns",
    /// "the strategist", "the analyst": one person pointed back at.
    PersonBackRefs = "person_back_refs",
    /// Titles whose holder speaks for the fund ("chief investment officer", "strategist").
    HouseViewTitles = "house_view_titles",
    /// "the stock", "the company's": the company in focus pointed at.
    CompanyRefs = "company_refs",
    /// "its".
    Its = "its",
    /// What joins two models launched together ("and", ", and", "as well as").
    ModelListJoints = "model_list_joints",
    /// Words of a comparison ("than", "rivals", "on par with"): what follows is a yardstick.
    CompareWords = "compare_words",
    // --- the metrics stage (graph-schema/rules/metrics.ron) ---
    /// Words of a company's own results ("revenue", "reported").
    OwnResults = "own_results",
    /// Words of figures about others ("target", "forecast", "research report").
    OthersFigures = "others_figures",
    /// Words of buying or holding a stake ("bought", "stake in").
    BuyerCues = "buyer_cues",
    /// Words of a rating context ("upgraded", "coverage").
    RatingContext = "rating_context",
    /// Words just before a name that cite its maker ("behind the", "maker of").
    MakerDescriptions = "maker_descriptions",
    /// Months, for dates ("Jan", "March").
    Months = "months",
    /// Adjectives between a count and the group it counts ("leading", "major").
    GroupAdjectives = "group_adjectives",
    /// Words right before a multiple ("ratio of", "p/e of").
    MultipleLeads = "multiple_leads",
    /// Words of market breadth that make numbers counts ("outnumbered").
    BreadthWords = "breadth_words",
    /// Words that make a number next to an index its level at any size ("target").
    IndexLevelCues = "index_level_cues",
    /// Words that make a number of 100 or more next to an index its level ("closed at").
    LevelWords = "level_words",
    /// Where a figure's clause starts ("; ", " while ", " compared with ").
    FigureClauseBreaks = "figure_clause_breaks",
    /// " and ": opens a clause when a figure came before it and a name follows.
    ClauseAnd = "clause_and",
    /// Breaks that open a clause with its own subject ("; ", " while ", " but ").
    ContrastOpeners = "contrast_openers",
    /// Unnamed subjects opening a clause ("a", "another").
    IndefiniteSubjects = "indefinite_subjects",
    /// Words that point back at the company in focus ("the stock", "the startup").
    FigureCompanyRefs = "figure_company_refs",
    /// Words that point back at the index ("the index", "the gauge").
    FigureIndexRefs = "figure_index_refs",
    /// Words that point back at the model ("the chatbot").
    FigureModelRefs = "figure_model_refs",
    /// Nouns for a company after "the" and an adjective ("the French startup").
    CompanyNouns = "company_nouns",
    /// Nouns for an index after "the" and an adjective ("the pan-European index").
    IndexNouns = "index_nouns",
    /// Adjectives that make "the <adjective> index" another index than the one in focus
    /// ("the broader gauge").
    OtherIndexAdjectives = "other_index_adjectives",
    /// "the".
    DefiniteArticle = "definite_article",
    /// "multiple", in "a multiple to …".
    MultipleWords = "multiple_words",
    /// "to", in "28.5x to the rest of Tech".
    GivenToWords = "given_to_words",
    /// "for", in "35x for Nvidia", "for $6.5 billion".
    ForWords = "for_words",
    /// A move written as a noun after its figure, with "in" and what moved: "a 1.9%
    /// advance in the luxury index", "a 0.6% drop in Quenby Foods".
    MoveInWords = "move_in_words",
    /// What joins the two ends of a range of figures ("from HK$93 to $99").
    RangeJoints = "range_joints",
    /// "by", of a margin ("beaten the index by 40 points").
    MarginWords = "margin_words",
    /// A move after a name and a comma, right before its figure ("Quenby Aerospace, up
    /// 9.2%").
    ApposedMoves = "apposed_moves",
    /// Prepositions before a name that make it no subject ("in", "of").
    OwnerPrepositions = "owner_prepositions",
    /// Words before a list of members ("made up of").
    MemberLeads = "member_leads",
    /// Words before the second term of a comparison ("against", "versus").
    ComparisonLeads = "comparison_leads",
    /// A speech verb with "it" ("saying it", "said it").
    SpeechIt = "speech_it",
    /// Words of an apposition naming a maker ("the maker of").
    AppositionLeads = "apposition_leads",
    /// Relative pronouns after a name ("which", "whose").
    RelativePronouns = "relative_pronouns",
    /// Words after a company that make it a source ("said", "according").
    ReportingVerbs = "reporting_verbs",
    /// Words before a funding round's investors ("led by", "including").
    RoundInvestorCues = "round_investor_cues",
    /// Words that introduce a list restating the one before ("or", ", representing").
    RestatingWords = "restating_words",
    /// What joins the items of a list of figures or names ("and", "/", "&").
    FigureListJoiners = "figure_list_joiners",
    /// "both", "each": a figure that holds for a whole list of names.
    EachWords = "each_words",
    /// Words of a traded good ("exports of").
    TradedGoodsCues = "traded_goods_cues",
    /// "the industry", "the sector": the paragraph's industry.
    IndustryRefs = "industry_refs",
    /// Words of a Japanese context ("yen", "Tokyo").
    JapanWords = "japan_words",
    /// Words of a yuan context ("yuan", "RMB").
    YuanWords = "yuan_words",
}
