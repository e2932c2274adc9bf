//! The lexicon: trigger words, metric keywords and boilerplate markers.
//!
//! Every list holds lower-case phrases matched on word boundaries,
//! case-insensitively, unless its doc says otherwise.

use super::SchemaError;
use serde::Deserialize;
use std::path::Path;

/// Name endings that type a discovered name.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Suffixes {
    /// Endings of broker names (`Securities`, `Capital Markets`).
    pub broker: Vec<String>,
    /// Endings of investor names (`Ventures`, `Asset Management`).
    pub investor: Vec<String>,
    /// Endings of company names (`Inc.`, `Holdings`, `Technology`).
    pub company: Vec<String>,
    /// Endings of index names (`Index`, `Composite`).
    pub index: Vec<String>,
}

/// A metric keyword: text that names what a number measures.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MetricKeyword {
    /// Phrase as it appears in text (`capital expenditure`).
    pub phrase: String,
    /// Label given to the metric (`capex`).
    pub label: String,
    /// Whether a bare scaled number near it is money (`capex of 130 billion`).
    #[serde(default)]
    pub money: bool,
}

/// Words that drive the extraction rules.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Lexicon {
    /// A line containing one of these is dropped before extraction.
    pub boilerplate: Vec<String>,
    /// A line starting with one of these ends the current research report.
    pub section_ends: Vec<String>,
    /// Phrases after a broker name that open its research report
    /// (`released a research report`, `'s main views are as follows`).
    pub report_openers: Vec<String>,
    /// Phrases before a broker name that open its research report (`main views of`).
    pub report_intros: Vec<String>,
    /// Phrases that refer back to the broker of the report (`the bank`, `the firm`).
    pub broker_anaphora: Vec<String>,
    /// Words that make a statement forward-looking (`expect`, `will`, `target`).
    pub forward_cues: Vec<String>,
    /// Verbs and phrases that attribute a statement to its speaker (`said`, `expects`).
    pub speech_cues: Vec<String>,
    /// Triggers of `outperforms`, subject before object.
    pub outperform: Vec<String>,
    /// Triggers of `outperforms` with subject and object reversed (`lagged`).
    pub underperform: Vec<String>,
    /// Triggers of `invests` (capital spending, stakes, acquisitions).
    pub invest: Vec<String>,
    /// Words that mark a funding round.
    pub funding: Vec<String>,
    /// Phrases after which the investors of a funding round are listed.
    pub funding_investors: Vec<String>,
    /// Triggers of `develops`.
    pub develop: Vec<String>,
    /// Rating words (`buy`, `overweight`, `equal-weight`).
    pub ratings: Vec<String>,
    /// Words that show a rating word is used as a rating (`rating`, `upgrade`).
    pub rating_cues: Vec<String>,
    /// Job titles of people (`analyst`, `chief executive`).
    pub person_titles: Vec<String>,
    /// Capitalised words that never begin a discovered name (`The`, `According`).
    pub name_stopwords: Vec<String>,
    /// News publishers: the one an article names (`(Reuters) –`, `Bloomberg News`)
    /// is its publisher, and the people of its byline (`By A and B`) work for it.
    #[serde(default)]
    pub publishers: Vec<String>,
    /// Place and nationality words: a name made only of them is a place, and no person's
    /// name holds one (`Hong Kong`, `Asia Pacific`).
    #[serde(default)]
    pub place_words: Vec<String>,
    /// Name endings that type a discovered name.
    pub suffixes: Suffixes,
    /// Words right before an unknown capitalised name that make it a company
    /// (`upgraded`, `coverage of`, `shares of`).
    #[serde(default)]
    pub company_cues_before: Vec<String>,
    /// Words right after an unknown capitalised name that make it a company
    /// (`shares`, `said in a statement`).
    #[serde(default)]
    pub company_cues_after: Vec<String>,
    /// Words right before an unknown capitalised name that make it an investor (`led by`).
    #[serde(default)]
    pub investor_cues_before: Vec<String>,
    /// Nouns after which a plain number is a count (`units`, `employees`).
    pub count_nouns: Vec<String>,
    /// What numbers measure.
    pub metric_keywords: Vec<MetricKeyword>,
    /// Phrases naming sectors and themes, as (canonical name, aliases).
    pub sectors: Vec<(String, Vec<String>)>,
    /// Nouns that end a generic sector phrase (`stocks`, `industry`, `developers`).
    #[serde(default)]
    pub sector_heads: Vec<String>,
    /// Words that never belong to a sector phrase's modifiers (`the`, `will`, `than`).
    #[serde(default)]
    pub sector_breaks: Vec<String>,
    /// Lower-case words that may modify a sector head (`internet`, `property`, `growth`);
    /// capitalised words (`Chinese`, `Hong Kong`) may too.
    #[serde(default)]
    pub sector_modifiers: Vec<String>,
    /// Further named phrase classes, for the extractor's code and for rule files
    /// (`"maker_phrases": ["the maker of", "the company behind"]`).
    #[serde(default)]
    pub classes: std::collections::BTreeMap<String, Vec<String>>,
}

impl Lexicon {
    /// Every phrase list of the lexicon as a named class: the lists above by their
    /// field name, then the `classes` map.
    pub fn class_lists(&self) -> Vec<(String, Vec<String>)> {
        let keywords: Vec<String> = self
            .metric_keywords
            .iter()
            .map(|k| k.phrase.clone())
            .collect();
        let fields: [(&str, &Vec<String>); 21] = [
            ("boilerplate", &self.boilerplate),
            ("section_ends", &self.section_ends),
            ("report_openers", &self.report_openers),
            ("report_intros", &self.report_intros),
            ("broker_anaphora", &self.broker_anaphora),
            ("forward_cues", &self.forward_cues),
            ("speech_cues", &self.speech_cues),
            ("outperform", &self.outperform),
            ("underperform", &self.underperform),
            ("invest", &self.invest),
            ("funding", &self.funding),
            ("funding_investors", &self.funding_investors),
            ("develop", &self.develop),
            ("ratings", &self.ratings),
            ("rating_cues", &self.rating_cues),
            ("person_titles", &self.person_titles),
            ("publishers", &self.publishers),
            ("company_cues_before", &self.company_cues_before),
            ("company_cues_after", &self.company_cues_after),
            ("investor_cues_before", &self.investor_cues_before),
            ("count_nouns", &self.count_nouns),
        ];
        let mut out: Vec<(String, Vec<String>)> = fields
            .into_iter()
            .map(|(n, l)| (n.to_string(), l.clone()))
            .collect();
        out.push(("metric_keywords".to_string(), keywords));
        out.extend(self.classes.iter().map(|(n, l)| (n.clone(), l.clone())));
        out
    }

    pub(crate) fn parse(text: &str, path: &Path) -> Result<Lexicon, SchemaError> {
        ron::from_str(text).map_err(|e| SchemaError::from_ron(path, e))
    }
}
