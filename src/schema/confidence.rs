//! The calibration (`confidence.ron`): each rule's measured precision, which
//! becomes the confidence of every fact the rule makes.
//!
//! `finkg calibrate --gold DIR PATH...` writes it from gold annotations:
//! every predicted entity, relation and metric is judged right or wrong as
//! `finkg eval` judges it, and each rule (`entity:gazetteer`,
//! `relation:broker-forecasts`, `metric:stake-holder` …) gets
//! `(correct + strength × prior) / (count + strength)`, where `prior` is the
//! mean precision of the rules of its family (each rule once, see
//! [`Calibration::fit`]): a rule seen a few times sits near what a typical
//! rule of its family achieves, a rule seen often near its own precision.
//! A rule the file does not list gets its family's prior, and a family it
//! does not list gets `default`.
//!
//! ```ron
//! (
//!     default: 0.5,
//!     strength: 10.0,
//!     priors: {"entity": 0.86, "relation": 0.62, "metric": 0.7},
//!     rules: {
//!         "entity:gazetteer": (precision: 0.97, correct: 402, count: 412),
//!     },
//! )
//! ```

use super::SchemaError;
use crate::model::{Confidence, Extraction};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::fmt;
use std::path::Path;

/// What kind of fact a rule makes; the first part of a calibration key.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Family {
    /// An entity (its rule: `gazetteer` or the discovery rule that found it).
    Entity,
    /// A relation between two entities.
    Relation,
    /// A number tied to an entity.
    Metric,
}

impl Family {
    /// Every family, in the order reports list them.
    pub const ALL: [Family; 3] = [Family::Entity, Family::Relation, Family::Metric];

    /// `entity`, `relation` or `metric`.
    pub fn as_str(self) -> &'static str {
        match self {
            Family::Entity => "entity",
            Family::Relation => "relation",
            Family::Metric => "metric",
        }
    }

    /// The calibration key of a rule of this family (`relation:broker-forecasts`).
    pub fn key(self, rule: &str) -> String {
        format!("{}:{rule}", self.as_str())
    }
}

impl fmt::Display for Family {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One rule's measured precision.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RuleScore {
    /// The smoothed precision: the confidence of the rule's facts.
    pub precision: f64,
    /// How many of its facts were right on the gold set.
    pub correct: usize,
    /// How many facts it made there.
    pub count: usize,
}

/// Each rule's confidence (see the module docs).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Calibration {
    /// The confidence of a fact of a family `priors` does not list.
    #[serde(default = "default_confidence")]
    pub default: f64,
    /// How many observations the prior is worth (the `a + b` of a Beta prior).
    #[serde(default = "default_strength")]
    pub strength: f64,
    /// Each family's precision over all its rules: the confidence of a rule
    /// not listed, and what the listed ones were smoothed towards.
    #[serde(default)]
    pub priors: BTreeMap<String, f64>,
    /// Rule key (`family:rule`) → its score.
    #[serde(default)]
    pub rules: BTreeMap<String, RuleScore>,
}

fn default_confidence() -> f64 {
    0.5
}

fn default_strength() -> f64 {
    10.0
}

impl Default for Calibration {
    /// No measurement: every fact gets `default` (0.5).
    fn default() -> Calibration {
        Calibration {
            default: default_confidence(),
            strength: default_strength(),
            priors: BTreeMap::new(),
            rules: BTreeMap::new(),
        }
    }
}

/// One judged prediction: which rule of which family made it, and whether it
/// was right.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Outcome {
    /// The family of the fact.
    pub family: Family,
    /// The rule that made it.
    pub rule: String,
    /// Whether the gold has it.
    pub correct: bool,
}

impl Calibration {
    /// Read a calibration file; every number is checked (a precision or a
    /// prior outside 0..=1, more correct facts than facts, a key without its
    /// family are errors naming the file and the key).
    pub fn parse(text: &str, path: &Path) -> Result<Calibration, SchemaError> {
        let c: Calibration = ron::from_str(text).map_err(|e| SchemaError::from_ron(path, e))?;
        let invalid = |message: String| SchemaError::Invalid {
            path: path.to_path_buf(),
            message,
        };
        let unit = |p: f64| (0.0..=1.0).contains(&p);
        if !unit(c.default) {
            return Err(invalid(format!(
                "default {} is not a probability (0 to 1)",
                c.default
            )));
        }
        if !(c.strength.is_finite() && c.strength >= 0.0) {
            return Err(invalid(format!(
                "strength {} must be a number of observations, 0 or more",
                c.strength
            )));
        }
        for (family, p) in &c.priors {
            if !Family::ALL.iter().any(|f| f.as_str() == family) {
                return Err(invalid(format!(
                    "prior `{family}`: not a family (entity, relation, metric)"
                )));
            }
            if !unit(*p) {
                return Err(invalid(format!(
                    "prior `{family}`: {p} is not a probability (0 to 1)"
                )));
            }
        }
        for (key, s) in &c.rules {
            let family = key.split_once(':').map(|(f, _)| f);
            if !Family::ALL.iter().any(|f| Some(f.as_str()) == family) {
                return Err(invalid(format!(
                    "rule `{key}`: a key is `entity:RULE`, `relation:RULE` or `metric:RULE`"
                )));
            }
            if !unit(s.precision) {
                return Err(invalid(format!(
                    "rule `{key}`: precision {} is not a probability (0 to 1)",
                    s.precision
                )));
            }
            if s.correct > s.count {
                return Err(invalid(format!(
                    "rule `{key}`: {} correct out of {}",
                    s.correct, s.count
                )));
            }
        }
        Ok(c)
    }

    /// The file's text: a header comment (each line gets `// `), then the
    /// calibration as pretty RON, rules sorted by key.
    pub fn to_ron(&self, header: &str) -> String {
        let mut out = String::new();
        for line in header.lines() {
            out.push_str("// ");
            out.push_str(line);
            out.push('\n');
        }
        let pretty = ron::ser::PrettyConfig::new()
            .struct_names(false)
            .depth_limit(2)
            .indentor("    ".to_string());
        // plain maps, strings and numbers: serialising cannot fail
        out.push_str(&ron::ser::to_string_pretty(self, pretty).expect("a calibration serialises"));
        out.push('\n');
        out
    }

    /// The confidence of a fact made by `rule` of `family`.
    pub fn confidence(&self, family: Family, rule: &str) -> Confidence {
        // the key (`Family::key`) written on the stack when it fits: this runs for every
        // fact of every document
        let (f, mut buf) = (family.as_str(), [0u8; 128]);
        let n = f.len() + 1 + rule.len();
        let score = if n <= buf.len() {
            buf[..f.len()].copy_from_slice(f.as_bytes());
            buf[f.len()] = b':';
            buf[f.len() + 1..n].copy_from_slice(rule.as_bytes());
            let key = std::str::from_utf8(&buf[..n]).expect("two strs and a colon");
            self.rules.get(key)
        } else {
            self.rules.get(&family.key(rule))
        };
        let p = match score {
            Some(s) => s.precision,
            None => self.prior(family),
        };
        Confidence::new(p)
    }

    /// The confidence of a rule of `family` the file does not list.
    pub fn prior(&self, family: Family) -> f64 {
        self.priors
            .get(family.as_str())
            .copied()
            .unwrap_or(self.default)
    }

    /// Put the confidence of its rule on every entity, relation, metric and
    /// analyst action of an extraction (actions make `rates` and `forecasts`
    /// relations, so they are relations here).
    pub fn apply(&self, x: &mut Extraction) {
        // an article's facts come from a few rules ("gazetteer" for most of its
        // entities): each rule's confidence is looked up once, in a map by family
        let mut seen: [foldhash::HashMap<String, Confidence>; 3] = Default::default();
        let mut of = |family: Family, rule: &str| -> Confidence {
            let seen = &mut seen[family as usize];
            if let Some(&c) = seen.get(rule) {
                return c;
            }
            let c = self.confidence(family, rule);
            seen.insert(rule.to_string(), c);
            c
        };
        for e in &mut x.entities {
            e.confidence = Some(of(Family::Entity, &e.rule));
        }
        for r in &mut x.relations {
            for e in std::iter::once(&mut r.evidence).chain(&mut r.support) {
                e.confidence = Some(of(Family::Relation, &e.rule));
            }
        }
        for m in &mut x.metrics {
            m.evidence.confidence = Some(of(Family::Metric, &m.evidence.rule));
        }
        for a in &mut x.actions {
            a.evidence.confidence = Some(of(Family::Relation, &a.evidence.rule));
        }
    }

    /// Measure each rule from judged predictions, smoothing with `strength`
    /// observations of its family's prior: the mean over the family's rules
    /// of each rule's precision (Laplace's `(correct + 1) / (count + 2)`),
    /// every rule counted once however many facts it made. A rule seen
    /// rarely is a typical rule, not a typical fact: pooling the facts would
    /// give it the precision of the family's busiest rules (measured on
    /// the 12 older dev articles and the reference seeds and tested on the
    /// 24 newer ones, pooling put metric rules seen once or twice at 0.91
    /// and the facts at 0.9 or more at 0.895 precision; the mean over rules
    /// gives 0.971).
    pub fn fit<'a>(outcomes: impl IntoIterator<Item = &'a Outcome>, strength: f64) -> Calibration {
        let mut rules: BTreeMap<String, (Family, usize, usize)> = BTreeMap::new();
        for o in outcomes {
            let r = rules
                .entry(o.family.key(&o.rule))
                .or_insert((o.family, 0, 0));
            r.1 += usize::from(o.correct);
            r.2 += 1;
        }
        let mut c = Calibration {
            strength,
            ..Calibration::default()
        };
        let mut families: BTreeMap<Family, Vec<f64>> = BTreeMap::new();
        for (family, correct, count) in rules.values() {
            families
                .entry(*family)
                .or_default()
                .push(smoothed(*correct, *count, 0.5, 2.0));
        }
        for (family, ps) in &families {
            let p = ps.iter().sum::<f64>() / ps.len() as f64;
            c.priors.insert(family.as_str().to_string(), round(p));
        }
        for (key, (family, correct, count)) in rules {
            let p = smoothed(correct, count, c.prior(family), strength);
            c.rules.insert(
                key,
                RuleScore {
                    precision: round(p),
                    correct,
                    count,
                },
            );
        }
        c
    }
}

/// `(correct + strength × prior) / (count + strength)`: the mean of the Beta
/// posterior whose prior has mean `prior` and weighs `strength` observations.
pub fn smoothed(correct: usize, count: usize, prior: f64, strength: f64) -> f64 {
    let n = count as f64 + strength;
    if n <= 0.0 {
        return prior;
    }
    (correct as f64 + strength * prior) / n
}

/// A probability as the file writes it: thousandths.
fn round(p: f64) -> f64 {
    (p * 1000.0).round() / 1000.0
}

#[cfg(test)]
mod tests {
    use super::*;

    fn outcome(family: Family, rule: &str, correct: bool) -> Outcome {
        Outcome {
            family,
            rule: rule.into(),
            correct,
        }
    }

    #[test]
    fn rare_rules_sit_near_their_family_and_frequent_ones_near_themselves() {
        let mut o = Vec::new();
        // a frequent rule, 90 of 100 right; a rare one, 3 of 3 right
        for i in 0..100 {
            o.push(outcome(Family::Relation, "often", i % 10 != 0));
        }
        for _ in 0..3 {
            o.push(outcome(Family::Relation, "rare", true));
        }
        for i in 0..20 {
            o.push(outcome(Family::Relation, "poor", i % 2 == 0));
        }
        let c = Calibration::fit(&o, 10.0);
        let prior = c.prior(Family::Relation);
        // the mean of 91/102, 4/5 and 11/22: each rule once
        assert!((prior - 0.731).abs() < 0.001, "{prior}");
        let often = c.confidence(Family::Relation, "often").get();
        let rare = c.confidence(Family::Relation, "rare").get();
        let poor = c.confidence(Family::Relation, "poor").get();
        // (90 + 10 × 0.731) / 110
        assert!((often - 0.885).abs() < 0.001, "{often}");
        // three right answers do not make a rule certain
        assert!(rare < 0.9 && rare > prior, "{rare}");
        assert!(poor < 0.65, "{poor}");
        assert_eq!(c.rules["relation:rare"].count, 3);
        assert_eq!(c.rules["relation:rare"].correct, 3);
        // a rule never seen gets the prior; a family never seen the default
        assert_eq!(
            c.confidence(Family::Relation, "unseen"),
            Confidence::new(prior)
        );
        assert_eq!(c.confidence(Family::Metric, "any").get(), 0.5);
    }

    #[test]
    fn apply_gives_each_fact_its_rules_confidence() {
        // rules met many times in one article (its gazetteer entities, its relations)
        // and once; the bundled calibration and the extraction of one article
        let schema = crate::schema::Schema::bundled().unwrap();
        let text = "Zorvane Bank raised its price target on Quenby Electronics to $45 from \
                    $40 and kept a buy rating. Goldman Sachs expects Alibaba and Tencent to \
                    beat the Hang Seng Index; Alibaba's revenue rose 12% to 50 billion yuan.";
        let c = schema.confidence.clone();
        let x = crate::extract::Extractor::new(schema).extract("a", "a.txt", text);
        assert!(x.entities.len() > 3 && !x.relations.is_empty() && !x.metrics.is_empty());
        for e in &x.entities {
            assert_eq!(e.confidence, Some(c.confidence(Family::Entity, &e.rule)));
        }
        for r in &x.relations {
            assert_eq!(
                r.evidence.confidence,
                Some(c.confidence(Family::Relation, &r.evidence.rule))
            );
        }
        for m in &x.metrics {
            assert_eq!(
                m.evidence.confidence,
                Some(c.confidence(Family::Metric, &m.evidence.rule))
            );
        }
        for a in &x.actions {
            assert_eq!(
                a.evidence.confidence,
                Some(c.confidence(Family::Relation, &a.evidence.rule))
            );
        }
    }

    #[test]
    fn the_file_reads_back_what_it_writes() {
        let o = [
            outcome(Family::Entity, "gazetteer", true),
            outcome(Family::Metric, "stake-holder", false),
        ];
        let c = Calibration::fit(&o, 4.0);
        let text = c.to_ron("written by a test\nsecond line");
        assert!(
            text.starts_with("// written by a test\n// second line\n"),
            "{text}"
        );
        let back = Calibration::parse(&text, Path::new("confidence.ron")).unwrap();
        assert_eq!(back, c);
    }

    #[test]
    fn bad_numbers_are_errors_naming_the_file_and_key() {
        let p = Path::new("x/confidence.ron");
        for (text, want) in [
            ("(default: 1.5)", "default 1.5"),
            ("(priors: {\"fact\": 0.5})", "prior `fact`"),
            ("(priors: {\"entity\": -0.5})", "prior `entity`"),
            (
                "(rules: {\"gazetteer\": (precision: 0.9, correct: 1, count: 1)})",
                "rule `gazetteer`",
            ),
            (
                "(rules: {\"entity:g\": (precision: 0.9, correct: 3, count: 1)})",
                "3 correct out of 1",
            ),
            ("(strength: -1.0)", "strength -1"),
        ] {
            let e = Calibration::parse(text, p).unwrap_err().to_string();
            assert!(e.starts_with("x/confidence.ron: "), "{e}");
            assert!(e.contains(want), "{text}: {e}");
        }
        let e = Calibration::parse("(rules: {", p).unwrap_err().to_string();
        assert!(e.starts_with("x/confidence.ron:1:"), "{e}");
        let e = Calibration::parse("(colour: 1)", p)
            .unwrap_err()
            .to_string();
        assert!(e.contains("colour"), "{e}");
    }
}
