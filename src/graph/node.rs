//! Graph nodes: entities and metrics, and the stable ids that name them.

use crate::model::{Confidence, DocId, Document, Unit};
use std::collections::{BTreeMap, BTreeSet};

/// A node of the knowledge graph.
#[derive(Debug, Clone, PartialEq)]
pub enum Node {
    /// A company, broker, index, model, investor, person or sector.
    Entity(EntityNode),
    /// A number tied to an entity, linked from it by a `has_metric` edge.
    Metric(MetricNode),
}

impl Node {
    /// The stable id (`company:alibaba`, `metric:…`).
    pub fn id(&self) -> &str {
        match self {
            Node::Entity(e) => &e.id,
            Node::Metric(m) => &m.id,
        }
    }

    /// The entity, if this node is one.
    pub fn as_entity(&self) -> Option<&EntityNode> {
        match self {
            Node::Entity(e) => Some(e),
            Node::Metric(_) => None,
        }
    }

    /// The metric, if this node is one.
    pub fn as_metric(&self) -> Option<&MetricNode> {
        match self {
            Node::Metric(m) => Some(m),
            Node::Entity(_) => None,
        }
    }

    /// Whether any document still supports this node.
    pub(crate) fn has_documents(&self) -> bool {
        match self {
            Node::Entity(e) => !e.mentions.is_empty(),
            Node::Metric(m) => !m.documents.is_empty(),
        }
    }

    /// Forget one document; true when it was known.
    pub(crate) fn forget(&mut self, doc: &str) -> bool {
        match self {
            Node::Entity(e) => {
                e.confidence.remove(doc);
                e.mentions.remove(doc).is_some()
            }
            Node::Metric(m) => m.documents.remove(doc),
        }
    }
}

/// An entity: one canonical thing however many names the documents give it.
#[derive(Debug, Clone, PartialEq)]
pub struct EntityNode {
    /// Stable id: kind and normalised canonical name (`broker:citic-securities`).
    pub id: String,
    /// Canonical name.
    pub name: String,
    /// Entity kind (`company`, `broker` …).
    pub kind: String,
    /// Every other name seen for it.
    pub aliases: BTreeSet<String>,
    /// Tickers (`9988.HK`).
    pub tickers: BTreeSet<String>,
    /// Mentions per document id; the keys are the documents that support the entity.
    pub mentions: BTreeMap<DocId, usize>,
    /// Per document, the confidence of the rule that found the entity there
    /// (documents extracted before confidences have none).
    pub confidence: BTreeMap<DocId, Confidence>,
}

impl EntityNode {
    /// Total mentions over all documents.
    pub fn mention_count(&self) -> usize {
        self.mentions.values().sum()
    }

    /// How far the entity can be trusted: its documents' confidences
    /// combined (see [`Confidence::combine`]); `None` when none has one.
    pub fn confidence(&self) -> Option<Confidence> {
        Confidence::combine(self.confidence.values().copied())
    }

    /// Ids of the documents that mention the entity.
    pub fn documents(&self) -> impl Iterator<Item = &DocId> {
        self.mentions.keys()
    }

    /// Whether `name` names this entity: id, canonical name, alias or ticker,
    /// compared case-insensitively.
    pub fn is_named(&self, name: &str) -> bool {
        let name = name.trim();
        self.id.eq_ignore_ascii_case(name)
            || eq_fold(&self.name, name)
            || self.aliases.iter().any(|a| eq_fold(a, name))
            || self.tickers.iter().any(|t| eq_fold(t, name))
    }
}

/// A number the documents tie to an entity.
#[derive(Debug, Clone, PartialEq)]
pub struct MetricNode {
    /// Stable id, derived from the entity id, label, value, unit and period.
    pub id: String,
    /// Id of the entity the metric belongs to.
    pub entity: String,
    /// Short free label (`NTM PE`).
    pub label: String,
    /// The value, scale folded in.
    pub value: f64,
    /// The unit.
    pub unit: Unit,
    /// Period, free text.
    pub period: Option<String>,
    /// Documents stating it.
    pub documents: BTreeSet<DocId>,
}

/// Case-insensitive comparison, Unicode-aware.
pub(crate) fn eq_fold(a: &str, b: &str) -> bool {
    a.eq_ignore_ascii_case(b) || a.to_lowercase() == b.to_lowercase()
}

/// The normalised form of a name used in ids: lower case, runs of anything
/// but letters and digits folded to one `-`. A name with no letter or digit
/// gets a hash instead, so ids are never empty.
pub fn slug(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    push_slug(&mut out, name);
    out
}

/// Append [`slug`]`(name)` to `out`: an id is built in one string instead
/// of one per part (every entity and metric of every document has its id
/// made to be looked up).
fn push_slug(out: &mut String, name: &str) {
    let start = out.len();
    let mut dash = false;
    let letter = |out: &mut String, dash: &mut bool| {
        if *dash && out.len() > start {
            out.push('-');
        }
        *dash = false;
    };
    for c in name.chars() {
        // ASCII first: the same answer as the Unicode tests, without them
        if c.is_ascii_alphanumeric() {
            letter(out, &mut dash);
            out.push(c.to_ascii_lowercase());
        } else if !c.is_ascii() && c.is_alphanumeric() {
            letter(out, &mut dash);
            out.extend(c.to_lowercase());
        } else {
            dash = true;
        }
    }
    if out.len() == start {
        out.push('x');
        out.push_str(&Document::hash(name));
    }
}

/// The stable id of an entity: `kind:slug(name)`.
pub fn entity_id(kind: &str, name: &str) -> String {
    let mut id = String::with_capacity(kind.len() + name.len() + 1);
    push_slug(&mut id, kind);
    id.push(':');
    push_slug(&mut id, name);
    id
}

/// The stable id of a metric node.
pub fn metric_id(
    entity_id: &str,
    label: &str,
    value: f64,
    unit: Unit,
    period: Option<&str>,
) -> String {
    use std::fmt::Write;
    let mut id = String::with_capacity(entity_id.len() + label.len() + 32);
    id.push_str("metric:");
    id.push_str(entity_id);
    id.push('/');
    push_slug(&mut id, label);
    id.push('/');
    // writing into a String cannot fail
    let _ = write!(id, "{value}");
    id.push_str(unit.as_str());
    if let Some(p) = period.filter(|p| !p.trim().is_empty()) {
        id.push('/');
        push_slug(&mut id, p);
    }
    id
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_fold_case_and_punctuation() {
        for (name, want) in [
            ("Alibaba", "alibaba"),
            ("CITIC Securities", "citic-securities"),
            ("  Hang Seng  Tech Index ", "hang-seng-tech-index"),
            ("Foo \"Bar\" \\ Baz <script>", "foo-bar-baz-script"),
            ("Alibaba Group Holding Ltd.", "alibaba-group-holding-ltd"),
            ("GPT-5", "gpt-5"),
            ("阿里巴巴", "阿里巴巴"),
            ("Ünïcode AG", "ünïcode-ag"),
        ] {
            assert_eq!(slug(name), want, "{name}");
        }
    }

    #[test]
    fn a_name_without_letters_still_gets_a_distinct_id() {
        let a = slug("!!!");
        let b = slug("???");
        assert!(a.starts_with('x') && a.len() == 17, "{a}");
        assert_ne!(a, b);
        // within an id too, and a dash never leads a part
        assert_eq!(entity_id("company", "!!!"), format!("company:{a}"));
        assert_eq!(entity_id("-index-", "--HSI"), "index:hsi");
        assert_eq!(
            metric_id("company:x", "…", 1.5, Unit::Percent, Some("(Q3)")),
            format!("metric:company:x/{}/1.5%/q3", slug("…"))
        );
    }

    #[test]
    fn ids_join_kind_and_name() {
        assert_eq!(entity_id("company", "Alibaba"), "company:alibaba");
        assert_eq!(
            metric_id(
                "index:hang-seng-tech-index",
                "NTM PE",
                19.3,
                Unit::Multiple,
                Some("as of 2025-12-24")
            ),
            "metric:index:hang-seng-tech-index/ntm-pe/19.3x/as-of-2025-12-24"
        );
        assert_eq!(
            metric_id("company:alibaba", "capex", 130e9, Unit::Cny, None),
            "metric:company:alibaba/capex/130000000000CNY"
        );
    }

    #[test]
    fn names_match_case_insensitively() {
        let e = EntityNode {
            id: "company:alibaba".into(),
            name: "Alibaba".into(),
            kind: "company".into(),
            aliases: ["Alibaba Group".to_string()].into(),
            tickers: ["9988.HK".to_string()].into(),
            mentions: BTreeMap::new(),
            confidence: BTreeMap::new(),
        };
        for n in [
            "alibaba",
            "ALIBABA GROUP",
            "9988.hk",
            "company:Alibaba",
            " Alibaba ",
        ] {
            assert!(e.is_named(n), "{n}");
        }
        assert!(!e.is_named("Tencent"));
    }
}
