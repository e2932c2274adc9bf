//! Rule files (`graph-schema/rules/*.ron`): extraction rules as data.
//!
//! A rule is a trigger (a phrase class hit, each mention of some kinds, or the
//! sentence), conditions on it, named arguments found by ordered locators (the first
//! that binds wins: a mention next to the trigger, one before it in the clause, the
//! discourse's covered company …), what it emits, and the examples it must yield and
//! the counter-examples on which it must not fire. Kinds and relations are checked
//! against `ontology.ron` while the file is read, so a misspelt kind is an error with
//! file, line and column; classes, slots and hooks are checked once every file is read.
//!
//! ```ron
//! (
//!     stage: 20,
//!     classes: { "former": ["former", "ex"] },
//!     rules: [
//!         (
//!             name: "firm-possessive-person",
//!             trigger: Mention(["person"]),
//!             args: [(name: "firm", kinds: ["broker", "investor"], at: [Prev([Is(["'s", "’s"])])])],
//!             emit: [Relate("trigger", "works_for", "firm")],
//!             examples: [("Halvard Capital's Mira Osei sees room to run.",
//!                         [Rel("Mira Osei", "works_for", "Halvard Capital")])],
//!             counter: ["Halvard Capital's results beat Mira Osei's forecast."],
//!         ),
//!     ],
//! )
//! ```

pub use super::examples::{Example, Fact};
pub use super::names::{KindName, RelName};

use super::names;
use super::tiers::OwnerTier;
use super::{Ontology, SchemaError};
use crate::position::FilePosition;
use serde::Deserialize;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// One rule file: a family of rules that run together.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RuleFile {
    /// When the family runs: lower stages first; families of one stage in file-name order.
    pub stage: u16,
    /// Named phrase classes (lower case; whole words; ASCII case-insensitive). Names are
    /// shared by every file and the lexicon, so each may be defined once.
    #[serde(default)]
    pub classes: BTreeMap<String, Vec<String>>,
    /// The rules, in the order they are tried.
    #[serde(default)]
    pub rules: Vec<Rule>,
    /// Named lists of words compared one by one with the words of entity names or with
    /// word stems (not phrases scanned in sentences, so frequent words cost no hits).
    #[serde(default)]
    pub word_sets: BTreeMap<String, Vec<String>>,
    /// The metric-owner precedence, highest first (one file of the schema holds it).
    #[serde(default)]
    pub owner_tiers: Vec<OwnerTier>,
    /// The file the family was read from (its stem is the family's name).
    #[serde(skip)]
    pub path: PathBuf,
    /// The family's name: the file stem (`employment`).
    #[serde(skip)]
    pub family: String,
}

/// One rule.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Rule {
    /// Kebab-case name, unique across files; written on the evidence of every fact the
    /// rule makes.
    pub name: String,
    /// What the rule is for, in a sentence.
    #[serde(default)]
    pub doc: String,
    /// Rules of one group compete for a trigger: the first that binds wins.
    #[serde(default)]
    pub group: Option<String>,
    /// What the rule is anchored at.
    pub trigger: Trigger,
    /// Conditions that must all hold at the trigger.
    #[serde(default)]
    pub when: Vec<Cond>,
    /// Conditions none of which may hold.
    #[serde(default)]
    pub unless: Vec<Cond>,
    /// Arguments, bound in order; a required argument that binds nothing stops the rule.
    #[serde(default)]
    pub args: Vec<Arg>,
    /// Checks on the bound arguments that stay code (all must hold).
    #[serde(default)]
    pub check: Vec<Hook>,
    /// What the rule makes, for every combination of its bound arguments.
    pub emit: Vec<Emit>,
    /// Sentences the rule must fire on, with facts it must yield.
    #[serde(default)]
    pub examples: Vec<Example>,
    /// Sentences the rule must not fire on.
    #[serde(default)]
    pub counter: Vec<String>,
}

/// Where a rule is anchored.
#[derive(Debug, Clone, Deserialize)]
pub enum Trigger {
    /// Every hit of a phrase class.
    Cue(Cue),
    /// Every mention of one of these kinds; the mention is the slot `trigger`.
    Mention(Vec<KindName>),
    /// Once per sentence, anchored at its start.
    Sentence,
}

/// Phrases: a class by name, or phrases written in place.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Deserialize)]
pub enum Cue {
    /// A class of the lexicon or of a rule file.
    Class(String),
    /// Phrases written in the rule.
    Words(Vec<String>),
}

/// A stretch of the sentence measured from the trigger.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub enum Scope {
    /// The trigger's clause (one definition, the lexicon's `clause_breaks`).
    Clause,
    /// The whole sentence.
    Sentence,
    /// At most this many bytes away.
    Bytes(u16),
    /// At most this many words away.
    Words(u16),
    /// As far as the nearest phrase of the cue (back to the last one before the
    /// trigger, on to the first one after it), or the sentence's end.
    UpTo(Cue),
}

/// A condition on the trigger.
#[derive(Debug, Clone, Deserialize)]
pub enum Cond {
    /// A phrase of the cue anywhere in the sentence.
    InSentence(Cue),
    /// A phrase of the cue in the trigger's clause.
    InClause(Cue),
    /// A phrase of the cue ends before the trigger, within the scope.
    Before(Cue, Scope),
    /// A phrase of the cue starts after the trigger, within the scope.
    After(Cue, Scope),
    /// A phrase of the cue ends right before the trigger (spaces, quotes and commas between).
    RightBefore(Cue),
    /// A phrase of the cue starts right after the trigger.
    RightAfter(Cue),
    /// The sentence is inside a broker's research report.
    InReport,
    /// A broker opens its research report in this sentence.
    OpensReport,
    /// The sentence is inside a list of risks.
    InRisks,
    /// The trigger mention is written with at least this many words.
    NameWords(u8),
    /// The sentence opens with a phrase of the cue.
    Opens(Cue),
    /// The sentence has at most this many words.
    MaxWords(u16),
    /// The trigger's own phrase is a phrase of the cue too.
    TriggerIn(Cue),
    /// At least one of the conditions holds.
    Any(Vec<Cond>),
    /// Every one of the conditions holds.
    All(Vec<Cond>),
    /// The condition does not hold.
    Not(Box<Cond>),
    /// A condition that stays code.
    Hook(Hook),
}

/// An argument of a rule.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Arg {
    /// The slot's name, used by `emit` and by later arguments.
    pub name: String,
    /// Kinds the bound entities may have.
    pub kinds: Vec<KindName>,
    /// Locators, tried in order: the first that binds anything wins.
    pub at: Vec<Locate>,
    /// Mentions in these roles are never bound.
    #[serde(default)]
    pub not: Vec<Role>,
    /// Whether the rule still fires when nothing binds.
    #[serde(default)]
    pub optional: bool,
}

/// How an argument finds its entities.
#[derive(Debug, Clone, Deserialize)]
pub enum Locate {
    /// The mention written right before the trigger (of any kind; it must be of the
    /// argument's kinds), when the text between satisfies every gap condition.
    Prev(Vec<Gap>),
    /// The mention written right after the trigger, likewise.
    Next(Vec<Gap>),
    /// The nearest mention of the argument's kinds before the trigger, skipping others.
    PrevOf(Vec<Gap>),
    /// The nearest mention of the argument's kinds after the trigger, skipping others.
    NextOf(Vec<Gap>),
    /// Mentions before the trigger within the scope.
    Before(Scope, Take),
    /// Mentions after the trigger within the scope.
    After(Scope, Take),
    /// Mentions before the first phrase of the cue in the sentence, within the scope
    /// measured from that phrase ("the one that had the largest decline").
    BeforeCue(Cue, Scope, Take),
    /// The broker whose research report the sentence belongs to.
    Report,
    /// The news publisher the article names.
    Publisher,
    /// The company the passage covers.
    Focus,
    /// The entity of these kinds named last before this sentence.
    LastOf(Vec<KindName>),
    /// Entities of these kinds (and the argument's) in the previous sentence.
    PrevSentence(Vec<KindName>, Take),
    /// Every mention of the sentence, in text order.
    Anywhere(Take),
    /// The employer (a `works_for` object found so far) of an argument bound before.
    EmployerOf(String),
    /// The company raising money: the one this sentence names before its verb of
    /// raising, else the one of a round named up to three sentences back.
    Raiser,
    /// The locator, tried only where the conditions hold at the trigger.
    When(Vec<Cond>, Box<Locate>),
    /// A locator that stays code.
    Hook(Hook),
}

/// Which of the mentions in a stretch an argument takes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
pub enum Take {
    /// The one nearest the trigger.
    Nearest,
    /// The one farthest from the trigger (the sentence's subject, before it).
    Farthest,
    /// Every one.
    All,
    /// The nearest, and those joined to it as a list ("A, B and C", "A/B").
    List,
}

/// A condition on the text between a mention and the trigger (lower case, trimmed).
#[derive(Debug, Clone, Deserialize)]
pub enum Gap {
    /// The gap is exactly one of these.
    Is(Vec<String>),
    /// The gap holds a phrase of the cue.
    Has(Cue),
    /// The gap holds no phrase of the cue.
    Lacks(Cue),
    /// The gap starts with a phrase of the cue.
    StartsWith(Cue),
    /// The gap ends with a phrase of the cue.
    EndsWith(Cue),
    /// The gap is at most this many bytes long.
    MaxBytes(u16),
    /// The gap is at most this many words long.
    MaxWords(u16),
    /// The found mention is followed right after by a phrase of the cue.
    Followed(Cue),
    /// The found mention is not preceded right before by a phrase of the cue.
    NotPreceded(Cue),
}

/// A role a mention plays that keeps it out of an argument (decided by code).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
pub enum Role {
    /// Cited as a source ("according to Wind", "Bloomberg consensus", "(Reuters)").
    Source,
    /// A data vendor whose figures are cited ("Bloomberg consensus").
    DataVendor,
    /// Named only to describe another entity ("PDD Holdings, the parent of Temu").
    Descriptor,
    /// The yardstick of a comparison ("lower than Microsoft").
    Baseline,
}

/// What a rule makes.
#[derive(Debug, Clone, Deserialize)]
pub enum Emit {
    /// `subject -relation-> object` for every pair of bound entities.
    Relate(String, RelName, String),
    /// The same, with attributes computed by hooks (`("rating", RatingFor)`); a pair
    /// for which a hook gives no value is not related.
    RelateWith(String, RelName, String, Vec<(String, Hook)>),
    /// The same, for the pairs a hook accepts.
    RelatePairs(String, RelName, String, Hook),
    /// An action that stays code.
    Hook(Hook),
}

/// The named pieces of rules that stay code.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Deserialize)]
pub enum Hook {
    /// The rating a sentence gives the object bound as `object`.
    RatingFor,
    /// The trigger person has no firm of their own named before them.
    NoFirmBefore,
    /// A person's employer named by a titled colleague before them in the sentence.
    ColleagueEmployer,
    /// A discovered company whose people manage money is an investor.
    MoneyTitleMakesInvestor,
    /// Who speaks in the sentence (brokers, people and funds next to speech cues).
    Speakers,
    /// The organisation a person now heads, runs or joined ("X, a former Y analyst,
    /// now runs research at Z" → Z).
    HeadsAt,
    /// Make the bound discovered companies investors (their people manage money).
    MakeInvestor,
    /// The sentence gives a rating ("upgraded to Buy", "a \"hold\" rating").
    HasRating,
    /// Who gives the sentence's rating or target: brokers, and people who work for one,
    /// named there; else the broker of the sentence before, or the one "the bank" means.
    Raters,
    /// What a comparison's trigger compares with: the entity named right after it (and
    /// those listed with it), or the sector or index "the sector", "the benchmark" means.
    ComparedWith,
    /// Who a comparison's trigger speaks of: the entities of its clause before it, a list
    /// after a colon, or what "both", "they", "the stock" point back at.
    Compared,
    /// The riser before "while"/"but" did better than the index after it (the index fell,
    /// stood still, or rose by less).
    RiserBeatsIndex,
    /// The subject's move (its figure after an up or down verb) was larger than the
    /// object's: "A rose 5%, while B gained 2%" (a pair hook).
    MovedMore,
    /// The company a round is for, after "co-led"/"led"/"joined" ("… a round for Quillon").
    RoundTarget,
    /// The entity money is put into, right after the preposition of "invest … in".
    SpendObject,
    /// The noun phrase money is put into when no entity is named there (a new sector).
    SpendPhrase,
    /// The sectors a recommendation lists after its cue when it names no entity there.
    RecommendedPhrases,
    /// The entities a stake, an acquisition or an investment is in, as one list.
    InvestObjects,
    /// The sectors capital spending goes to (within 80 bytes, before ", which").
    CapexObjects,
    /// The AI infrastructure sector (what AI capital spending builds).
    AiInfrastructure,
    /// The sentence names an AI model.
    ModelInSentence,
    /// The sentence looks forward (a forward cue outside "would have …", a lower-case "may").
    Forward,
    /// What the speakers bound first forecast.
    ForecastObjects,
    /// What the broker of the report forecasts.
    ReportObjects,
    /// A speaker speaks for their own clause, and not of their employer.
    SameClause,
    /// Someone speaks in the sentence.
    HasSpeakers,
    /// "its" within three words before the trigger, only lower-case modifiers between
    /// ("its in-house Gauss2").
    ItsModel,
    /// Who launched the trigger model: the company named before the sentence's first
    /// verb of releasing (unless the model is only compared with the one launched).
    Launcher,
}

impl Hook {
    /// The hook's name as written in rule files.
    pub fn name(self) -> &'static str {
        match self {
            Hook::RatingFor => "RatingFor",
            Hook::NoFirmBefore => "NoFirmBefore",
            Hook::ColleagueEmployer => "ColleagueEmployer",
            Hook::MoneyTitleMakesInvestor => "MoneyTitleMakesInvestor",
            Hook::Speakers => "Speakers",
            Hook::HeadsAt => "HeadsAt",
            Hook::MakeInvestor => "MakeInvestor",
            Hook::HasRating => "HasRating",
            Hook::Raters => "Raters",
            Hook::ComparedWith => "ComparedWith",
            Hook::Compared => "Compared",
            Hook::RiserBeatsIndex => "RiserBeatsIndex",
            Hook::MovedMore => "MovedMore",
            Hook::RoundTarget => "RoundTarget",
            Hook::SpendObject => "SpendObject",
            Hook::SpendPhrase => "SpendPhrase",
            Hook::RecommendedPhrases => "RecommendedPhrases",
            Hook::InvestObjects => "InvestObjects",
            Hook::CapexObjects => "CapexObjects",
            Hook::AiInfrastructure => "AiInfrastructure",
            Hook::ModelInSentence => "ModelInSentence",
            Hook::Forward => "Forward",
            Hook::ForecastObjects => "ForecastObjects",
            Hook::ReportObjects => "ReportObjects",
            Hook::SameClause => "SameClause",
            Hook::HasSpeakers => "HasSpeakers",
            Hook::ItsModel => "ItsModel",
            Hook::Launcher => "Launcher",
        }
    }
}

/// Read one rule file, checking its kinds and relations against the ontology.
pub(crate) fn parse(text: &str, path: &Path, ontology: &Ontology) -> Result<RuleFile, SchemaError> {
    let parsed = names::checking(ontology, || ron::from_str::<RuleFile>(text));
    let mut file = parsed.map_err(|e| SchemaError::from_ron(path, e))?;
    file.path = path.to_path_buf();
    file.family = path
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    Ok(file)
}

/// The place of `needle` in the text of the file `path`, or of the file start.
fn locate(path: &Path, text: &str, needle: &str, from: usize) -> FilePosition {
    let at = text[from.min(text.len())..]
        .find(needle)
        .map_or(0, |p| p + from.min(text.len()));
    FilePosition::of_offset(path, text.as_bytes(), at)
}

/// Check what needs every file: unique rule names, classes that exist, slots that are
/// bound before use, and relations the ontology allows between the slots' kinds.
/// `texts` are the files' texts (for positions), `class_names` every class defined.
pub(crate) fn check(
    files: &[RuleFile],
    texts: &[&str],
    class_names: &[String],
    ontology: &Ontology,
) -> Result<(), SchemaError> {
    let mut seen: BTreeMap<&str, &Path> = BTreeMap::new();
    for (file, text) in files.iter().zip(texts) {
        let at = |needle: &str, from: usize, message: String| SchemaError::Parse {
            at: locate(&file.path, text, needle, from),
            message,
        };
        for rule in &file.rules {
            let rule_at = text.find(&format!("\"{}\"", rule.name)).unwrap_or(0);
            if let Some(other) = seen.insert(&rule.name, &file.path) {
                return Err(at(
                    &format!("\"{}\"", rule.name),
                    0,
                    format!(
                        "rule `{}` is also defined in {}",
                        rule.name,
                        other.display()
                    ),
                ));
            }
            for cue in rule_cues(rule) {
                if let Cue::Class(name) = cue {
                    if !class_names.iter().any(|c| c == name) {
                        return Err(at(
                            &format!("Class(\"{name}\")"),
                            rule_at,
                            format!(
                                "rule `{}` names the class `{name}`, which neither lexicon.ron nor a rule file defines",
                                rule.name
                            ),
                        ));
                    }
                }
            }
            let mut slots: Vec<(&str, Vec<&str>)> = Vec::new();
            if let Trigger::Mention(kinds) = &rule.trigger {
                slots.push(("trigger", kinds.iter().map(|k| k.0.as_str()).collect()));
            }
            for arg in &rule.args {
                for l in &arg.at {
                    if let Locate::EmployerOf(s) = l {
                        if s != "trigger" && !slots.iter().any(|(n, _)| n == s) {
                            return Err(at(
                                &format!("EmployerOf(\"{s}\")"),
                                rule_at,
                                format!(
                                    "rule `{}`: argument `{}` uses `{s}` before it is bound",
                                    rule.name, arg.name
                                ),
                            ));
                        }
                    }
                }
                slots.push((&arg.name, arg.kinds.iter().map(|k| k.0.as_str()).collect()));
            }
            for emit in &rule.emit {
                let (s, r, o) = match emit {
                    Emit::Relate(s, r, o)
                    | Emit::RelateWith(s, r, o, _)
                    | Emit::RelatePairs(s, r, o, _) => (s, r, o),
                    Emit::Hook(_) => continue,
                };
                let kinds_of = |slot: &str| {
                    slots
                        .iter()
                        .find(|(n, _)| *n == slot)
                        .map(|(_, k)| k.clone())
                };
                let (Some(sk), Some(ok)) = (kinds_of(s), kinds_of(o)) else {
                    let missing = if kinds_of(s).is_none() { s } else { o };
                    return Err(at(
                        &format!("\"{missing}\""),
                        rule_at,
                        format!("rule `{}` emits with `{missing}`, which is neither `trigger` nor an argument", rule.name),
                    ));
                };
                let allowed = sk
                    .iter()
                    .any(|a| ok.iter().any(|b| ontology.allows(a, &r.0, b)));
                if !allowed {
                    return Err(at(
                        &format!("\"{}\"", r.0),
                        rule_at,
                        format!(
                            "rule `{}` can never fire: ontology.ron allows no `{}` from [{}] to [{}]",
                            rule.name,
                            r.0,
                            sk.join(", "),
                            ok.join(", ")
                        ),
                    ));
                }
            }
        }
    }
    Ok(())
}

/// Every cue a rule names, wherever it is written.
pub fn rule_cues(rule: &Rule) -> Vec<&Cue> {
    fn scope_cues<'c>(s: &'c Scope, out: &mut Vec<&'c Cue>) {
        if let Scope::UpTo(q) = s {
            out.push(q);
        }
    }
    fn cond_cues<'c>(c: &'c Cond, out: &mut Vec<&'c Cue>) {
        match c {
            Cond::Before(q, s) | Cond::After(q, s) => {
                out.push(q);
                scope_cues(s, out);
            }
            Cond::InSentence(q)
            | Cond::InClause(q)
            | Cond::RightBefore(q)
            | Cond::RightAfter(q)
            | Cond::Opens(q)
            | Cond::TriggerIn(q) => out.push(q),
            Cond::Any(list) | Cond::All(list) => list.iter().for_each(|c| cond_cues(c, out)),
            Cond::Not(c) => cond_cues(c, out),
            _ => {}
        }
    }
    let mut out = Vec::new();
    if let Trigger::Cue(c) = &rule.trigger {
        out.push(c);
    }
    for c in rule.when.iter().chain(&rule.unless) {
        cond_cues(c, &mut out);
    }
    fn locate_cues<'c>(l: &'c Locate, out: &mut Vec<&'c Cue>) {
        match l {
            Locate::Prev(g) | Locate::Next(g) | Locate::PrevOf(g) | Locate::NextOf(g) => {
                for gap in g {
                    match gap {
                        Gap::Has(q)
                        | Gap::Lacks(q)
                        | Gap::StartsWith(q)
                        | Gap::EndsWith(q)
                        | Gap::Followed(q)
                        | Gap::NotPreceded(q) => out.push(q),
                        _ => {}
                    }
                }
            }
            Locate::Before(s, _) | Locate::After(s, _) => scope_cues(s, out),
            Locate::BeforeCue(q, s, _) => {
                out.push(q);
                scope_cues(s, out);
            }
            Locate::When(conds, inner) => {
                conds.iter().for_each(|c| cond_cues(c, out));
                locate_cues(inner, out);
            }
            _ => {}
        }
    }
    for a in &rule.args {
        for l in &a.at {
            locate_cues(l, &mut out);
        }
    }
    out
}
