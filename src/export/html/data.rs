//! What the graph page shows, as JSON documents built from a
//! [`GraphStore`]: the overview of the first screen, an entity with its
//! relations, metrics, ratings and targets, a relation with every piece of
//! evidence, a search by name, alias or ticker, and the totals. `finkg
//! serve` answers its API with them; `finkg view` writes them into the page.

use crate::graph::{GraphStore, StoreView};
use crate::model::Unit;
use crate::schema::Ontology;
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet, HashMap};

/// The kind folded into its neighbours on the overview rather than drawn.
pub const FOLDED_KIND: &str = "sector";

/// Relations or metrics listed per entity before the list is cut.
pub const LIST_LIMIT: usize = 200;

/// How a kind is drawn.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct KindStyle {
    /// The kind.
    pub name: String,
    /// Line colour.
    pub color: String,
    /// Fill colour.
    pub fill: String,
    /// Graphviz shape name (the page draws an approximation).
    pub shape: String,
}

/// The kinds and relation kinds with their colours, from the ontology.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Legend {
    /// Entity kinds.
    pub kinds: Vec<KindStyle>,
    /// Relation kinds (`fill` unused).
    pub relations: Vec<KindStyle>,
}

impl Legend {
    /// The styles an ontology gives, with grey for anything it lacks.
    pub fn new(ontology: &Ontology) -> Legend {
        let style = |name: &str, s: &crate::schema::Style| KindStyle {
            name: name.to_string(),
            color: s.color.clone().unwrap_or_else(|| "#555555".into()),
            fill: s.fillcolor.clone().unwrap_or_else(|| "#eeeeee".into()),
            shape: s.shape.clone().unwrap_or_else(|| "ellipse".into()),
        };
        Legend {
            kinds: ontology
                .entity_kinds
                .iter()
                .map(|k| style(&k.name, &k.style))
                .collect(),
            relations: ontology
                .relation_kinds
                .iter()
                .map(|k| style(&k.name, &k.style))
                .collect(),
        }
    }
}

/// An entity as a node of the drawing.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct GraphNode {
    /// Entity id.
    pub id: String,
    /// Canonical name.
    pub name: String,
    /// Kind.
    pub kind: String,
    /// Documents mentioning it.
    pub documents: u64,
    /// Mentions in all documents.
    pub mentions: u64,
    /// Relations of every kind, both ways (metrics not counted).
    pub degree: u64,
    /// Names of the sectors folded into this node (the overview draws no
    /// sector node; a node shows the sectors it is linked to).
    pub sectors: Vec<String>,
}

/// A relation as an edge of the drawing.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct GraphEdge {
    /// The relation's number in the store (`/api/edge/N`).
    pub id: u32,
    /// Subject id.
    pub from: String,
    /// Object id.
    pub to: String,
    /// Relation kind.
    pub kind: String,
    /// Pieces of evidence.
    pub evidence: u32,
}

/// Nodes and the relations between them.
#[derive(Debug, Clone, Serialize, PartialEq, Default)]
pub struct Subgraph {
    /// The nodes.
    pub nodes: Vec<GraphNode>,
    /// The relations between them.
    pub edges: Vec<GraphEdge>,
}

/// Counts of what the graph holds.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Stats {
    /// Documents.
    pub documents: usize,
    /// Entities.
    pub entities: usize,
    /// Metric nodes.
    pub metrics: usize,
    /// Relations between entities.
    pub relations: usize,
    /// Entities by kind.
    pub entities_by_kind: BTreeMap<String, usize>,
    /// Relations by kind.
    pub relations_by_kind: BTreeMap<String, usize>,
}

/// One search hit.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Hit {
    /// Entity id.
    pub id: String,
    /// Canonical name.
    pub name: String,
    /// Kind.
    pub kind: String,
    /// What matched when it is not the name: `alias X`, `ticker Y`.
    pub matched: Option<String>,
    /// Documents mentioning it.
    pub documents: u64,
}

/// A relation of an entity, seen from the entity.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Link {
    /// The relation's number (`/api/edge/N`).
    pub edge: u32,
    /// Relation kind.
    pub kind: String,
    /// The entity at the other end.
    pub other: Brief,
    /// Attributes (`rating`, `target` …).
    pub attrs: BTreeMap<String, String>,
    /// Pieces of evidence.
    pub evidence: u32,
    /// Its confidence (left out when the graph file has none).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub confidence: Option<f64>,
}

/// An entity named briefly.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Brief {
    /// Id.
    pub id: String,
    /// Name.
    pub name: String,
    /// Kind.
    pub kind: String,
}

/// A metric of an entity.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct MetricRow {
    /// The `has_metric` relation's number (its evidence: `/api/edge/N`).
    pub edge: u32,
    /// Label.
    pub label: String,
    /// Value, scale folded in.
    pub value: f64,
    /// Unit.
    pub unit: String,
    /// The value written for people (`¥130.0bn`, `19.3x`).
    pub text: String,
    /// Period, when known.
    pub period: Option<String>,
    /// Pieces of evidence.
    pub evidence: u32,
    /// Its confidence (left out when the graph file has none).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub confidence: Option<f64>,
}

/// A rating or target a source gives an entity (`rates` and `forecasts`
/// relations carrying `rating`, `target`, `unit` or `date`).
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Rating {
    /// The relation's number.
    pub edge: u32,
    /// Who gives it.
    pub source: Brief,
    /// Relation kind.
    pub kind: String,
    /// Rating (`buy`, `overweight` …).
    pub rating: Option<String>,
    /// Target, as written.
    pub target: Option<String>,
    /// Unit or currency of the target.
    pub unit: Option<String>,
    /// Date of the rating or target.
    pub date: Option<String>,
}

/// An entity with everything the page's panel shows.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct EntityDetail {
    /// Id.
    pub id: String,
    /// Name.
    pub name: String,
    /// Kind.
    pub kind: String,
    /// Other names.
    pub aliases: Vec<String>,
    /// Tickers.
    pub tickers: Vec<String>,
    /// Mentions.
    pub mentions: u64,
    /// Documents mentioning it.
    pub documents: u64,
    /// Its confidence (left out when the graph file has none).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub confidence: Option<f64>,
    /// Relations from it (the first [`LIST_LIMIT`]).
    pub outgoing: Vec<Link>,
    /// Relations to it (the first [`LIST_LIMIT`]).
    pub incoming: Vec<Link>,
    /// How many relations from it and to it there are in all.
    pub totals: (usize, usize),
    /// Metrics (the first [`LIST_LIMIT`]).
    pub metrics: Vec<MetricRow>,
    /// Ratings and targets others give it.
    pub ratings: Vec<Rating>,
    /// Its brokers' targets over time, as SVG (`finkg chart targets`), when
    /// the graph holds dated targets for it and a font is there.
    pub chart: Option<String>,
}

/// A document, as evidence names it.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct DocBrief {
    /// Id (content hash).
    pub id: String,
    /// File name.
    pub name: String,
    /// Title.
    pub title: String,
    /// Date, when known.
    pub date: Option<String>,
    /// Publisher, when known.
    pub publisher: Option<String>,
}

/// One sentence supporting a relation.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct EvidenceRow {
    /// The document.
    pub doc: DocBrief,
    /// Byte offsets of the sentence in it.
    pub start: u64,
    /// End of the sentence.
    pub end: u64,
    /// The sentence.
    pub sentence: String,
    /// The rule that found the fact.
    pub rule: String,
}

/// A relation with every piece of evidence.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct EdgeDetail {
    /// The relation's number.
    pub id: u32,
    /// Kind.
    pub kind: String,
    /// Subject.
    pub from: Brief,
    /// Object (an entity, or a metric's label for `has_metric`).
    pub to: Brief,
    /// Attributes.
    pub attrs: BTreeMap<String, String>,
    /// Its confidence (left out when the graph file has none).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub confidence: Option<f64>,
    /// The evidence, in order.
    pub evidence: Vec<EvidenceRow>,
}

/// Names, aliases and tickers, lower-cased, for search and for finding the
/// entities a result names.
#[derive(Debug, Default)]
pub struct NameIndex {
    /// (lower-case text, node, what it is: 0 name, 1 alias, 2 ticker), sorted.
    entries: Vec<(String, u32, u8)>,
}

impl NameIndex {
    /// The index of a store's entities.
    pub fn new(store: &GraphStore) -> NameIndex {
        let v = store.view();
        let mut entries = Vec::new();
        for n in 0..v.node_id.len() as u32 {
            if v.is_metric(n) {
                continue;
            }
            entries.push((v.node_name.get(n as usize).to_lowercase(), n, 0));
            for a in v.aliases(n) {
                entries.push((a.to_lowercase(), n, 1));
            }
            for t in v.tickers(n) {
                entries.push((t.to_lowercase(), n, 2));
            }
        }
        entries.sort();
        NameIndex { entries }
    }

    /// Entities whose name, alias or ticker contains `query` (case-insensitive):
    /// exact matches first, then those starting with it, then the rest; by
    /// documents within each.
    pub fn search(&self, store: &GraphStore, query: &str, limit: usize) -> Vec<Hit> {
        let v = store.view();
        let q = query.trim().to_lowercase();
        if q.is_empty() {
            return Vec::new();
        }
        // best (rank, what) per node
        let mut best: HashMap<u32, (u8, u8, &str)> = HashMap::new();
        for (text, n, what) in &self.entries {
            let rank = if *text == q {
                0
            } else if text.starts_with(&q) {
                1
            } else if text.contains(&q) {
                2
            } else {
                continue;
            };
            let e = best.entry(*n).or_insert((rank, *what, text));
            if (rank, *what) < (e.0, e.1) {
                *e = (rank, *what, text);
            }
        }
        let mut hits: Vec<(u8, u64, u32, u8)> = best
            .into_iter()
            .map(|(n, (rank, what, _))| (rank, v.node_docs[n as usize] as u64, n, what))
            .collect();
        hits.sort_by(|a, b| a.0.cmp(&b.0).then(b.1.cmp(&a.1)).then(a.2.cmp(&b.2)));
        hits.truncate(limit);
        hits.into_iter()
            .map(|(_, docs, n, what)| {
                let matched = match what {
                    1 => v
                        .aliases(n)
                        .find(|a| a.to_lowercase().contains(&q))
                        .map(|a| format!("alias {a}")),
                    2 => v
                        .tickers(n)
                        .find(|t| t.to_lowercase().contains(&q))
                        .map(|t| format!("ticker {t}")),
                    _ => None,
                };
                Hit {
                    id: v.node_id.get(n as usize).to_string(),
                    name: v.node_name.get(n as usize).to_string(),
                    kind: v.kind(n).to_string(),
                    matched,
                    documents: docs,
                }
            })
            .collect()
    }

    /// The entity named exactly `name` (name, alias or ticker, any case;
    /// a name before an alias, then the smallest id).
    pub fn exact(&self, name: &str) -> Option<u32> {
        let q = name.trim().to_lowercase();
        let start = self.entries.partition_point(|e| e.0 < q);
        self.entries[start..]
            .iter()
            .take_while(|e| e.0 == q)
            .min_by_key(|e| (e.2.min(1), e.1))
            .map(|e| e.1)
    }
}

/// Totals of a store.
pub fn stats(store: &GraphStore) -> Stats {
    let v = store.view();
    let mut s = Stats {
        documents: v.doc_id.len(),
        entities: 0,
        metrics: 0,
        relations: 0,
        entities_by_kind: BTreeMap::new(),
        relations_by_kind: BTreeMap::new(),
    };
    for n in 0..v.node_id.len() as u32 {
        if v.is_metric(n) {
            s.metrics += 1;
        } else {
            s.entities += 1;
            *s.entities_by_kind.entry(v.kind(n).to_string()).or_default() += 1;
        }
    }
    for e in 0..v.edge_kind.len() {
        let kind = v.rel_kinds.get(v.edge_kind[e] as usize);
        if kind != crate::graph::HAS_METRIC {
            s.relations += 1;
            *s.relations_by_kind.entry(kind.to_string()).or_default() += 1;
        }
    }
    s
}

/// Whether edge `e` is a relation between two entities.
fn is_relation(v: &StoreView<'_>, e: u32) -> bool {
    !v.is_metric(v.edge_src[e as usize]) && !v.is_metric(v.edge_dst[e as usize])
}

/// Relations of each node (both ways, metrics not counted).
fn degrees(v: &StoreView<'_>) -> Vec<u64> {
    let mut d = vec![0u64; v.node_id.len()];
    for e in 0..v.edge_kind.len() as u32 {
        if is_relation(v, e) {
            d[v.edge_src[e as usize] as usize] += 1;
            d[v.edge_dst[e as usize] as usize] += 1;
        }
    }
    d
}

fn node(v: &StoreView<'_>, n: u32, degree: u64) -> GraphNode {
    GraphNode {
        id: v.node_id.get(n as usize).to_string(),
        name: v.node_name.get(n as usize).to_string(),
        kind: v.kind(n).to_string(),
        documents: v.node_docs[n as usize] as u64,
        mentions: v.mentions[n as usize],
        degree,
        sectors: Vec::new(),
    }
}

fn brief(v: &StoreView<'_>, n: u32) -> Brief {
    Brief {
        id: v.node_id.get(n as usize).to_string(),
        name: v.node_name.get(n as usize).to_string(),
        kind: v.kind(n).to_string(),
    }
}

/// Every relation leaving or entering `n`: (edge, other end, outgoing).
fn relations_of<'a>(v: StoreView<'a>, n: u32) -> impl Iterator<Item = (u32, u32, bool)> + 'a {
    let kinds = v.rel_kinds.len() as u32;
    let out = (0..kinds).flat_map(move |k| {
        v.out_edges(k, n)
            .map(move |e| (e, v.edge_dst[e as usize], true))
    });
    let inc = (0..kinds).flat_map(move |k| {
        v.in_edges(k, n)
            .iter()
            .map(move |&e| (e, v.edge_src[e as usize], false))
    });
    out.chain(inc)
}

/// The subgraph of `nodes`: those nodes (in the order given, sectors drawn
/// when `fold` is false) and every relation between them; with `fold`,
/// sectors are not drawn but named on the nodes they are linked to.
pub fn subgraph(store: &GraphStore, nodes: &[u32], fold: bool) -> Subgraph {
    let v = store.view();
    let mut chosen: Vec<u32> = Vec::new();
    let mut seen = BTreeSet::new();
    for &n in nodes {
        if (n as usize) < v.node_id.len() && !v.is_metric(n) && seen.insert(n) {
            if fold && v.kind(n) == FOLDED_KIND {
                continue;
            }
            chosen.push(n);
        }
    }
    let place: HashMap<u32, usize> = chosen.iter().enumerate().map(|(i, n)| (*n, i)).collect();
    let mut out = Subgraph::default();
    for &n in &chosen {
        let mut degree = 0;
        let mut sectors = BTreeSet::new();
        for (e, other, outgoing) in relations_of(v, n) {
            if v.is_metric(other) {
                continue;
            }
            degree += 1;
            if fold && v.kind(other) == FOLDED_KIND {
                sectors.insert(v.node_name.get(other as usize).to_string());
            }
            if outgoing && place.contains_key(&other) {
                out.edges.push(GraphEdge {
                    id: e,
                    from: v.node_id.get(n as usize).to_string(),
                    to: v.node_id.get(other as usize).to_string(),
                    kind: v
                        .rel_kinds
                        .get(v.edge_kind[e as usize] as usize)
                        .to_string(),
                    evidence: v.evidence_count(e),
                });
            }
        }
        let mut g = node(&v, n, degree);
        g.sectors = sectors.into_iter().collect();
        out.nodes.push(g);
    }
    out
}

/// The first screen: `limit` entities grown from the one with the most
/// support (documents mentioning it, then relations, then mentions), each
/// next one the best linked to those chosen (the best of the rest when none
/// is), so the drawing holds the strongest connected part of the graph;
/// sectors are folded into their neighbours, with the relations between
/// the chosen.
pub fn overview(store: &GraphStore, limit: usize) -> Subgraph {
    let v = store.view();
    let deg = degrees(&v);
    let drawn = |n: u32| !v.is_metric(n) && v.kind(n) != FOLDED_KIND;
    let score = |n: u32| {
        (
            v.node_docs[n as usize] as u64,
            deg[n as usize],
            v.mentions[n as usize],
        )
    };
    let mut ranked: Vec<u32> = (0..v.node_id.len() as u32).filter(|&n| drawn(n)).collect();
    ranked.sort_by(|&a, &b| score(b).cmp(&score(a)).then(a.cmp(&b)));
    let mut chosen: Vec<u32> = Vec::new();
    let mut taken: BTreeSet<u32> = BTreeSet::new();
    // the frontier: entities linked to those chosen, best first
    let mut frontier: std::collections::BinaryHeap<((u64, u64, u64), std::cmp::Reverse<u32>)> =
        std::collections::BinaryHeap::new();
    let mut next_best = ranked.iter();
    while chosen.len() < limit {
        let mut pick = None;
        while let Some((_, std::cmp::Reverse(n))) = frontier.pop() {
            if !taken.contains(&n) {
                pick = Some(n);
                break;
            }
        }
        if pick.is_none() {
            pick = next_best.by_ref().copied().find(|n| !taken.contains(n));
        }
        let Some(n) = pick else { break };
        taken.insert(n);
        chosen.push(n);
        for (_, o, _) in relations_of(v, n) {
            if drawn(o) && !taken.contains(&o) {
                frontier.push((score(o), std::cmp::Reverse(o)));
            }
        }
    }
    subgraph(store, &chosen, true)
}

/// The neighbours of `n` to draw when it is expanded: up to `limit`
/// entities linked to it, those with the most support first, sectors too.
pub fn neighbours(store: &GraphStore, n: u32, limit: usize) -> Vec<u32> {
    let v = store.view();
    let mut others: Vec<u32> = relations_of(v, n)
        .map(|(_, o, _)| o)
        .filter(|&o| o != n && !v.is_metric(o))
        .collect();
    others.sort_unstable();
    others.dedup();
    others.sort_by(|&a, &b| {
        v.node_docs[b as usize]
            .cmp(&v.node_docs[a as usize])
            .then(a.cmp(&b))
    });
    others.truncate(limit);
    others
}

fn attrs(v: &StoreView<'_>, e: u32) -> BTreeMap<String, String> {
    v.attrs(e)
        .map(|(k, x)| (k.to_string(), x.to_string()))
        .collect()
}

fn link(v: &StoreView<'_>, e: u32, other: u32) -> Link {
    Link {
        edge: e,
        kind: v
            .rel_kinds
            .get(v.edge_kind[e as usize] as usize)
            .to_string(),
        other: brief(v, other),
        attrs: attrs(v, e),
        evidence: v.evidence_count(e),
        confidence: v.edge_confidence(e),
    }
}

/// The value of a metric written for people.
fn metric_text(value: f64, unit: &str) -> String {
    match unit.parse::<Unit>() {
        Ok(u) => crate::export::dot::format_value(value, u),
        Err(_) => format!("{value} {unit}"),
    }
}

/// An entity with its relations, metrics, ratings and targets; `None`
/// when `n` is not an entity.
pub fn entity(store: &GraphStore, n: u32) -> Option<EntityDetail> {
    let v = store.view();
    if n as usize >= v.node_id.len() || v.is_metric(n) {
        return None;
    }
    let i = n as usize;
    let mut d = EntityDetail {
        id: v.node_id.get(i).to_string(),
        name: v.node_name.get(i).to_string(),
        kind: v.kind(n).to_string(),
        aliases: v.aliases(n).map(str::to_string).collect(),
        tickers: v.tickers(n).map(str::to_string).collect(),
        mentions: v.mentions[i],
        documents: v.node_docs[i] as u64,
        confidence: v.node_confidence(n),
        outgoing: Vec::new(),
        incoming: Vec::new(),
        totals: (0, 0),
        metrics: Vec::new(),
        ratings: Vec::new(),
        chart: None,
    };
    // the action histories on the edges to it, by broker, for the chart
    let mut histories: Vec<(String, String)> = Vec::new();
    for (e, other, outgoing) in relations_of(v, n) {
        if v.is_metric(other) {
            if outgoing && d.metrics.len() < LIST_LIMIT {
                let o = other as usize;
                d.metrics.push(MetricRow {
                    edge: e,
                    label: v.node_name.get(o).to_string(),
                    value: v.value[o],
                    unit: v.unit.get(o).to_string(),
                    text: metric_text(v.value[o], v.unit.get(o)),
                    period: Some(v.period.get(o))
                        .filter(|p| !p.is_empty())
                        .map(str::to_string),
                    evidence: v.evidence_count(e),
                    confidence: v.edge_confidence(e),
                });
            }
            continue;
        }
        let (list, total) = if outgoing {
            (&mut d.outgoing, &mut d.totals.0)
        } else {
            (&mut d.incoming, &mut d.totals.1)
        };
        *total += 1;
        if list.len() < LIST_LIMIT {
            list.push(link(&v, e, other));
        }
        if !outgoing {
            let a = attrs(&v, e);
            if let Some(h) = a.get("history") {
                histories.push((v.node_name.get(other as usize).to_string(), h.clone()));
            }
            let get = |keys: &[&str]| keys.iter().find_map(|k| a.get(*k).cloned());
            let rating = get(&["rating"]);
            let target = get(&["target", "target price", "target_price"]);
            if (rating.is_some() || target.is_some()) && d.ratings.len() < LIST_LIMIT {
                d.ratings.push(Rating {
                    edge: e,
                    source: brief(&v, other),
                    kind: v
                        .rel_kinds
                        .get(v.edge_kind[e as usize] as usize)
                        .to_string(),
                    rating,
                    target,
                    unit: get(&["unit", "currency"]),
                    date: get(&["date"]),
                });
            }
        }
    }
    let by_support = |a: &Link, b: &Link| {
        b.evidence
            .cmp(&a.evidence)
            .then(a.other.name.cmp(&b.other.name))
    };
    d.outgoing.sort_by(by_support);
    d.incoming.sort_by(by_support);
    d.metrics
        .sort_by(|a, b| (&a.period, &a.label).cmp(&(&b.period, &b.label)));
    d.ratings
        .sort_by(|a, b| (&a.date, &a.source.name).cmp(&(&b.date, &b.source.name)));
    if !histories.is_empty() && crate::export::font_available() {
        d.chart = crate::export::TargetChart::from_histories(&d.name, &histories)
            .and_then(|c| c.to_svg((520, 280)).ok());
    }
    Some(d)
}

/// A relation (or `has_metric` link) with every piece of evidence; `None`
/// when there is no edge `e`.
pub fn edge(store: &GraphStore, e: u32) -> Option<EdgeDetail> {
    let v = store.view();
    if e as usize >= v.edge_kind.len() {
        return None;
    }
    let (s, t) = (v.edge_src[e as usize], v.edge_dst[e as usize]);
    let doc = |id: &str| {
        let d = v.doc_id.find_sorted(id);
        let get =
            |s: crate::graph::StoreStrings<'_>| d.map(|d| s.get(d).to_string()).unwrap_or_default();
        let opt = |x: String| Some(x).filter(|x| !x.is_empty());
        DocBrief {
            id: id.to_string(),
            name: get(v.doc_name),
            title: get(v.doc_title),
            date: opt(get(v.doc_date)),
            publisher: opt(get(v.doc_publisher)),
        }
    };
    Some(EdgeDetail {
        id: e,
        kind: v
            .rel_kinds
            .get(v.edge_kind[e as usize] as usize)
            .to_string(),
        from: brief(&v, s),
        to: brief(&v, t),
        attrs: attrs(&v, e),
        confidence: v.edge_confidence(e),
        evidence: v
            .evidence(e)
            .map(|x| EvidenceRow {
                doc: doc(x.doc),
                start: x.start,
                end: x.end,
                sentence: x.sentence.to_string(),
                rule: x.rule.to_string(),
            })
            .collect(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::graph::tests::sample;

    #[test]
    fn the_overview_search_entity_and_edge_of_the_sample() {
        let g = sample();
        let store = GraphStore::build(&g);
        let o = overview(&store, 10);
        assert!(o.nodes.iter().any(|n| n.name == "Alibaba"));
        assert!(o
            .edges
            .iter()
            .all(|e| o.nodes.iter().any(|n| n.id == e.from)));
        let names = NameIndex::new(&store);
        let hits = names.search(&store, "9988", 5);
        assert_eq!(hits[0].name, "Alibaba");
        assert_eq!(hits[0].matched.as_deref(), Some("ticker 9988.HK"));
        assert_eq!(names.search(&store, "  ", 5), []);
        let alibaba = names.exact("ALIBABA").unwrap();
        let d = entity(&store, alibaba).unwrap();
        assert_eq!(d.kind, "company");
        let fc = d.incoming.iter().find(|l| l.kind == "forecasts").unwrap();
        assert_eq!(fc.other.name, "CITIC Securities");
        let e = edge(&store, fc.edge).unwrap();
        let want = g
            .explain("CITIC Securities", "forecasts", "Alibaba")
            .unwrap();
        assert_eq!(e.evidence.len(), want.edge.evidence.len());
        assert_eq!(e.evidence[0].sentence, want.edge.evidence[0].sentence);
        assert!(!e.evidence[0].doc.name.is_empty());
        assert!(edge(&store, u32::MAX).is_none());
        assert!(entity(&store, u32::MAX).is_none());
        let s = stats(&store);
        assert_eq!(s.entities + s.metrics, store.node_count());
    }
}
