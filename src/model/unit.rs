//! Metric units of the extraction contract (ANNOTATION.md).

use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;

/// The unit of a metric value. Money folds its scale into the value.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Unit {
    /// A multiple (PE 19.3x, 20.6 times).
    Multiple,
    /// Percent, percentile, growth.
    Percent,
    /// Percentage points.
    PctPoint,
    /// Index level or index target.
    Points,
    /// A plain count (tokens, units, employees).
    Count,
    /// Chinese yuan.
    Cny,
    /// US dollars.
    Usd,
    /// Hong Kong dollars.
    Hkd,
    /// Euros.
    Eur,
    /// Japanese yen.
    Jpy,
    /// Pounds sterling.
    Gbp,
    /// Money in a currency not listed above, or not stated.
    Money,
}

impl Unit {
    /// Every unit, in declaration order.
    pub const ALL: [Unit; 12] = [
        Unit::Multiple,
        Unit::Percent,
        Unit::PctPoint,
        Unit::Points,
        Unit::Count,
        Unit::Cny,
        Unit::Usd,
        Unit::Hkd,
        Unit::Eur,
        Unit::Jpy,
        Unit::Gbp,
        Unit::Money,
    ];

    /// The unit as ANNOTATION.md spells it (`x`, `%`, `CNY` …).
    pub fn as_str(self) -> &'static str {
        match self {
            Unit::Multiple => "x",
            Unit::Percent => "%",
            Unit::PctPoint => "pct_point",
            Unit::Points => "points",
            Unit::Count => "count",
            Unit::Cny => "CNY",
            Unit::Usd => "USD",
            Unit::Hkd => "HKD",
            Unit::Eur => "EUR",
            Unit::Jpy => "JPY",
            Unit::Gbp => "GBP",
            Unit::Money => "money",
        }
    }

    /// True for currencies (and unstated money).
    pub fn is_money(self) -> bool {
        matches!(
            self,
            Unit::Cny | Unit::Usd | Unit::Hkd | Unit::Eur | Unit::Jpy | Unit::Gbp | Unit::Money
        )
    }
}

impl fmt::Display for Unit {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Unit {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        Unit::ALL
            .into_iter()
            .find(|u| u.as_str().eq_ignore_ascii_case(s))
            .ok_or_else(|| format!("unknown unit `{s}`"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn units_round_trip_through_text() {
        for u in Unit::ALL {
            assert_eq!(u.as_str().parse::<Unit>().unwrap(), u);
        }
        assert!("furlongs".parse::<Unit>().is_err());
    }
}
