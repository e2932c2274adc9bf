//! How far a fact can be trusted: a probability, kept in thousandths.

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::fmt;

/// The probability that a fact is right, as measured for the rule that made
/// it (`finkg calibrate`), in thousandths so that facts holding one stay
/// comparable, hashable and sortable. Reads and writes as a number between
/// 0 and 1 (`0.93`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
pub struct Confidence(u16);

impl Confidence {
    /// Certainty.
    pub const CERTAIN: Confidence = Confidence(1000);

    /// The confidence of a probability, clamped to 0..=1 and rounded to
    /// thousandths (a NaN is 0).
    pub fn new(p: f64) -> Confidence {
        if p.is_nan() {
            return Confidence(0);
        }
        Confidence((p.clamp(0.0, 1.0) * 1000.0).round() as u16)
    }

    /// The probability, 0 to 1.
    pub fn get(self) -> f64 {
        f64::from(self.0) / 1000.0
    }

    /// Several independent sentences stating the same fact: the fact is
    /// wrong only when every one of them is (noisy-or, `1 - Π(1 - pᵢ)`).
    /// `None` for no confidence at all.
    pub fn combine(all: impl IntoIterator<Item = Confidence>) -> Option<Confidence> {
        let mut wrong: Option<f64> = None;
        for c in all {
            *wrong.get_or_insert(1.0) *= 1.0 - c.get();
        }
        wrong.map(|w| Confidence::new(1.0 - w))
    }
}

impl fmt::Display for Confidence {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.get())
    }
}

impl Serialize for Confidence {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_f64(self.get())
    }
}

impl<'de> Deserialize<'de> for Confidence {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Confidence, D::Error> {
        let p = f64::deserialize(d)?;
        if !(0.0..=1.0).contains(&p) {
            return Err(serde::de::Error::custom(format!(
                "a confidence is a number from 0 to 1, not {p}"
            )));
        }
        Ok(Confidence::new(p))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn probabilities_round_to_thousandths_and_clamp() {
        assert_eq!(Confidence::new(0.9304).get(), 0.93);
        assert_eq!(Confidence::new(0.9305).get(), 0.931);
        assert_eq!(Confidence::new(1.7), Confidence::CERTAIN);
        assert_eq!(Confidence::new(-1.0).get(), 0.0);
        assert_eq!(Confidence::new(f64::NAN).get(), 0.0);
        assert_eq!(Confidence::new(0.93).to_string(), "0.93");
    }

    #[test]
    fn independent_sentences_combine_by_noisy_or() {
        let c = |p| Confidence::new(p);
        assert_eq!(Confidence::combine([]), None);
        assert_eq!(Confidence::combine([c(0.7)]), Some(c(0.7)));
        // 1 - 0.3 * 0.2 = 0.94
        assert_eq!(Confidence::combine([c(0.7), c(0.8)]), Some(c(0.94)));
        assert_eq!(
            Confidence::combine([c(0.5), c(0.5), c(0.5)]),
            Some(c(0.875))
        );
    }

    #[test]
    fn reads_and_writes_as_a_number() {
        let c: Confidence = serde_json::from_str("0.93").unwrap();
        assert_eq!(serde_json::to_string(&c).unwrap(), "0.93");
        assert_eq!(ron::to_string(&c).unwrap(), "0.93");
        let e = serde_json::from_str::<Confidence>("1.5").unwrap_err();
        assert!(e.to_string().contains("from 0 to 1"), "{e}");
        let p: Confidence = postcard::from_bytes(&postcard::to_allocvec(&c).unwrap()).unwrap();
        assert_eq!(p, c);
    }
}
