//! `finkg explain --trace`: one text's extraction laid open, sentence by sentence (the
//! sentence view, the discourse state, what every rule did at every place it was
//! anchored, and the facts), the tool a person needs to see why a fact is or is not
//! there and to write a rule.

use super::engine::TraceLog;
use super::Extractor;
use std::fmt::Write;

/// The traced extraction of one text.
#[derive(Debug, Clone)]
pub struct Trace {
    /// One entry per sentence kept for extraction.
    pub sentences: Vec<SentenceTrace>,
}

/// What happened in one sentence.
#[derive(Debug, Clone)]
pub struct SentenceTrace {
    /// The sentence.
    pub text: String,
    /// Mentions: surface, entity, kind.
    pub mentions: Vec<(String, String, String)>,
    /// Phrase-class hits: class, phrase as written, byte offset.
    pub cues: Vec<(String, String, usize)>,
    /// Where the sentence's clauses start (byte offsets after 0).
    pub clause_starts: Vec<usize>,
    /// The discourse state the sentence was read with.
    pub discourse: String,
    /// Rules that fired, with what they made.
    pub fired: Vec<(String, String)>,
    /// Rules tried at an anchor that did not fire, and why.
    pub tried: Vec<(String, String, String)>,
    /// Rules whose trigger is not in the sentence.
    pub absent: Vec<String>,
    /// Metrics found in the sentence: entity, value, unit, rule.
    pub metrics: Vec<(String, f64, String, String)>,
    /// Every figure an owner tier was asked about: the figure as written, the tier that
    /// decided it ("-" when none did) and the owner it found ("-": none).
    pub figures: Vec<(String, String, String)>,
}

impl Extractor {
    /// Extract a text with every rule traced.
    pub fn trace(&self, text: &str) -> Trace {
        let mut draft = self.mentions("trace.txt", "", text);
        draft.facts.trace = Some(TraceLog::default());
        draft.facts.tiers = Some(Vec::new());
        self.facts(&mut draft);
        let log = draft.facts.trace.take().unwrap_or_default();
        let reg = &draft.reg;
        let schema = self.schema();
        let mut sentences = Vec::new();
        for (i, sent) in draft.sents.iter().enumerate() {
            let t = sent.s.text;
            let mentions = sent
                .ms
                .iter()
                .map(|m| {
                    let e = &reg.entities[m.eid];
                    (
                        t[m.start..m.end].to_string(),
                        e.name.clone(),
                        schema.ontology.kind_name(e.kind).to_string(),
                    )
                })
                .collect();
            let cues = sent
                .hits
                .iter()
                .filter(|h| !self.cues.class_name(h.class).starts_with('['))
                .map(|h| {
                    (
                        self.cues.class_name(h.class).to_string(),
                        t[h.start()..h.end()].to_string(),
                        h.start(),
                    )
                })
                .collect();
            let mut clause_starts: Vec<usize> = Vec::new();
            let mut at = 0;
            while at < t.len() {
                let (_, end) = sent.clause(at);
                if end >= t.len() {
                    break;
                }
                let next = sent.clause(end).0.max(end + 1);
                clause_starts.push(next);
                at = next;
            }
            let mut fired = Vec::new();
            let mut tried = Vec::new();
            let mut absent = Vec::new();
            for x in log.tried.iter().filter(|x| x.sentence == i) {
                let name = self.engine.rules[x.rule].name.clone();
                let place = if x.anchor == (0, 0) {
                    String::new()
                } else {
                    t[x.anchor.0..x.anchor.1].to_string()
                };
                if let Some(made) = x.outcome.strip_prefix("fired: ") {
                    fired.push((name, made.to_string()));
                } else if x.outcome == "its trigger is not in the sentence" {
                    absent.push(name);
                } else {
                    tried.push((name, place, x.outcome.clone()));
                }
            }
            let metrics = draft
                .facts
                .metrics
                .iter()
                .filter(|m| m.evidence.start == sent.s.start)
                .map(|m| {
                    (
                        m.entity.clone(),
                        m.value,
                        m.unit.as_str().to_string(),
                        m.evidence.rule.clone(),
                    )
                })
                .collect();
            let figures = draft
                .facts
                .tiers
                .iter()
                .flatten()
                .filter(|d| d.sentence == i)
                .map(|d| {
                    let tier = d.tier.map_or("-".to_string(), |k| {
                        self.metric_rules.tiers.tiers[k].name.clone()
                    });
                    let owner = d
                        .owner
                        .map_or("-".to_string(), |e| reg.entities[e].name.clone());
                    (t[d.figure.0..d.figure.1].to_string(), tier, owner)
                })
                .collect();
            sentences.push(SentenceTrace {
                text: t.to_string(),
                mentions,
                cues,
                clause_starts,
                discourse: log.discourse.get(i).cloned().unwrap_or_default(),
                fired,
                tried,
                absent,
                metrics,
                figures,
            });
        }
        Trace { sentences }
    }
}

impl std::fmt::Display for Trace {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        for (i, s) in self.sentences.iter().enumerate() {
            writeln!(f, "sentence {}: {}", i + 1, s.text)?;
            let mut line = String::new();
            for (surface, name, kind) in &s.mentions {
                if !line.is_empty() {
                    line.push_str(", ");
                }
                if surface == name {
                    let _ = write!(line, "{surface} ({kind})");
                } else {
                    let _ = write!(line, "{surface} = {name} ({kind})");
                }
            }
            writeln!(
                f,
                "  mentions:  {}",
                if line.is_empty() { "-" } else { &line }
            )?;
            let cues: Vec<String> = s
                .cues
                .iter()
                .map(|(class, phrase, at)| format!("{phrase}@{at} [{class}]"))
                .collect();
            writeln!(
                f,
                "  cues:      {}",
                if cues.is_empty() {
                    "-".into()
                } else {
                    cues.join(", ")
                }
            )?;
            if !s.clause_starts.is_empty() {
                let starts: Vec<String> = s.clause_starts.iter().map(|c| c.to_string()).collect();
                writeln!(f, "  clauses:   new clause at byte {}", starts.join(", "))?;
            }
            writeln!(f, "  discourse: {}", s.discourse)?;
            for (rule, made) in &s.fired {
                writeln!(f, "  fired      {rule}: {made}")?;
            }
            for (entity, value, unit, rule) in &s.metrics {
                writeln!(f, "  metric     {rule}: {entity} {value} {unit}")?;
            }
            for (figure, tier, owner) in &s.figures {
                if tier == "-" {
                    writeln!(f, "  figure     {figure}: no owner tier decides")?;
                } else {
                    writeln!(f, "  figure     {figure}: owner tier {tier} -> {owner}")?;
                }
            }
            for (rule, place, why) in &s.tried {
                if place.is_empty() {
                    writeln!(f, "  tried      {rule}: {why}")?;
                } else {
                    writeln!(f, "  tried      {rule} at \"{place}\": {why}")?;
                }
            }
            if !s.absent.is_empty() {
                writeln!(f, "  not triggered: {}", s.absent.join(", "))?;
            }
            writeln!(f)?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Schema;

    #[test]
    fn a_trace_names_the_rule_that_fired_and_why_others_did_not() {
        let ex = Extractor::new(Schema::bundled().unwrap());
        let trace = ex.trace("Wen Shao of Ridgeway Securities expects the yuan to firm.");
        let s = &trace.sentences[0];
        assert!(s.fired.iter().any(|(r, made)| r == "person-of-firm"
            && made.contains("Wen Shao -works_for-> Ridgeway Securities")));
        assert!(s
            .tried
            .iter()
            .any(|(r, _, why)| r == "firm-title-person" && why.contains("finds nothing")));
        let text = trace.to_string();
        assert!(text.contains("Ridgeway Securities (broker)"), "{text}");
        assert!(text.contains("fired      person-of-firm"), "{text}");
    }

    #[test]
    fn a_trace_names_the_owner_tier_of_every_figure() {
        let ex = Extractor::new(Schema::bundled().unwrap());
        let trace = ex.trace("Brindle Capital raised its stake in Orvane Group to 8.5%.");
        let s = &trace.sentences[0];
        assert_eq!(
            s.figures,
            [(
                "8.5%".to_string(),
                "stake-holder".to_string(),
                "Brindle Capital".to_string()
            )]
        );
        assert!(s.metrics.iter().any(|m| m.3 == "stake-holder"));
        let text = trace.to_string();
        assert!(
            text.contains("figure     8.5%: owner tier stake-holder -> Brindle Capital"),
            "{text}"
        );
    }

    #[test]
    #[ignore = "prints the trace of FINKG_TRACE_TEXT"]
    fn print_trace() {
        let ex = Extractor::new(Schema::bundled().unwrap());
        let text = std::env::var("FINKG_TRACE_TEXT").unwrap_or_default();
        eprintln!("{}", ex.trace(&text.replace("\\n", "\n")));
    }
}
