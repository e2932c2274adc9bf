//! Analyst actions: a rating or target that a broker, person or investor
//! states about a company or index (ANNOTATION.md, "Analyst actions").

use super::{Evidence, Unit};
use serde::{Deserialize, Serialize};
use std::cmp::Ordering;
use std::fmt;

/// One rating or target stated in one document: who acts, on what, and the
/// details. One action per (`by`, `on`) in a document: the latest statement
/// wins, earlier ones give the `previous_*` fields.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Action {
    /// Canonical name of the firm acting (the person when no firm is named).
    pub by: String,
    /// Canonical name of the company or index acted on.
    pub on: String,
    /// The analyst, when named.
    #[serde(default)]
    pub analyst: Option<String>,
    /// The rating, lower case as written (`buy`, `overweight`, `market perform`).
    #[serde(default)]
    pub rating: Option<String>,
    /// The rating it replaced, when the text gives it.
    #[serde(default)]
    pub previous_rating: Option<String>,
    /// The target price or index target.
    #[serde(default)]
    pub target: Option<f64>,
    /// The target it replaced, when the text gives it.
    #[serde(default)]
    pub previous_target: Option<f64>,
    /// Unit of the targets: a currency, or `points` for an index.
    #[serde(default)]
    pub unit: Option<Unit>,
    /// Coverage starts with this action ("initiated at overweight").
    #[serde(default)]
    pub initiated: bool,
    /// The sentence stating it (the latest statement).
    pub evidence: Evidence,
}

/// What an action changed, against the action's own `previous_*` fields or
/// the one before it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Change {
    /// Coverage started.
    Initiation,
    /// A better rating than before.
    Upgrade,
    /// A worse rating than before.
    Downgrade,
    /// A higher target, same or no rating change.
    TargetRaised,
    /// A lower target, same or no rating change.
    TargetCut,
    /// The same rating and target (reiterated, maintained).
    Reiterated,
    /// Nothing to compare with.
    New,
}

impl Change {
    /// The change as written in answers (`upgrade`, `target raised` …).
    pub fn as_str(self) -> &'static str {
        match self {
            Change::Initiation => "initiation",
            Change::Upgrade => "upgrade",
            Change::Downgrade => "downgrade",
            Change::TargetRaised => "target raised",
            Change::TargetCut => "target cut",
            Change::Reiterated => "reiterated",
            Change::New => "new",
        }
    }

    /// What changed between two states of a broker's view.
    pub fn between(
        initiated: bool,
        rating: (Option<&str>, Option<&str>),
        target: (Option<f64>, Option<f64>),
    ) -> Change {
        if initiated {
            return Change::Initiation;
        }
        let (prev_r, r) = rating;
        if let (Some(p), Some(n)) = (prev_r.and_then(rating_rank), r.and_then(rating_rank)) {
            match n.cmp(&p) {
                Ordering::Greater => return Change::Upgrade,
                Ordering::Less => return Change::Downgrade,
                Ordering::Equal => {}
            }
        }
        match target {
            (Some(p), Some(n)) if n > p => Change::TargetRaised,
            (Some(p), Some(n)) if n < p => Change::TargetCut,
            (Some(_), Some(_)) => Change::Reiterated,
            _ if prev_r.is_some() && r.is_some() => Change::Reiterated,
            _ => Change::New,
        }
    }
}

impl fmt::Display for Change {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The place of a rating on one scale from most bullish (5) to most bearish
/// (1), whatever the house's words: buy = outperform = overweight = 4, hold
/// = neutral = equal-weight = 3, and so on. `None` for a word not on it.
pub fn rating_rank(rating: &str) -> Option<i8> {
    let r: String = rating
        .chars()
        .filter(char::is_ascii_alphabetic)
        .collect::<String>()
        .to_ascii_lowercase();
    Some(match r.as_str() {
        "strongbuy" | "convictionbuy" | "toppick" | "strongoutperform" | "stronglyrecommend" => 5,
        "buy"
        | "outperform"
        | "overweight"
        | "accumulate"
        | "add"
        | "positive"
        | "marketoutperform"
        | "sectoroutperform"
        | "recommend"
        | "moderatebuy"
        | "outperformthemarket"
        | "outperformtheindustry" => 4,
        "hold" | "neutral" | "equalweight" | "marketperform" | "sectorperform" | "inline"
        | "peerperform" | "sectorweight" | "marketweight" => 3,
        "underweight"
        | "underperform"
        | "reduce"
        | "negative"
        | "moderatesell"
        | "underperformthemarket"
        | "sectorunderperform" => 2,
        "sell" | "strongsell" => 1,
        _ => return None,
    })
}

/// The rating scale bucket of a rating (`buy`, `hold` or `sell`), for
/// rating distributions: 4–5 are buys, 3 holds, 1–2 sells.
pub fn rating_bucket(rating: &str) -> Option<&'static str> {
    rating_rank(rating).map(|r| match r {
        4.. => "buy",
        3 => "hold",
        _ => "sell",
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ratings_of_every_house_share_one_scale() {
        for (a, b) in [
            ("Buy", "outperform"),
            ("overweight", "Accumulate"),
            ("hold", "Equal-Weight"),
            ("market perform", "neutral"),
            ("underweight", "reduce"),
        ] {
            assert_eq!(rating_rank(a), rating_rank(b), "{a} vs {b}");
        }
        assert!(rating_rank("buy") > rating_rank("hold"));
        assert!(rating_rank("hold") > rating_rank("sell"));
        assert_eq!(rating_rank("splendid"), None);
        assert_eq!(rating_bucket("Sector Perform"), Some("hold"));
    }

    #[test]
    fn changes_compare_ratings_then_targets() {
        let c = |i, r: (Option<&str>, Option<&str>), t| Change::between(i, r, t);
        assert_eq!(
            c(false, (Some("buy"), Some("hold")), (None, None)),
            Change::Downgrade
        );
        assert_eq!(
            c(
                false,
                (Some("neutral"), Some("buy")),
                (Some(250.0), Some(200.0))
            ),
            Change::Upgrade,
            "the rating change names the action"
        );
        assert_eq!(
            c(false, (None, Some("buy")), (Some(10.0), Some(12.0))),
            Change::TargetRaised
        );
        assert_eq!(
            c(false, (Some("buy"), Some("buy")), (Some(12.0), Some(11.0))),
            Change::TargetCut
        );
        assert_eq!(
            c(false, (Some("buy"), Some("buy")), (None, None)),
            Change::Reiterated
        );
        assert_eq!(
            c(true, (None, Some("buy")), (None, Some(9.0))),
            Change::Initiation
        );
        assert_eq!(
            c(false, (None, Some("buy")), (None, Some(9.0))),
            Change::New
        );
    }
}
