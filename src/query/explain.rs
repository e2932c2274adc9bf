//! `EXPLAIN`: how the executor will run a plan, in words, with the sizes
//! of the store (how many nodes carry a label, how many edges a type has),
//! so a user sees where a query starts and what it walks.

use super::ast::Direction;
use super::plan::{AggFunc, CNode, CRel, Plan, ProjectBody, Stage};
use crate::graph::StoreView;

/// One line per step of the plan.
pub(crate) fn explain(plan: &Plan, v: &StoreView<'_>) -> Vec<String> {
    let mut lines = Vec::new();
    let last = plan.stages.len();
    for (i, stage) in plan.stages.iter().enumerate() {
        match stage {
            Stage::Match(m) => {
                let what = if m.optional {
                    "OPTIONAL MATCH"
                } else {
                    "MATCH"
                };
                for (p, path) in m.paths.iter().enumerate() {
                    let mut line = match &path.anchors {
                        Some(a) => format!(
                            "{what}: start at the nodes the WHERE names by id ({} ways, each by a binary search)",
                            a.len()
                        ),
                        None => format!("{what}: start at {}", node_text(&path.start, v, true)),
                    };
                    for (s, (rel, node)) in path.steps.iter().enumerate() {
                        let counted = p + 1 == m.paths.len()
                            && super::exec::counted_from(m, plan.stages.get(i + 1))
                                .is_some_and(|f| s >= f);
                        line.push_str(&format!(
                            "; walk {} to {}{}",
                            rel_text(rel, v),
                            node_text(node, v, false),
                            if counted { " (counted, not bound)" } else { "" }
                        ));
                    }
                    lines.push(line);
                }
                if m.filter.is_some() {
                    lines.push("  filter each match with WHERE".into());
                }
                if let Some(Stage::Project(_)) = plan.stages.get(i + 1) {
                    lines.push("  rows go straight to the next step (not kept)".into());
                }
            }
            Stage::Unwind(_) => lines.push("UNWIND: one row per element of the list".into()),
            Stage::Project(p) => {
                let what = if i + 1 == last { "RETURN" } else { "WITH" };
                let mut line = match &p.body {
                    ProjectBody::Plain(items) => format!("{what}: {} columns", items.len()),
                    ProjectBody::Aggregate { keys, aggs, .. } => {
                        let names: Vec<&str> = aggs
                            .iter()
                            .map(|a| match (a.func, a.arg.is_none()) {
                                (AggFunc::Count, true) => "count(*)",
                                (AggFunc::Count, false) => "count",
                                (AggFunc::Sum, _) => "sum",
                                (AggFunc::Avg, _) => "avg",
                                (AggFunc::Min, _) => "min",
                                (AggFunc::Max, _) => "max",
                                (AggFunc::Collect, _) => "collect",
                            })
                            .collect();
                        format!(
                            "{what}: group by {} key{} and fold {}",
                            keys.len(),
                            if keys.len() == 1 { "" } else { "s" },
                            names.join(", ")
                        )
                    }
                };
                if p.distinct {
                    line.push_str("; DISTINCT");
                }
                if !p.order.is_empty() {
                    line.push_str(&format!("; sort by {} key(s)", p.order.len()));
                    if p.limit.is_some() {
                        line.push_str(" (only the first rows are sorted: top-k)");
                    }
                }
                if let Some(s) = p.skip {
                    line.push_str(&format!("; SKIP {s}"));
                }
                if let Some(l) = p.limit {
                    line.push_str(&format!("; LIMIT {l}"));
                }
                if p.filter.is_some() {
                    line.push_str("; then WHERE");
                }
                if i + 1 == last
                    && matches!(p.body, ProjectBody::Plain(_))
                    && !p.distinct
                    && p.order.is_empty()
                {
                    line.push_str("; rows stream out as they are found");
                }
                lines.push(line);
            }
        }
    }
    lines
}

fn node_text(n: &CNode, v: &StoreView<'_>, start: bool) -> String {
    if start && n.props.iter().any(|(p, _)| p.name == "id") {
        return "the node of that id (a binary search)".into();
    }
    match &n.labels {
        None if start && n.slot.is_some() => "a bound node or every node".into(),
        None => "any node".into(),
        Some(labels) => {
            let count: usize = labels
                .iter()
                .filter_map(|l| v.label_number(l))
                .map(|l| v.labelled(l).len())
                .sum();
            format!("(:{}) [{count} nodes]", labels.join("|"))
        }
    }
}

fn rel_text(r: &CRel, v: &StoreView<'_>) -> String {
    let types = match &r.types {
        None => "any type".to_string(),
        Some(t) => {
            let edges: u64 = t
                .iter()
                .filter_map(|k| v.rel_kind_number(k))
                .map(|k| {
                    let first = v.edge_kind.partition_point(|&x| x < k);
                    let end = v.edge_kind.partition_point(|&x| x <= k);
                    (end - first) as u64
                })
                .sum();
            format!("[:{}] [{edges} edges]", t.join("|"))
        }
    };
    let dir = match r.direction {
        Direction::Out => "outgoing",
        Direction::In => "incoming",
        Direction::Both => "either way",
    };
    let len = match r.length {
        Some((a, b)) => format!(", {a} to {b} steps"),
        None => String::new(),
    };
    format!("{dir} {types}{len} through the adjacency arrays")
}
