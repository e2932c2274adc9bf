//! Scoring predictions against gold documents with score.py's exact rules.

use super::gold::GoldDoc;
use super::norm::{norm, py_repr};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::fmt::Write as _;

/// Entity kinds scored together as `entities_core_typed`.
pub const CORE_KINDS: [&str; 4] = ["company", "broker", "index", "model"];

/// Relation kinds scored together as `relations_core`.
pub const CORE_RELATIONS: [&str; 3] = ["forecasts", "outperforms", "invests"];

/// The rows every report has, in the order the table prints them first.
pub const ROW_ORDER: [&str; 7] = [
    "entities",
    "entities_typed",
    "entities_core_typed",
    "relations",
    "relations_core",
    "relations_named",
    "metrics",
];

/// One row of a report: the shape of a row of `score.py --json`.
///
/// Fields are declared in the order `json.dumps(sort_keys=True)` prints them.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Row {
    /// Harmonic mean of precision and recall (0 when both are 0).
    pub f1: f64,
    /// Number of gold items.
    pub gold: usize,
    /// Matched predictions over predictions (1 when nothing was predicted
    /// and nothing was expected, 0 when nothing was predicted but something was).
    pub precision: f64,
    /// Number of predicted items.
    pub pred: usize,
    /// Matched gold items over gold items (1 when nothing was expected).
    pub recall: f64,
}

/// The misses and extras of one document, as `--verbose` lists them.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct DocDetails {
    /// The gold file name (`000_x.json`).
    pub doc: String,
    /// One line per miss or extra, indented by two spaces: score.py's lines
    /// (`missed entity`, `extra entity`, `wrong kind`, `missed relation`,
    /// `extra relation`) in its order, then finkg's own (`duplicate entity`,
    /// `missed metric`, `extra metric`).
    pub lines: Vec<String>,
}

/// The result of scoring a set of documents.
///
/// Serialises as `score.py --json` does: a map from row name to [`Row`]; the
/// per-document details are left out.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Report {
    /// Rows by name: `entities`, `entities_typed`, `entities_core_typed`,
    /// `relations`, `relations_core`, `relations_named`, `metrics`,
    /// `kind:KIND` for every entity kind seen and `rel:KIND` for every relation
    /// kind seen.
    pub rows: BTreeMap<String, Row>,
    /// Misses and extras, one entry per gold document in file-name order.
    #[serde(skip)]
    pub details: Vec<DocDetails>,
}

impl Report {
    /// The row of that name, if the report has it.
    pub fn row(&self, name: &str) -> Option<&Row> {
        self.rows.get(name)
    }

    /// Rows in table order: [`ROW_ORDER`], then the others sorted by name.
    pub fn ordered_rows(&self) -> Vec<(&str, &Row)> {
        let first = ROW_ORDER.iter().filter_map(|k| self.rows.get_key_value(*k));
        let rest = self
            .rows
            .iter()
            .filter(|(k, _)| !ROW_ORDER.contains(&k.as_str()));
        first.chain(rest).map(|(k, r)| (k.as_str(), r)).collect()
    }

    /// The text score.py prints: with `verbose`, each document's name followed
    /// by its misses and extras; then the P/R/F1 table.
    pub fn to_table(&self, verbose: bool) -> String {
        let mut out = String::new();
        if verbose {
            for d in &self.details {
                out.push_str(&d.doc);
                out.push('\n');
                for line in &d.lines {
                    out.push_str(line);
                    out.push('\n');
                }
            }
        }
        let _ = writeln!(
            out,
            "{:24}{:>7}{:>7}{:>7}{:>7}{:>7}",
            "", "P", "R", "F1", "pred", "gold"
        );
        for (k, r) in self.ordered_rows() {
            let _ = writeln!(
                out,
                "{k:24}{:7.3}{:7.3}{:7.3}{:7}{:7}",
                r.precision, r.recall, r.f1, r.pred, r.gold
            );
        }
        out
    }

    /// The JSON score.py's `--json` prints (`indent=1`, keys sorted), without
    /// the final newline.
    pub fn to_json(&self) -> String {
        let mut buf = Vec::new();
        let fmt = serde_json::ser::PrettyFormatter::with_indent(b" ");
        let mut ser = serde_json::Serializer::with_formatter(&mut buf, fmt);
        self.serialize(&mut ser)
            .expect("a report always serialises");
        String::from_utf8(buf).expect("serde_json writes UTF-8")
    }
}

/// Scores predictions against gold documents, both keyed by file name.
///
/// Every gold document is scored; a gold document without a prediction counts
/// as predicting nothing, and predictions without a gold document are ignored.
/// Figures are micro-averaged over the documents.
pub fn score(gold: &BTreeMap<String, GoldDoc>, pred: &BTreeMap<String, GoldDoc>) -> Report {
    score_with(gold, pred, &ScoreOptions::default())
}

/// What to score besides entities, relations and metrics.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ScoreOptions {
    /// Also score analyst actions (`score.py --actions`): the rows `actions`
    /// (who acts on what) and `actions_full` (and every field right).
    pub actions: bool,
}

/// [`score`], with the rows the options ask for.
pub fn score_with(
    gold: &BTreeMap<String, GoldDoc>,
    pred: &BTreeMap<String, GoldDoc>,
    options: &ScoreOptions,
) -> Report {
    let empty = GoldDoc::default();
    let mut tallies: BTreeMap<String, Tally> = BTreeMap::new();
    let mut details = Vec::with_capacity(gold.len());
    for (name, g) in gold {
        let p = pred.get(name).unwrap_or(&empty);
        let (gd, pd) = (Doc::new(g), Doc::new(p));
        let mut lines = score_doc(&gd, &pd, &mut tallies);
        if options.actions {
            lines.extend(score_actions(&gd, &pd, &mut tallies));
        }
        details.push(DocDetails {
            doc: name.clone(),
            lines,
        });
    }
    Report {
        rows: tallies.into_iter().map(|(k, t)| (k, t.row())).collect(),
        details,
    }
}

/// score.py's `Tally`: true positives counted on both sides, and totals.
#[derive(Debug, Clone, Copy, Default)]
struct Tally {
    tp_p: usize,
    tp_g: usize,
    n_pred: usize,
    n_gold: usize,
}

impl Tally {
    fn add(&mut self, tp: usize, n_pred: usize, n_gold: usize) {
        self.tp_p += tp;
        self.n_pred += n_pred;
        self.tp_g += tp;
        self.n_gold += n_gold;
    }

    fn row(&self) -> Row {
        let (p, r, f1) = prf(self.tp_p, self.n_pred, self.tp_g, self.n_gold);
        Row {
            f1,
            gold: self.n_gold,
            precision: p,
            pred: self.n_pred,
            recall: r,
        }
    }
}

/// score.py's `prf`, with its rules for empty denominators.
fn prf(tp_p: usize, n_pred: usize, tp_g: usize, n_gold: usize) -> (f64, f64, f64) {
    let p = if n_pred > 0 {
        tp_p as f64 / n_pred as f64
    } else if n_gold == 0 {
        1.0
    } else {
        0.0
    };
    let r = if n_gold > 0 {
        tp_g as f64 / n_gold as f64
    } else {
        1.0
    };
    let f = if p + r != 0.0 {
        2.0 * p * r / (p + r)
    } else {
        0.0
    };
    (p, r, f)
}

/// score.py's `Doc`: entities as (kind, normalised names), plus the raw facts.
pub(super) struct Doc<'a> {
    pub(super) src: &'a GoldDoc,
    pub(super) entities: Vec<(&'a str, BTreeSet<String>)>,
}

impl<'a> Doc<'a> {
    pub(super) fn new(src: &'a GoldDoc) -> Doc<'a> {
        let entities = src
            .entities
            .iter()
            .map(|e| {
                let names: BTreeSet<String> = std::iter::once(&e.name)
                    .chain(&e.aliases)
                    .map(|n| norm(n))
                    .filter(|n| !n.is_empty())
                    .collect();
                (e.kind.as_str(), names)
            })
            .collect();
        Doc { src, entities }
    }

    /// Index of the first entity that `name` names.
    pub(super) fn entity_of(&self, name: &str) -> Option<usize> {
        let n = norm(name);
        self.entities
            .iter()
            .position(|(_, names)| names.contains(&n))
    }

    pub(super) fn kind(&self, i: usize) -> &'a str {
        self.entities[i].0
    }

    /// The name score.py prints for an entity: its first normalised name.
    fn label(&self, i: usize) -> &str {
        self.entities[i].1.first().map_or("", String::as_str)
    }
}

/// Index of the first gold entity sharing a name with `names`.
pub(super) fn first_sharing(gold: &Doc, names: &BTreeSet<String>) -> Option<usize> {
    gold.entities
        .iter()
        .position(|(_, g)| !g.is_disjoint(names))
}

/// score.py's `resolve`: the gold entity that a name used in a prediction
/// means, through the predicted entity it names when there is one.
pub(super) fn resolve(gold: &Doc, pred: &Doc, name: &str) -> Option<usize> {
    match pred.entity_of(name) {
        Some(pi) => first_sharing(gold, &pred.entities[pi].1),
        None => first_sharing(gold, &BTreeSet::from([norm(name)])),
    }
}

/// One end of a relation key.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
enum End {
    /// A gold entity, by index.
    Gold(usize),
    /// A gold relation end that names no gold entity (score.py's `None`).
    Unknown,
    /// A predicted end that matches no gold entity: score.py's `"?" + name`,
    /// holding the name as written.
    Unmatched(String),
}

impl End {
    /// Python's `repr` of the key component.
    fn py_repr(&self) -> String {
        match self {
            End::Gold(i) => i.to_string(),
            End::Unknown => "None".to_string(),
            End::Unmatched(s) => py_repr(&format!("?{s}")),
        }
    }

    /// score.py's `name(i)` in verbose lines.
    fn label(&self, gold: &Doc) -> String {
        match self {
            End::Gold(i) => gold.label(*i).to_string(),
            End::Unknown => "None".to_string(),
            End::Unmatched(s) => format!("?{s}"),
        }
    }
}

type Key = (End, String, End);

/// `str(key)` of score.py's tuple, its sort key for verbose lines.
fn key_str((s, r, o): &Key) -> String {
    format!("({}, {}, {})", s.py_repr(), py_repr(r), o.py_repr())
}

fn add(t: &mut BTreeMap<String, Tally>, row: &str, tp: usize, n_pred: usize, n_gold: usize) {
    t.entry(row.to_string())
        .or_default()
        .add(tp, n_pred, n_gold);
}

/// score.py's `score_doc`; returns the verbose lines.
fn score_doc(gold: &Doc, pred: &Doc, t: &mut BTreeMap<String, Tally>) -> Vec<String> {
    let mut lines = Vec::new();
    // Lines score.py does not print (duplicates, missed metrics) go after its own.
    let mut finkg_lines = Vec::new();

    // Entities. A gold entity matched by two predicted ones counts once: the
    // duplicate node is a resolution failure and a false positive.
    let m: Vec<Option<usize>> = pred
        .entities
        .iter()
        .map(|(_, names)| first_sharing(gold, names))
        .collect();
    let matched = || {
        pred.entities
            .iter()
            .zip(&m)
            .filter_map(|((k, _), g)| g.map(|g| (*k, g)))
    };
    let hit_untyped: BTreeSet<usize> = m.iter().flatten().copied().collect();
    let (n_pred, n_gold) = (pred.entities.len(), gold.entities.len());
    add(t, "entities", hit_untyped.len(), n_pred, n_gold);
    let typed: BTreeSet<usize> = matched()
        .filter(|&(k, g)| gold.kind(g) == k)
        .map(|(_, g)| g)
        .collect();
    add(t, "entities_typed", typed.len(), n_pred, n_gold);
    let kinds: BTreeSet<&str> = gold
        .entities
        .iter()
        .chain(&pred.entities)
        .map(|(k, _)| *k)
        .collect();
    for kind in kinds {
        let n_pred = pred.entities.iter().filter(|(k, _)| *k == kind).count();
        let tp: BTreeSet<usize> = matched()
            .filter(|&(k, g)| k == kind && gold.kind(g) == kind)
            .map(|(_, g)| g)
            .collect();
        let n_gold = gold.entities.iter().filter(|(k, _)| *k == kind).count();
        add(t, &format!("kind:{kind}"), tp.len(), n_pred, n_gold);
    }
    let is_core = |k: &str| CORE_KINDS.contains(&k);
    let n_core = pred.entities.iter().filter(|(k, _)| is_core(k)).count();
    let core_tp: BTreeSet<usize> = matched()
        .filter(|&(k, g)| is_core(k) && gold.kind(g) == k)
        .map(|(_, g)| g)
        .collect();
    let n_core_gold = gold.entities.iter().filter(|(k, _)| is_core(k)).count();
    add(t, "entities_core_typed", core_tp.len(), n_core, n_core_gold);

    for (gi, (k, names)) in gold.entities.iter().enumerate() {
        if !hit_untyped.contains(&gi) {
            lines.push(format!("  missed entity   {k:9} {}", first(names)));
        }
    }
    let mut seen = BTreeSet::new();
    for ((k, names), g) in pred.entities.iter().zip(&m) {
        match *g {
            None => lines.push(format!("  extra entity    {k:9} {}", first(names))),
            Some(g) if gold.kind(g) != *k => lines.push(format!(
                "  wrong kind      {k:9} {} (gold: {})",
                first(names),
                gold.kind(g)
            )),
            Some(g) if seen.contains(&g) => finkg_lines.push(format!(
                "  duplicate entity {k:9} {} (same as: {})",
                first(names),
                gold.label(g)
            )),
            Some(_) => {}
        }
        if let Some(g) = *g {
            seen.insert(g);
        }
    }

    // Relations: a gold triple is (gold index, relation, gold index); a
    // predicted one whose end matches no gold entity keeps its own name, so
    // it never matches.
    let gold_rel: BTreeSet<Key> = gold
        .src
        .relations
        .iter()
        .map(|r| {
            let end = |n: &str| gold.entity_of(n).map_or(End::Unknown, End::Gold);
            (end(&r.subject), r.relation.clone(), end(&r.object))
        })
        .collect();
    let pred_rel: BTreeSet<Key> = pred
        .src
        .relations
        .iter()
        .map(|r| {
            let end = |n: &str| {
                resolve(gold, pred, n).map_or_else(|| End::Unmatched(n.to_string()), End::Gold)
            };
            (end(&r.subject), r.relation.clone(), end(&r.object))
        })
        .collect();
    let tally_rel = |t: &mut BTreeMap<String, Tally>, row: &str, keep: &dyn Fn(&Key) -> bool| {
        let g: BTreeSet<&Key> = gold_rel.iter().filter(|x| keep(x)).collect();
        let p: BTreeSet<&Key> = pred_rel.iter().filter(|x| keep(x)).collect();
        let tp = g.intersection(&p).count();
        add(t, row, tp, p.len(), g.len());
    };
    tally_rel(t, "relations", &|_| true);
    tally_rel(t, "relations_core", &|x| {
        CORE_RELATIONS.contains(&x.1.as_str())
    });
    // Relations between named things: neither end is a sector.
    let named_gold = |e: &End| matches!(e, End::Gold(i) if gold.kind(*i) != "sector");
    let mut pred_kind: HashMap<&str, &str> = HashMap::new();
    for (k, names) in &pred.entities {
        for n in names {
            pred_kind.entry(n.as_str()).or_insert(k);
        }
    }
    let named_pred = |e: &End| match e {
        End::Gold(_) => named_gold(e),
        End::Unknown => false,
        End::Unmatched(s) => pred_kind.get(norm(s).as_str()).copied().unwrap_or("") != "sector",
    };
    {
        let g: BTreeSet<&Key> = gold_rel
            .iter()
            .filter(|x| named_gold(&x.0) && named_gold(&x.2))
            .collect();
        let p: BTreeSet<&Key> = pred_rel
            .iter()
            .filter(|x| named_pred(&x.0) && named_pred(&x.2))
            .collect();
        let tp = g.intersection(&p).count();
        add(t, "relations_named", tp, p.len(), g.len());
    }
    let rels: BTreeSet<&str> = gold_rel
        .iter()
        .chain(&pred_rel)
        .map(|x| x.1.as_str())
        .collect();
    for rel in rels {
        tally_rel(t, &format!("rel:{rel}"), &|x| x.1 == rel);
    }
    let mut diff = |a: &BTreeSet<Key>, b: &BTreeSet<Key>, label: &str| {
        let mut d: Vec<&Key> = a.difference(b).collect();
        d.sort_by_cached_key(|x| key_str(x));
        for (s, r, o) in d {
            lines.push(format!(
                "  {label} {} -{r}-> {}",
                s.label(gold),
                o.label(gold)
            ));
        }
    };
    diff(&gold_rel, &pred_rel, "missed relation");
    diff(&pred_rel, &gold_rel, "extra relation ");

    // Metrics: greedy, in prediction order, each gold metric used once.
    let gold_m: Vec<Option<usize>> = gold
        .src
        .metrics
        .iter()
        .map(|x| gold.entity_of(&x.entity))
        .collect();
    let mut used = vec![false; gold_m.len()];
    let mut tp = 0;
    let mut extra_metrics = Vec::new();
    for pm in &pred.src.metrics {
        let ge = resolve(gold, pred, &pm.entity);
        let hit = ge.and_then(|ge| {
            gold.src.metrics.iter().enumerate().position(|(i, gm)| {
                !used[i]
                    && gold_m[i] == Some(ge)
                    && pm.unit == gm.unit
                    && matches!((pm.value, gm.value), (Some(v), Some(g)) if within(v, g))
            })
        });
        match hit {
            Some(i) => {
                used[i] = true;
                tp += 1;
            }
            None => extra_metrics.push(format!(
                "  extra metric    {}: {}",
                metric_owner(gold, ge, &pm.entity),
                metric_text(pm)
            )),
        }
    }
    add(t, "metrics", tp, pred.src.metrics.len(), gold_m.len());
    for (i, gm) in gold.src.metrics.iter().enumerate() {
        if !used[i] {
            finkg_lines.push(format!(
                "  missed metric   {}: {}",
                metric_owner(gold, gold_m[i], &gm.entity),
                metric_text(gm)
            ));
        }
    }

    lines.extend(finkg_lines);
    lines.extend(extra_metrics);
    lines
}

/// The fields `actions_full` compares.
const ACTION_FIELDS: [&str; 5] = [
    "rating",
    "previous_rating",
    "target",
    "previous_target",
    "unit",
];

/// score.py's `score_actions`: a predicted action matches the first unused
/// gold action with the same (by, on); `actions_full` also needs every field
/// of [`ACTION_FIELDS`] to agree. Returns the verbose lines.
fn score_actions(gold: &Doc, pred: &Doc, t: &mut BTreeMap<String, Tally>) -> Vec<String> {
    let mut lines = Vec::new();
    let g_keys: Vec<(Option<usize>, Option<usize>)> = gold
        .src
        .actions
        .iter()
        .map(|a| (gold.entity_of(name(&a.by)), gold.entity_of(name(&a.on))))
        .collect();
    let mut used = vec![false; g_keys.len()];
    let (mut tp, mut tp_full) = (0, 0);
    for a in &pred.src.actions {
        let k = (
            resolve(gold, pred, name(&a.by)),
            resolve(gold, pred, name(&a.on)),
        );
        let (by, on) = (shown(&a.by), shown(&a.on));
        if k.0.is_none() || k.1.is_none() {
            lines.push(format!("  extra action    {by} -> {on}"));
            continue;
        }
        let Some(i) = (0..g_keys.len()).find(|&i| !used[i] && g_keys[i] == k) else {
            lines.push(format!("  extra action    {by} -> {on}"));
            continue;
        };
        used[i] = true;
        tp += 1;
        let ga = &gold.src.actions[i];
        let wrong: Vec<&str> = ACTION_FIELDS
            .iter()
            .copied()
            .filter(|f| !same_field(f, ga.field(f), a.field(f)))
            .collect();
        if wrong.is_empty() {
            tp_full += 1;
        } else {
            let parts: Vec<String> = wrong
                .iter()
                .map(|f| {
                    format!(
                        "{f} {} (gold {})",
                        py_value_repr(a.field(f)),
                        py_value_repr(ga.field(f))
                    )
                })
                .collect();
            lines.push(format!(
                "  action fields   {by} -> {on}: {}",
                parts.join(", ")
            ));
        }
    }
    for (i, ga) in gold.src.actions.iter().enumerate() {
        if !used[i] {
            lines.push(format!(
                "  missed action   {} -> {}",
                shown(&ga.by),
                shown(&ga.on)
            ));
        }
    }
    let (n_pred, n_gold) = (pred.src.actions.len(), gold.src.actions.len());
    add(t, "actions", tp, n_pred, n_gold);
    add(t, "actions_full", tp_full, n_pred, n_gold);
    lines
}

/// An action's name as score.py matches it (`a.get("by", "")`).
fn name(v: &Option<String>) -> &str {
    v.as_deref().unwrap_or("")
}

/// An action's name as score.py prints it (`{a.get('by')}`).
fn shown(v: &Option<String>) -> &str {
    v.as_deref().unwrap_or("None")
}

/// score.py's `same_field`: absent equals absent; targets within 0.5%
/// (as Python's `float` reads them); units equal; ratings equal as their
/// lower-case letters.
fn same_field(field: &str, g: &serde_json::Value, p: &serde_json::Value) -> bool {
    use serde_json::Value;
    if g.is_null() || p.is_null() {
        return g.is_null() && p.is_null();
    }
    match field {
        "target" | "previous_target" => match (py_float(p), py_float(g)) {
            (Some(p), Some(g)) => within(p, g),
            _ => false,
        },
        "unit" => match (g, p) {
            (Value::Number(a), Value::Number(b)) => a.as_f64() == b.as_f64(),
            (Value::Bool(a), Value::Number(n)) | (Value::Number(n), Value::Bool(a)) => {
                n.as_f64() == Some(if *a { 1.0 } else { 0.0 })
            }
            _ => g == p,
        },
        _ => rating_norm(g) == rating_norm(p),
    }
}

/// Python's `float(v)` of a JSON value; `None` where it raises.
fn py_float(v: &serde_json::Value) -> Option<f64> {
    use serde_json::Value;
    match v {
        Value::Number(n) => n.as_f64(),
        Value::Bool(b) => Some(if *b { 1.0 } else { 0.0 }),
        Value::String(s) => {
            let t = s.trim();
            // Python allows an underscore between two digits ("1_000")
            let b = t.as_bytes();
            let underscores_ok = b.iter().enumerate().all(|(i, &c)| {
                c != b'_'
                    || i > 0
                        && i + 1 < b.len()
                        && b[i - 1].is_ascii_digit()
                        && b[i + 1].is_ascii_digit()
            });
            let digits = t.replace('_', "");
            let lower = digits.to_ascii_lowercase();
            let named = lower.trim_start_matches(['+', '-']);
            if ["inf", "infinity", "nan"].contains(&named) {
                let v = if named == "nan" {
                    f64::NAN
                } else {
                    f64::INFINITY
                };
                return Some(if lower.starts_with('-') { -v } else { v });
            }
            if !underscores_ok || digits.is_empty() {
                return None;
            }
            digits.parse::<f64>().ok()
        }
        _ => None,
    }
}

/// score.py's `rating_norm`: the lower-case letters of `str(r)`.
fn rating_norm(v: &serde_json::Value) -> String {
    let text = match v {
        serde_json::Value::String(s) => s.to_lowercase(),
        other => py_value_repr(other).to_lowercase(),
    };
    text.chars().filter(|c| c.is_ascii_lowercase()).collect()
}

/// Python's `repr` of a JSON value as `json.loads` reads it.
fn py_value_repr(v: &serde_json::Value) -> String {
    use serde_json::Value;
    match v {
        Value::Null => "None".into(),
        Value::Bool(b) => if *b { "True" } else { "False" }.into(),
        Value::Number(n) => match (n.as_i64(), n.as_u64()) {
            (Some(i), _) => i.to_string(),
            (None, Some(u)) => u.to_string(),
            _ => py_float_repr(n.as_f64().unwrap_or(f64::NAN)),
        },
        Value::String(s) => py_repr(s),
        Value::Array(items) => format!(
            "[{}]",
            items
                .iter()
                .map(py_value_repr)
                .collect::<Vec<_>>()
                .join(", ")
        ),
        Value::Object(m) => format!(
            "{{{}}}",
            m.iter()
                .map(|(k, v)| format!("{}: {}", py_repr(k), py_value_repr(v)))
                .collect::<Vec<_>>()
                .join(", ")
        ),
    }
}

/// Python's `repr(float)`: the shortest digits that read back, in
/// scientific notation below 1e-4 and from 1e16 up.
fn py_float_repr(x: f64) -> String {
    if x.is_nan() {
        return "nan".into();
    }
    if x.is_infinite() {
        return if x > 0.0 { "inf" } else { "-inf" }.into();
    }
    let a = x.abs();
    if a != 0.0 && !(1e-4..1e16).contains(&a) {
        let e = format!("{x:e}");
        let (mantissa, exp) = e.split_once('e').unwrap_or((&e, "0"));
        let exp: i32 = exp.parse().unwrap_or(0);
        let sign = if exp < 0 { '-' } else { '+' };
        return format!("{mantissa}e{sign}{:02}", exp.abs());
    }
    let s = format!("{x}");
    if s.contains('.') {
        s
    } else {
        format!("{s}.0")
    }
}

/// The name a verbose metric line gives its entity: the gold entity's, or the
/// name as written after a `?`.
fn metric_owner(gold: &Doc, g: Option<usize>, written: &str) -> String {
    g.map_or_else(|| format!("?{written}"), |g| gold.label(g).to_string())
}

/// score.py's metric tolerance: within 0.5% of the gold value (plus 1e-9).
pub(super) fn within(v: f64, g: f64) -> bool {
    (v - g).abs() <= 0.005 * g.abs() + 1e-9
}

/// `VALUE UNIT (LABEL, PERIOD)` of a metric, for verbose lines.
fn metric_text(m: &super::gold::GoldMetric) -> String {
    let value = m
        .value
        .map_or_else(|| "null".to_string(), |v| v.to_string());
    let mut about: Vec<&str> = Vec::new();
    if !m.metric.is_empty() {
        about.push(&m.metric);
    }
    if let Some(p) = m.period.as_deref().filter(|p| !p.is_empty()) {
        about.push(p);
    }
    let unit = if m.unit.is_empty() {
        String::new()
    } else {
        format!(" {}", m.unit)
    };
    if about.is_empty() {
        format!("{value}{unit}")
    } else {
        format!("{value}{unit} ({})", about.join(", "))
    }
}

/// `sorted(names)[0]`, or `""` for an entity without a usable name.
fn first(names: &BTreeSet<String>) -> &str {
    names.first().map_or("", String::as_str)
}

#[cfg(test)]
mod tests {
    use super::super::gold::{GoldAction, GoldEntity, GoldMetric, GoldRelation};
    use super::*;

    type Ent<'a> = (&'a str, &'a str, &'a [&'a str]);
    type Rel<'a> = (&'a str, &'a str, &'a str);
    type Met<'a> = (&'a str, f64, &'a str);
    type Counts = (usize, usize, usize);
    /// (what, predicted entities, gold relations, predicted relations, want)
    type RelCase<'a> = (&'a str, &'a [Ent<'a>], &'a [Rel<'a>], &'a [Rel<'a>], Counts);
    /// (what, predicted entities, predicted relations, want)
    type NamedCase<'a> = (&'a str, &'a [Ent<'a>], &'a [Rel<'a>], Counts);
    /// (what, gold metrics, predicted metrics, true positives)
    type MetCase<'a> = (&'a str, &'a [Met<'a>], &'a [Met<'a>], usize);

    fn doc(ents: &[Ent], rels: &[Rel], mets: &[Met]) -> GoldDoc {
        GoldDoc {
            doc: "a.txt".into(),
            entities: ents
                .iter()
                .map(|(name, kind, aliases)| GoldEntity {
                    name: name.to_string(),
                    kind: kind.to_string(),
                    aliases: aliases.iter().map(|a| a.to_string()).collect(),
                    ..Default::default()
                })
                .collect(),
            relations: rels
                .iter()
                .map(|(s, r, o)| GoldRelation {
                    subject: s.to_string(),
                    relation: r.to_string(),
                    object: o.to_string(),
                    ..Default::default()
                })
                .collect(),
            metrics: mets
                .iter()
                .map(|(e, v, u)| GoldMetric {
                    entity: e.to_string(),
                    metric: "m".into(),
                    value: Some(*v),
                    unit: u.to_string(),
                    period: None,
                    ..Default::default()
                })
                .collect(),
            actions: Vec::new(),
        }
    }

    #[test]
    fn actions_match_on_by_and_on_then_every_field() {
        use serde_json::json;
        let ents: &[Ent] = &[
            ("Jefferies", "broker", &[]),
            ("Li Auto", "company", &["LI"]),
            ("Nomura", "broker", &[]),
        ];
        let act = |v: serde_json::Value| -> GoldAction { serde_json::from_value(v).unwrap() };
        let mut gold = doc(ents, &[], &[]);
        gold.actions = vec![
            act(json!({"by": "Jefferies", "on": "Li Auto", "rating": "hold",
                "previous_rating": "buy", "target": 17.5, "previous_target": 28.8, "unit": "USD"})),
            act(json!({"by": "Nomura", "on": "Li Auto", "rating": "Equal-Weight"})),
        ];
        let mut pred = doc(ents, &[], &[]);
        pred.actions = vec![
            // every field right: ratings as letters, targets within 0.5%
            act(
                json!({"by": "jefferies", "on": "LI", "rating": "Hold", "previous_rating": "BUY",
                "target": "17.55", "previous_target": 28.8, "unit": "USD"}),
            ),
            act(json!({"by": "Nomura", "on": "Li Auto", "rating": "equal weight", "unit": "USD"})),
            act(json!({"by": "Nomura", "on": "Li Auto", "rating": "sell"})),
            act(json!({"by": "Nobody", "on": "Li Auto", "rating": "sell"})),
        ];
        let r = score_with(
            &BTreeMap::from([("a.json".to_string(), gold)]),
            &BTreeMap::from([("a.json".to_string(), pred)]),
            &ScoreOptions { actions: true },
        );
        let row = r.row("actions").unwrap();
        assert_eq!((row.pred, row.gold), (4, 2));
        assert!((row.precision - 0.5).abs() < 1e-12 && (row.recall - 1.0).abs() < 1e-12);
        let full = r.row("actions_full").unwrap();
        assert!((full.recall - 0.5).abs() < 1e-12, "{full:?}");
        assert_eq!(
            r.details[0].lines,
            [
                "  action fields   Nomura -> Li Auto: unit 'USD' (gold None)",
                "  extra action    Nomura -> Li Auto",
                "  extra action    Nobody -> Li Auto",
            ]
        );
        assert_eq!(py_float_repr(1e20), "1e+20");
        assert_eq!(py_float_repr(2.5e-5), "2.5e-05");
        assert_eq!(py_float_repr(28.0), "28.0");
        assert_eq!(py_float(&json!("1_000")), Some(1000.0));
        assert_eq!(py_float(&json!("1__0")), None);
        // without the option there are no action rows
        assert!(score(&BTreeMap::new(), &BTreeMap::new())
            .row("actions")
            .is_none());
    }

    fn one(gold: GoldDoc, pred: GoldDoc) -> Report {
        score(
            &BTreeMap::from([("a.json".to_string(), gold)]),
            &BTreeMap::from([("a.json".to_string(), pred)]),
        )
    }

    /// (tp, pred, gold) of a row, with precision and recall checked against them.
    fn counts(r: &Report, row: &str) -> (usize, usize, usize) {
        let x = r.row(row).unwrap_or_else(|| panic!("no row {row}"));
        let tp = (x.recall * x.gold as f64).round() as usize;
        (tp, x.pred, x.gold)
    }

    #[test]
    fn prf_rules_for_empty_denominators() {
        // (tp, n_pred, n_gold) -> (p, r, f)
        let cases = [
            ((0, 0, 0), (1.0, 1.0, 1.0)),
            ((0, 0, 3), (0.0, 0.0, 0.0)),
            ((0, 2, 0), (0.0, 1.0, 0.0)),
            ((0, 2, 3), (0.0, 0.0, 0.0)),
            ((1, 2, 4), (0.5, 0.25, 1.0 / 3.0)),
            ((2, 2, 2), (1.0, 1.0, 1.0)),
        ];
        for ((tp, np, ng), want) in cases {
            let (p, r, f) = prf(tp, np, tp, ng);
            assert!(
                (p - want.0).abs() < 1e-12
                    && (r - want.1).abs() < 1e-12
                    && (f - want.2).abs() < 1e-12,
                "prf({tp}, {np}, {ng}) = {:?}, want {want:?}",
                (p, r, f)
            );
        }
        // No prediction document at all: predicts nothing.
        let gold = BTreeMap::from([(
            "a.json".to_string(),
            doc(&[("A", "company", &[])], &[], &[]),
        )]);
        let r = score(&gold, &BTreeMap::new());
        assert_eq!(counts(&r, "entities"), (0, 0, 1));
        assert_eq!(r.rows["entities"].precision, 0.0);
        assert_eq!(r.rows["relations"].precision, 1.0);
        assert_eq!(r.rows["relations"].f1, 1.0);
        assert_eq!(counts(&r, "metrics"), (0, 0, 0));
    }

    #[test]
    fn entity_matching_duplicates_and_kinds() {
        struct Case<'a> {
            what: &'a str,
            gold: &'a [Ent<'a>],
            pred: &'a [Ent<'a>],
            // (row, (tp, pred, gold))
            want: &'a [(&'a str, (usize, usize, usize))],
        }
        let cases = [
            Case {
                what: "suffixes and punctuation fold",
                gold: &[("Alibaba", "company", &["09988"])],
                pred: &[("Alibaba Group Holding Ltd.", "company", &[])],
                want: &[("entities", (1, 1, 1)), ("entities_typed", (1, 1, 1))],
            },
            Case {
                what: "a duplicate node is a false positive",
                gold: &[("Alibaba", "company", &["BABA"])],
                pred: &[("Alibaba", "company", &[]), ("BABA", "company", &[])],
                want: &[
                    ("entities", (1, 2, 1)),
                    ("entities_typed", (1, 2, 1)),
                    ("entities_core_typed", (1, 2, 1)),
                    ("kind:company", (1, 2, 1)),
                ],
            },
            Case {
                what: "a wrong kind matches untyped only",
                gold: &[("DeepSeek", "company", &[]), ("AI", "sector", &[])],
                pred: &[("DeepSeek", "model", &[]), ("AI", "sector", &[])],
                want: &[
                    ("entities", (2, 2, 2)),
                    ("entities_typed", (1, 2, 2)),
                    ("entities_core_typed", (0, 1, 1)),
                    ("kind:company", (0, 0, 1)),
                    ("kind:model", (0, 1, 0)),
                    ("kind:sector", (1, 1, 1)),
                ],
            },
            Case {
                what: "the first gold entity sharing a name wins",
                gold: &[("Alpha", "company", &["AB"]), ("Beta", "broker", &["AB"])],
                pred: &[("AB", "broker", &[])],
                want: &[("entities", (1, 1, 2)), ("entities_typed", (0, 1, 2))],
            },
            Case {
                what: "a name of only suffixes and punctuation matches nothing",
                gold: &[("The Group", "company", &[])],
                pred: &[("Group Inc.", "company", &[])],
                want: &[("entities", (0, 1, 1))],
            },
            Case {
                what: "non-core kinds stay out of core typed",
                gold: &[("Alex Yao", "person", &[])],
                pred: &[("alex yao", "person", &[])],
                want: &[
                    ("entities_core_typed", (0, 0, 0)),
                    ("kind:person", (1, 1, 1)),
                ],
            },
        ];
        for c in cases {
            let r = one(doc(c.gold, &[], &[]), doc(c.pred, &[], &[]));
            for (row, want) in c.want {
                assert_eq!(counts(&r, row), *want, "{}: {row}", c.what);
            }
        }
    }

    #[test]
    fn relation_ends_resolve_or_keep_their_name() {
        let gold_e: &[Ent] = &[
            ("CITIC Securities", "broker", &["CITIC SEC"]),
            ("Alibaba", "company", &[]),
            ("AI", "sector", &[]),
        ];
        let cases: &[RelCase] = &[
            (
                "same names",
                gold_e,
                &[("CITIC Securities", "forecasts", "Alibaba")],
                &[("citic securities", "forecasts", "Alibaba Group")],
                (1, 1, 1),
            ),
            (
                "an end resolves through the predicted entity's aliases",
                &[("CITIC", "broker", &["CITIC SEC"])],
                &[("CITIC Securities", "forecasts", "Alibaba")],
                &[("CITIC", "forecasts", "Alibaba")],
                (1, 1, 1),
            ),
            (
                "an unmatched end never matches, and keeps its name as written",
                gold_e,
                &[("CITIC Securities", "forecasts", "Alibaba")],
                &[
                    ("CITIC Securities", "forecasts", "Tencent Inc"),
                    ("CITIC Securities", "forecasts", "Tencent"),
                ],
                (0, 2, 1),
            ),
            (
                "the relation kind must be the same",
                gold_e,
                &[("CITIC Securities", "forecasts", "Alibaba")],
                &[("CITIC Securities", "rates", "Alibaba")],
                (0, 1, 1),
            ),
            (
                "gold ends naming no gold entity fold into one key",
                gold_e,
                &[
                    ("Nobody", "forecasts", "Alibaba"),
                    ("Noone", "forecasts", "Alibaba"),
                ],
                &[("Nobody", "forecasts", "Alibaba")],
                (0, 1, 1),
            ),
            (
                "the same triple twice is one relation",
                gold_e,
                &[("CITIC Securities", "forecasts", "AI")],
                &[
                    ("CITIC SEC", "forecasts", "AI"),
                    ("CITIC Securities", "forecasts", "ai"),
                ],
                (1, 1, 1),
            ),
        ];
        for (what, pred_e, gold_r, pred_r, want) in cases {
            let r = one(doc(gold_e, gold_r, &[]), doc(pred_e, pred_r, &[]));
            assert_eq!(counts(&r, "relations"), *want, "{what}");
        }
        let r = one(
            doc(gold_e, &[("CITIC Securities", "forecasts", "Alibaba")], &[]),
            doc(
                gold_e,
                &[("CITIC Securities", "forecasts", "Tencent's")],
                &[],
            ),
        );
        assert_eq!(
            r.details[0].lines,
            [
                "  missed relation citic sec -forecasts-> alibaba",
                "  extra relation  citic sec -forecasts-> ?Tencent's",
            ]
        );
    }

    #[test]
    fn named_relations_leave_out_sectors() {
        let gold_e: &[Ent] = &[
            ("CITIC Securities", "broker", &[]),
            ("Alibaba", "company", &[]),
            ("AI", "sector", &[]),
        ];
        let gold_r = [
            ("CITIC Securities", "forecasts", "Alibaba"),
            ("CITIC Securities", "forecasts", "AI"),
        ];
        let cases: &[NamedCase] = &[
            (
                "a gold sector end is not named",
                gold_e,
                &[("CITIC Securities", "forecasts", "AI")],
                (0, 0, 1),
            ),
            (
                "an unmatched end is named unless predicted a sector",
                &[
                    ("CITIC Securities", "broker", &[]),
                    ("cloud", "sector", &[]),
                ],
                &[
                    ("CITIC Securities", "forecasts", "cloud"),
                    ("CITIC Securities", "forecasts", "Tencent"),
                ],
                (0, 1, 1),
            ),
            (
                "the first predicted entity with the name gives its kind (sector first)",
                &[
                    ("CITIC Securities", "broker", &[]),
                    ("Cloud", "sector", &[]),
                    ("cloud", "company", &[]),
                ],
                &[("CITIC Securities", "forecasts", "cloud")],
                (0, 0, 1),
            ),
            (
                "the first predicted entity with the name gives its kind (company first)",
                &[
                    ("CITIC Securities", "broker", &[]),
                    ("cloud", "company", &[]),
                    ("Cloud", "sector", &[]),
                ],
                &[("CITIC Securities", "forecasts", "cloud")],
                (0, 1, 1),
            ),
            (
                "a gold-matched end takes the gold kind, whatever the predicted kind",
                &[("CITIC Securities", "broker", &[]), ("AI", "company", &[])],
                &[
                    ("CITIC Securities", "forecasts", "AI"),
                    ("CITIC Securities", "forecasts", "Alibaba"),
                ],
                (1, 1, 1),
            ),
        ];
        for (what, pred_e, pred_r, want) in cases {
            let r = one(doc(gold_e, &gold_r, &[]), doc(pred_e, pred_r, &[]));
            assert_eq!(counts(&r, "relations_named"), *want, "{what}");
        }
        let r = one(doc(gold_e, &gold_r, &[]), doc(gold_e, &gold_r, &[]));
        for row in ["relations", "relations_core", "rel:forecasts"] {
            assert_eq!(counts(&r, row), (2, 2, 2), "{row}");
        }
        assert_eq!(counts(&r, "relations_named"), (1, 1, 1));
    }

    #[test]
    fn metrics_match_within_half_a_percent_greedily() {
        let ents: &[Ent] = &[("Hang Seng Tech Index", "index", &["HSTECH"])];
        let cases: &[MetCase] = &[
            (
                "exact",
                &[("HSTECH", 19.3, "x")],
                &[("Hang Seng Tech Index", 19.3, "x")],
                1,
            ),
            (
                "0.4% off",
                &[("HSTECH", 100.0, "%")],
                &[("HSTECH", 100.4, "%")],
                1,
            ),
            (
                "0.6% off",
                &[("HSTECH", 100.0, "%")],
                &[("HSTECH", 100.6, "%")],
                0,
            ),
            (
                "0.4% under",
                &[("HSTECH", 100.0, "%")],
                &[("HSTECH", 99.6, "%")],
                1,
            ),
            (
                "0.6% under",
                &[("HSTECH", 100.0, "%")],
                &[("HSTECH", 99.4, "%")],
                0,
            ),
            (
                "exactly 0.5%",
                &[("HSTECH", 100.0, "%")],
                &[("HSTECH", 100.5, "%")],
                1,
            ),
            (
                "negative",
                &[("HSTECH", -10.0, "%")],
                &[("HSTECH", -10.04, "%")],
                1,
            ),
            (
                "sign matters",
                &[("HSTECH", -10.0, "%")],
                &[("HSTECH", 10.0, "%")],
                0,
            ),
            (
                "zero, within 1e-9",
                &[("HSTECH", 0.0, "%")],
                &[("HSTECH", 1e-10, "%")],
                1,
            ),
            (
                "zero, beyond 1e-9",
                &[("HSTECH", 0.0, "%")],
                &[("HSTECH", 1e-8, "%")],
                0,
            ),
            (
                "big money",
                &[("HSTECH", 130e9, "CNY")],
                &[("HSTECH", 130.6e9, "CNY")],
                1,
            ),
            (
                "unit differs",
                &[("HSTECH", 19.3, "x")],
                &[("HSTECH", 19.3, "%")],
                0,
            ),
            (
                "entity unmatched",
                &[("HSTECH", 19.3, "x")],
                &[("Nasdaq", 19.3, "x")],
                0,
            ),
            (
                "each gold metric is used once",
                &[("HSTECH", 19.3, "x")],
                &[("HSTECH", 19.3, "x"), ("HSTECH", 19.31, "x")],
                1,
            ),
            (
                "greedy in prediction order, not the best assignment",
                &[("HSTECH", 100.0, "%"), ("HSTECH", 101.0, "%")],
                &[("HSTECH", 100.5, "%"), ("HSTECH", 100.0, "%")],
                1,
            ),
        ];
        for (what, gold_m, pred_m, tp) in cases {
            let r = one(doc(ents, &[], gold_m), doc(ents, &[], pred_m));
            assert_eq!(
                counts(&r, "metrics"),
                (*tp, pred_m.len(), gold_m.len()),
                "{what}"
            );
        }
        // A value that is not a number never matches but counts.
        let mut pred = doc(ents, &[], &[("HSTECH", 19.3, "x")]);
        pred.metrics[0].value = None;
        let r = one(doc(ents, &[], &[("HSTECH", 19.3, "x")]), pred);
        assert_eq!(counts(&r, "metrics"), (0, 1, 1));
        assert_eq!(
            r.details[0].lines,
            [
                "  missed metric   hang seng tech index: 19.3 x (m)",
                "  extra metric    hang seng tech index: null x (m)",
            ]
        );
    }

    #[test]
    fn verbose_lines_and_table_layout() {
        let gold = doc(
            &[
                ("Alibaba", "company", &["BABA"]),
                ("CITIC Securities", "broker", &[]),
                ("Tencent", "company", &[]),
            ],
            &[("CITIC Securities", "forecasts", "Alibaba")],
            &[],
        );
        let pred = doc(
            &[
                ("Alibaba", "company", &[]),
                ("BABA", "company", &[]),
                ("CITIC Securities", "company", &[]),
                ("Meituan", "company", &[]),
            ],
            &[("CITIC Securities", "forecasts", "Alibaba")],
            &[("Meituan", 5.0, "%")],
        );
        let r = one(gold, pred);
        assert_eq!(
            r.details[0].lines,
            [
                "  missed entity   company   tencent",
                "  wrong kind      company   citic securities (gold: broker)",
                "  extra entity    company   meituan",
                "  duplicate entity company   baba (same as: alibaba)",
                "  extra metric    ?Meituan: 5 % (m)",
            ]
        );
        let table = r.to_table(true);
        let want_head = "a.json\n  missed entity   company   tencent\n";
        assert!(table.starts_with(want_head), "{table}");
        let lines: Vec<&str> = table.lines().collect();
        let head = lines.iter().position(|l| l.ends_with("gold")).unwrap();
        assert_eq!(
            lines[head],
            format!("{:24}      P      R     F1   pred   gold", "")
        );
        assert_eq!(
            lines[head + 1],
            "entities                  0.500  0.667  0.571      4      3"
        );
        let names: Vec<&str> = lines[head + 1..]
            .iter()
            .map(|l| l.split_whitespace().next().unwrap())
            .collect();
        assert_eq!(
            names,
            [
                "entities",
                "entities_typed",
                "entities_core_typed",
                "relations",
                "relations_core",
                "relations_named",
                "metrics",
                "kind:broker",
                "kind:company",
                "rel:forecasts",
            ]
        );
        assert!(!r.to_table(false).contains("missed"));
    }

    #[test]
    fn json_has_score_py_shape() {
        let g = doc(&[("A", "company", &[])], &[], &[]);
        let r = one(g.clone(), g);
        let json = r.to_json();
        assert!(
            json.starts_with("{\n \"entities\": {\n  \"f1\": 1.0,\n  \"gold\": 1,\n  \"precision\": 1.0,\n  \"pred\": 1,\n  \"recall\": 1.0\n },"),
            "{json}"
        );
        let back: Report = serde_json::from_str(&json).unwrap();
        assert_eq!(back.rows, r.rows);
    }

    #[test]
    fn relation_lines_sort_by_python_tuple_text() {
        // str((10, …)) < str((2, …)) < str((None, …)): text order, not number order.
        let ents: Vec<(String, &str)> = (0..12).map(|i| (format!("E{i}"), "company")).collect();
        let ents: Vec<Ent> = ents
            .iter()
            .map(|(n, k)| (n.as_str(), *k, &[][..]))
            .collect();
        let gold = doc(
            &ents,
            &[("E2", "r", "E0"), ("E10", "r", "E0"), ("Nobody", "r", "E0")],
            &[],
        );
        let r = one(gold, doc(&ents, &[], &[]));
        assert_eq!(
            r.details[0].lines,
            [
                "  missed relation e10 -r-> e0",
                "  missed relation e2 -r-> e0",
                "  missed relation None -r-> e0",
            ]
        );
    }
}
