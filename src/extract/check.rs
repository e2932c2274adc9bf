//! Every rule's examples and counter-examples, run through the whole extractor: an
//! example must make the rule fire and yield its facts under the rule's name; a
//! counter-example must not make the rule fire at all. A failure names the rule, its
//! file and the sentence (the way Duckling runs each rule's corpus and negative corpus).
//! The owner tiers of the metrics stage are checked the same way: an example must have
//! a figure the tier decides and yield its metrics under the tier's name; the tier may
//! decide no figure of a counter-example.

use super::Extractor;
use crate::schema::rules::Fact;
use crate::text::normalize_name;
use std::path::PathBuf;

/// A rule whose examples or counter-examples do not hold.
#[derive(Debug, Clone, PartialEq)]
pub struct RuleFailure {
    /// The rule's name.
    pub rule: String,
    /// The rule file.
    pub file: PathBuf,
    /// The sentence of the example or counter-example.
    pub text: String,
    /// What went wrong.
    pub problem: String,
}

impl std::fmt::Display for RuleFailure {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{}: rule `{}`: {}\n    {}",
            self.file.display(),
            self.rule,
            self.problem,
            self.text
        )
    }
}

/// How many examples and counter-examples were run, and what failed.
#[derive(Debug, Clone, Default)]
pub struct RuleReport {
    /// Rules in the schema.
    pub rules: usize,
    /// Owner tiers of the metrics stage.
    pub tiers: usize,
    /// Examples run.
    pub examples: usize,
    /// Counter-examples run.
    pub counters: usize,
    /// What failed.
    pub failures: Vec<RuleFailure>,
}

impl Extractor {
    /// Run the examples and counter-examples of every rule of the schema.
    pub fn check_rules(&self) -> RuleReport {
        let mut report = RuleReport::default();
        let schema = self.schema();
        for file in &schema.rules {
            for rule in &file.rules {
                report.rules += 1;
                let Some(id) = self.engine.rules.iter().position(|r| r.name == rule.name) else {
                    continue;
                };
                let fail = |text: &str, problem: String| RuleFailure {
                    rule: rule.name.clone(),
                    file: file.path.clone(),
                    text: text.to_string(),
                    problem,
                };
                for ex in &rule.examples {
                    report.examples += 1;
                    let fired = self.firings(&ex.0, id);
                    if fired.is_empty() {
                        report
                            .failures
                            .push(fail(&ex.0, "does not fire on its example".into()));
                        continue;
                    }
                    for fact in &ex.1 {
                        if let Fact::Rel(s, r, o) = fact {
                            let same = |names: &str, b: &str| {
                                names
                                    .split('|')
                                    .any(|a| normalize_name(a) == normalize_name(b))
                            };
                            if !fired
                                .iter()
                                .any(|(fs, fr, fo)| fr == r && same(fs, s) && same(fo, o))
                            {
                                let made: Vec<String> = fired
                                    .iter()
                                    .map(|(a, r, b)| {
                                        let first =
                                            |n: &str| n.split('|').next().unwrap_or("").to_string();
                                        format!("{} -{r}-> {}", first(a), first(b))
                                    })
                                    .collect();
                                report.failures.push(fail(
                                    &ex.0,
                                    format!(
                                        "does not yield {s} -{r}-> {o} (it yields: {})",
                                        made.join("; ")
                                    ),
                                ));
                            }
                        }
                    }
                }
                for text in &rule.counter {
                    report.counters += 1;
                    let fired = self.firings(text, id);
                    if let Some((s, r, o)) = fired.first() {
                        let first = |n: &str| n.split('|').next().unwrap_or("").to_string();
                        report.failures.push(fail(
                            text,
                            format!(
                                "fires on its counter-example ({} -{r}-> {})",
                                first(s),
                                first(o)
                            ),
                        ));
                    }
                }
            }
            for tier in &file.owner_tiers {
                report.tiers += 1;
                self.check_tier(file, tier, &mut report);
            }
        }
        report
    }

    /// Run one owner tier's examples and counter-examples.
    fn check_tier(
        &self,
        file: &crate::schema::RuleFile,
        tier: &crate::schema::tiers::OwnerTier,
        report: &mut RuleReport,
    ) {
        let Some(id) = self
            .metric_rules
            .tiers
            .tiers
            .iter()
            .position(|t| t.name == tier.name)
        else {
            return;
        };
        let fail = |text: &str, problem: String| RuleFailure {
            rule: tier.name.clone(),
            file: file.path.clone(),
            text: text.to_string(),
            problem,
        };
        let show = |made: &[(String, f64, String)]| {
            let list: Vec<String> = made
                .iter()
                .map(|(e, v, u)| format!("{} {v} {u}", e.split('|').next().unwrap_or("")))
                .collect();
            if list.is_empty() {
                "nothing".to_string()
            } else {
                list.join("; ")
            }
        };
        for ex in &tier.examples {
            report.examples += 1;
            let (decided, made) = self.tier_firings(&ex.0, id);
            if decided == 0 {
                report
                    .failures
                    .push(fail(&ex.0, "decides no figure of its example".into()));
                continue;
            }
            for fact in &ex.1 {
                let Fact::Metric(entity, value, unit) = fact else {
                    report.failures.push(fail(
                        &ex.0,
                        format!("an owner tier yields metrics, not {fact:?}"),
                    ));
                    continue;
                };
                let found = made.iter().any(|(names, v, u)| {
                    u.eq_ignore_ascii_case(unit)
                        && (v - value).abs() <= 1e-9 * value.abs().max(1.0)
                        && names
                            .split('|')
                            .any(|n| normalize_name(n) == normalize_name(entity))
                });
                if !found {
                    report.failures.push(fail(
                        &ex.0,
                        format!(
                            "does not yield {entity} {value} {unit} (it yields: {})",
                            show(&made)
                        ),
                    ));
                }
            }
        }
        for text in &tier.counter {
            report.counters += 1;
            let (decided, made) = self.tier_firings(text, id);
            if decided > 0 {
                report.failures.push(fail(
                    text,
                    format!(
                        "decides a figure of its counter-example (it yields: {})",
                        show(&made)
                    ),
                ));
            }
        }
    }

    /// How many figures owner tier `id` decided on a text, and the metrics it yielded
    /// (entity names and aliases joined by '|', value, unit).
    fn tier_firings(&self, text: &str, id: usize) -> (usize, Vec<(String, f64, String)>) {
        let mut draft = self.mentions("example.txt", "", text);
        draft.facts.tiers = Some(Vec::new());
        self.facts(&mut draft);
        let decided = draft
            .facts
            .tiers
            .iter()
            .flatten()
            .filter(|d| d.tier == Some(id))
            .count();
        let name = &self.metric_rules.tiers.tiers[id].name;
        let made = draft
            .facts
            .metrics
            .iter()
            .filter(|m| &m.evidence.rule == name)
            .map(|m| {
                let names = match draft.reg.lookup(&m.entity) {
                    Some(e) => {
                        let ent = &draft.reg.entities[e];
                        std::iter::once(ent.name.as_str())
                            .chain(ent.aliases.iter().map(String::as_str))
                            .collect::<Vec<&str>>()
                            .join("|")
                    }
                    None => m.entity.clone(),
                };
                (names, m.value, m.unit.as_str().to_string())
            })
            .collect();
        (decided, made)
    }

    /// The relations rule `id` made on a text, by entity names.
    fn firings(&self, text: &str, id: usize) -> Vec<(String, String, String)> {
        let mut draft = self.mentions("example.txt", "", text);
        self.facts(&mut draft);
        // an entity answers to its canonical name and to every alias ("CSI 300 Index")
        let names = |e: usize| {
            let ent = &draft.reg.entities[e];
            std::iter::once(ent.name.as_str())
                .chain(ent.aliases.iter().map(String::as_str))
                .collect::<Vec<&str>>()
                .join("|")
        };
        draft
            .facts
            .fired
            .iter()
            .filter(|f| f.rule == id)
            .map(|f| {
                (
                    names(f.subject),
                    self.schema().ontology.rel_name(f.relation).to_string(),
                    names(f.object),
                )
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Schema;

    #[test]
    fn every_rule_holds_on_its_examples_and_counter_examples() {
        let ex = Extractor::new(Schema::bundled().unwrap());
        let report = ex.check_rules();
        assert!(report.rules > 0);
        let failures: Vec<String> = report.failures.iter().map(|f| f.to_string()).collect();
        assert!(
            failures.is_empty(),
            "{} of {} examples and {} counter-examples fail:\n{}",
            failures.len(),
            report.examples,
            report.counters,
            failures.join("\n")
        );
    }

    #[test]
    fn an_owner_tier_that_breaks_its_example_is_named() {
        let mut schema = Schema::bundled().unwrap();
        let tier = schema
            .rules
            .iter_mut()
            .flat_map(|f| f.owner_tiers.iter_mut())
            .find(|t| t.name == "stake-holder")
            .unwrap();
        tier.counter
            .push("Halvard Capital lifted its stake in Orvane Group to 6.1%.".into());
        tier.examples[0].1 = vec![Fact::Metric("Orvane Group".into(), 8.5, "%".into())];
        let report = Extractor::new(schema).check_rules();
        assert!(report.tiers >= 10, "{} tiers", report.tiers);
        let problems: Vec<&str> = report
            .failures
            .iter()
            .filter(|f| f.rule == "stake-holder")
            .map(|f| f.problem.as_str())
            .collect();
        assert_eq!(problems.len(), 2, "{:?}", report.failures);
        assert!(
            problems[0].contains("does not yield Orvane Group 8.5 %"),
            "{problems:?}"
        );
        assert!(
            problems[0].contains("Brindle Capital 8.5 %"),
            "{problems:?}"
        );
        assert!(problems[1].contains("decides a figure of its counter-example"));
    }

    #[test]
    fn a_rule_that_breaks_its_example_is_named() {
        let mut schema = Schema::bundled().unwrap();
        let rule = schema
            .rules
            .iter_mut()
            .flat_map(|f| f.rules.iter_mut())
            .find(|r| r.name == "person-of-firm")
            .unwrap();
        rule.counter
            .push("Wen Shao of Ridgeway Securities expects the yuan to firm.".into());
        let report = Extractor::new(schema).check_rules();
        assert_eq!(report.failures.len(), 1, "{:?}", report.failures);
        assert_eq!(report.failures[0].rule, "person-of-firm");
        assert!(report.failures[0]
            .problem
            .contains("fires on its counter-example"));
    }
}
