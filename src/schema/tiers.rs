//! The metric-owner precedence of a rule file (`owner_tiers`): which entity a figure
//! belongs to is decided by the first tier, read from the top, that names one.
//!
//! A tier is data (the figures it applies to, conditions on phrase classes of the
//! sentence, and where the owner is written) or a named hook for what stays code
//! (respectively-pairing, restated lists, topics by word stem …). Its name goes on the
//! evidence of every figure it decides, and its examples and counter-examples run as
//! tests (`finkg schema check`): an example must yield its metrics under the tier's
//! name, a counter-example must not be decided by the tier.
//!
//! ```ron
//! owner_tiers: [
//!     (
//!         name: "stake-holder",
//!         doc: "A stake's percentage belongs to the holder named before 'stake'.",
//!         units: [Percent],
//!         when: [InSentence("stake_words")],
//!         owner: [FirstBefore("stake_words")],
//!         examples: [("Brindle Capital lifted its stake in Kestrel Foods to 8.5%.",
//!                     [Metric("Brindle Capital", 8.5, "%")])],
//!         counter: ["Kestrel Foods shares rose 8.5% on Monday."],
//!     ),
//! ]
//! ```

use super::examples::Example;
use super::names::KindName;
use super::SchemaError;
use crate::position::FilePosition;
use serde::Deserialize;
use std::path::Path;

/// One tier of the metric-owner precedence.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OwnerTier {
    /// Kebab-case name, unique across files; written on the evidence of every figure the
    /// tier decides.
    pub name: String,
    /// What the tier is for, in a sentence.
    #[serde(default)]
    pub doc: String,
    /// The figures the tier applies to, by how they are written (empty: every figure).
    #[serde(default)]
    pub units: Vec<FigureUnit>,
    /// Conditions that must all hold.
    #[serde(default)]
    pub when: Vec<FigureCond>,
    /// Conditions none of which may hold.
    #[serde(default)]
    pub unless: Vec<FigureCond>,
    /// Where the owner is: locators tried in order, the first that finds one wins.
    pub owner: Vec<OwnerAt>,
    /// When the sentence names only sectors, the owner must be a sector written before
    /// the figure in its clause ("Sales in the passenger car industry rose 6.4%");
    /// another owner is no owner of this tier.
    #[serde(default)]
    pub sector_subject: bool,
    /// The tier's hook reads what the tiers after it, down to and including this one,
    /// decide (a tier that gives way to what they find).
    #[serde(default)]
    pub below: Option<String>,
    /// Sentences the tier must decide a figure of, with metrics it must yield there.
    #[serde(default)]
    pub examples: Vec<Example>,
    /// Sentences none of whose figures the tier may decide.
    #[serde(default)]
    pub counter: Vec<String>,
}

/// How a figure is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
pub enum FigureUnit {
    /// A percentage ("12%", "12 percent").
    Percent,
    /// A multiple ("19.3x", "20 times").
    Times,
    /// An amount written with a currency ("$4 billion", "RMB 55.6 billion").
    Currency,
    /// A count: a number before a count noun, or a scaled number that is not money.
    Count,
    /// An index level ("5,200 points", "the 5,200-point mark", "closed at 5,170.81").
    Points,
}

/// A condition on a figure and its sentence. Classes are named as in `classes` of
/// lexicon.ron or a rule file.
#[derive(Debug, Clone, Deserialize)]
pub enum FigureCond {
    /// A phrase of the class anywhere in the sentence.
    InSentence(String),
    /// A phrase of the class in the figure's clause, before the figure.
    InClauseBefore(String),
    /// A phrase of the class ends right before the figure (spaces between).
    RightBefore(String),
    /// A phrase of the class is one of the first `n` words after the figure.
    WordsAfter(String, u8),
    /// The sentence opens with a phrase of the class.
    Opens(String),
    /// The sentence names an entity of one of these kinds.
    Names(Vec<KindName>),
    /// The figure's label (from the metric keyword before it) is one of these.
    Label(Vec<String>),
    /// The figure is an item of a slash list ("+27%/-10%").
    Slashed,
    /// No owner is named before the figure in its clause (a sector named in an earlier
    /// clause aside), and nothing there points back at one ("the stock", "the index").
    Unnamed,
    /// At least one of the conditions holds.
    Any(Vec<FigureCond>),
    /// Every one of the conditions holds.
    All(Vec<FigureCond>),
    /// The condition does not hold.
    Not(Box<FigureCond>),
}

/// Where a tier finds the owner, among the sentence's candidate owners (its entities
/// other than brokers, people and investors, sources and traded goods aside).
#[derive(Debug, Clone, Deserialize)]
pub enum OwnerAt {
    /// The first-written candidate ending before the class's first phrase in the
    /// sentence and before the figure.
    FirstBefore(String),
    /// The candidate of these kinds written nearest before the figure.
    NearestBefore(Vec<KindName>),
    /// The first candidate of these kinds written after the figure ("the $24.90 at which
    /// Orvane Group's shares ended").
    FirstAfter(Vec<KindName>),
    /// The first candidate of these kinds in the sentence.
    FirstOf(Vec<KindName>),
    /// The company the passage is about: the discourse's focus when the sentence names
    /// it, else the first company named before the figure, else the focus.
    Focus,
    /// The index named before the figure in the sentence, else the index named last,
    /// else the first index of the next two sentences (a wrap's lead line before it
    /// names its index).
    LastIndex,
    /// A locator that stays code.
    Hook(OwnerHook),
}

/// The owner tiers that stay code.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Deserialize)]
pub enum OwnerHook {
    /// "28.5x to the rest of Tech": a multiple given `to` something no entity names is
    /// no one's here (the figure is dropped).
    GivenToNothing,
    /// A multiple given `to` an entity is that entity's ("30x to Big Tech").
    GivenTo,
    /// "the stock", "the index", "the chatbot": the company in focus, the index or the
    /// model the clause points back at.
    RefersBack,
    /// A sector opening the sentence is the subject of its first clause, unless the
    /// tiers below find an owner written before the figure not after a preposition.
    OpeningSector,
    /// A count written right before a sector or an index counts its members.
    CountedGroup,
    /// A valuation is the valued company's, the subject raising or being bought.
    ValuedCompany,
    /// With "respectively", or in slash lists, the k-th value goes to the k-th entity
    /// of a list of the same length.
    Paired,
    /// A second list of values restates the first, in order ("…, or 12.7% and 11.0%").
    Restated,
    /// The subject: a possessive before the figure, the entity after "for", the name
    /// right before it, the subject of its clause, else of the sentence.
    Subject,
    /// A sector of the paragraph whose distinctive word the clause repeats.
    SectorByWord,
    /// What the sentence before said of the thing the clause repeats.
    PreviousSentence,
    /// What the sentence's first figure belonged to.
    FirstFigure,
    /// The entity the paragraph opens with as its subject.
    ParagraphTopic,
    /// The company the passage is still about: the focus, named in the last few
    /// sentences with no index named after it.
    PassageFocus,
}

impl OwnerHook {
    /// The hook's name as written in rule files.
    pub fn name(self) -> &'static str {
        match self {
            OwnerHook::GivenToNothing => "GivenToNothing",
            OwnerHook::GivenTo => "GivenTo",
            OwnerHook::RefersBack => "RefersBack",
            OwnerHook::OpeningSector => "OpeningSector",
            OwnerHook::CountedGroup => "CountedGroup",
            OwnerHook::ValuedCompany => "ValuedCompany",
            OwnerHook::Paired => "Paired",
            OwnerHook::Restated => "Restated",
            OwnerHook::Subject => "Subject",
            OwnerHook::SectorByWord => "SectorByWord",
            OwnerHook::PreviousSentence => "PreviousSentence",
            OwnerHook::FirstFigure => "FirstFigure",
            OwnerHook::ParagraphTopic => "ParagraphTopic",
            OwnerHook::PassageFocus => "PassageFocus",
        }
    }
}

/// Every class a tier names.
pub fn tier_classes(t: &OwnerTier) -> Vec<&str> {
    fn cond<'c>(c: &'c FigureCond, out: &mut Vec<&'c str>) {
        match c {
            FigureCond::InSentence(n)
            | FigureCond::InClauseBefore(n)
            | FigureCond::RightBefore(n)
            | FigureCond::WordsAfter(n, _)
            | FigureCond::Opens(n) => out.push(n),
            FigureCond::Any(list) | FigureCond::All(list) => list.iter().for_each(|c| cond(c, out)),
            FigureCond::Not(c) => cond(c, out),
            _ => {}
        }
    }
    let mut out = Vec::new();
    for c in t.when.iter().chain(&t.unless) {
        cond(c, &mut out);
    }
    for o in &t.owner {
        if let OwnerAt::FirstBefore(n) = o {
            out.push(n);
        }
    }
    out
}

/// Check the owner tiers of every file: names kebab-case and unique (among tiers and
/// rules), classes defined, `below` naming a later tier, a locator for every tier, and
/// at least one example and one counter-example each.
/// `files` are each rule file's path and tiers, `texts` their texts (for positions),
/// `rule_names` the names of every rule.
pub(crate) fn check(
    files: &[(&Path, &[OwnerTier])],
    texts: &[&str],
    rule_names: Vec<&str>,
    class_names: &[String],
) -> Result<(), SchemaError> {
    let holders: Vec<&Path> = files
        .iter()
        .filter(|(_, tiers)| !tiers.is_empty())
        .map(|(path, _)| *path)
        .collect();
    if let [first, second, ..] = holders.as_slice() {
        return Err(SchemaError::Invalid {
            path: second.to_path_buf(),
            message: format!(
                "owner tiers are one ordered list, and {} holds them already",
                first.display()
            ),
        });
    }
    let mut seen = rule_names;
    for (&(path, tiers), text) in files.iter().zip(texts) {
        let at = |needle: &str, message: String| {
            let pos = text.find(needle).unwrap_or(0);
            SchemaError::Parse {
                at: FilePosition::of_offset(path, text.as_bytes(), pos),
                message,
            }
        };
        for (i, tier) in tiers.iter().enumerate() {
            let quoted = format!("\"{}\"", tier.name);
            let kebab = !tier.name.is_empty()
                && tier
                    .name
                    .chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-');
            if !kebab {
                return Err(at(
                    &quoted,
                    format!(
                        "owner tier `{}`: a name is kebab-case (lower-case words joined by '-')",
                        tier.name
                    ),
                ));
            }
            if seen.contains(&tier.name.as_str()) {
                return Err(at(
                    &quoted,
                    format!("owner tier `{}` is defined twice", tier.name),
                ));
            }
            seen.push(&tier.name);
            for class in tier_classes(tier) {
                if !class_names.iter().any(|c| c == class) {
                    return Err(at(
                        &format!("\"{class}\""),
                        format!(
                            "owner tier `{}` names the class `{class}`, which neither lexicon.ron nor a rule file defines",
                            tier.name
                        ),
                    ));
                }
            }
            if tier.owner.is_empty() {
                return Err(at(
                    &quoted,
                    format!("owner tier `{}` says nowhere where its owner is", tier.name),
                ));
            }
            if let Some(b) = &tier.below {
                if !tiers[i + 1..].iter().any(|t| &t.name == b) {
                    return Err(at(
                        &format!("\"{b}\""),
                        format!(
                            "owner tier `{}` reads the tiers below it down to `{b}`, which is no later tier",
                            tier.name
                        ),
                    ));
                }
            }
            if tier.examples.is_empty() || tier.counter.is_empty() {
                return Err(at(
                    &quoted,
                    format!(
                        "owner tier `{}` needs at least one example and one counter-example",
                        tier.name
                    ),
                ));
            }
        }
    }
    Ok(())
}
