//! The graph as read-only columns: what queries and the server read.
//!
//! A [`GraphStore`] is built once from a [`KnowledgeGraph`] (or mapped from
//! a binary snapshot, see `snapshot.rs`, without building anything) and
//! holds, in one buffer of typed arrays ([`Columns`]):
//!
//! - nodes numbered densely in the order of their ids, with their label,
//!   name, aliases, tickers, mentions, document counts and, for metrics,
//!   value, unit, period and entity;
//! - edges numbered in the order (relation kind, start, end), so that the
//!   edges of one kind leaving one node are one range of numbers, and an
//!   adjacency array per relation kind and direction (`csr.rs`): the layout
//!   graph databases walk;
//! - attributes, evidence (sentences stored once each), documents, and the
//!   (relation kind, start label, end label) pairs the graph holds.
//!
//! Every array is checked when the buffer is opened ([`GraphStore::check`]),
//! so reading a damaged snapshot is an error, never a panic.

use super::columns::{
    check_below, check_offsets, Columns, ColumnsBuilder, Strings, StringsBuilder,
};
use super::csr::{self, Adjacency};
use super::node::eq_fold;
use super::{KnowledgeGraph, Node};
use foldhash::{HashMap, HashMapExt};
use petgraph::stable_graph::NodeIndex;
use petgraph::visit::{EdgeIndexable, EdgeRef, IntoEdgeReferences, NodeIndexable};
use std::collections::BTreeSet;
use std::ops::Range;

/// The label of metric nodes (as the query catalog names it).
const METRIC: &str = "metric";

/// Section numbers: strings take two (text, ends), arrays one.
mod sec {
    pub const KINDS: usize = 0;
    pub const REL_KINDS: usize = 2;
    pub const ATTR_KEYS: usize = 4;
    pub const NODE_ID: usize = 6;
    pub const NODE_KIND: usize = 8;
    pub const NODE_LABEL: usize = 9;
    pub const NODE_NAME: usize = 10;
    pub const ALIAS_OFFS: usize = 12;
    pub const ALIASES: usize = 13;
    pub const TICKER_OFFS: usize = 15;
    pub const TICKERS: usize = 16;
    pub const MENTIONS: usize = 18;
    pub const NODE_DOCS: usize = 19;
    pub const VALUE: usize = 20;
    pub const UNIT: usize = 21;
    pub const PERIOD: usize = 23;
    pub const ENTITY: usize = 25;
    pub const LABEL_OFFS: usize = 27;
    pub const LABEL_NODES: usize = 28;
    pub const EDGE_KIND: usize = 29;
    pub const EDGE_SRC: usize = 30;
    pub const EDGE_DST: usize = 31;
    pub const EDGE_DOCS: usize = 32;
    pub const ADJ: usize = 33; // 4 sections, see csr.rs
    pub const ATTR_OFFS: usize = 37;
    pub const ATTR_KEY: usize = 38;
    pub const ATTR_VAL: usize = 39;
    pub const EV_OFFS: usize = 41;
    pub const EV_DOC: usize = 42;
    pub const EV_SPAN: usize = 43;
    pub const EV_RULE: usize = 44;
    pub const RULES: usize = 45;
    pub const EV_SENT: usize = 47;
    pub const SENTENCES: usize = 48;
    pub const DOC_ID: usize = 50;
    pub const DOC_NAME: usize = 52;
    pub const DOC_PATH: usize = 54;
    pub const DOC_TITLE: usize = 56;
    pub const DOC_DATE: usize = 58;
    pub const DOC_PUBLISHER: usize = 60;
    pub const PAIRS: usize = 62;
    pub const NODE_CONF: usize = 63;
    pub const EDGE_CONF: usize = 64;
    pub const COUNT: usize = 65;
}

/// The sections that hold strings (text and ends), checked when a buffer
/// is opened and read unchecked after that.
const STRING_SECTIONS: [usize; 19] = [
    sec::KINDS,
    sec::REL_KINDS,
    sec::ATTR_KEYS,
    sec::NODE_ID,
    sec::NODE_NAME,
    sec::ALIASES,
    sec::TICKERS,
    sec::UNIT,
    sec::PERIOD,
    sec::ENTITY,
    sec::ATTR_VAL,
    sec::RULES,
    sec::SENTENCES,
    sec::DOC_ID,
    sec::DOC_NAME,
    sec::DOC_PATH,
    sec::DOC_TITLE,
    sec::DOC_DATE,
    sec::DOC_PUBLISHER,
];

/// The graph as read-only columns and adjacency arrays (see the module docs).
#[derive(Debug)]
pub struct GraphStore {
    cols: Columns,
}

/// The arrays of a store, sliced once (cheap: no copying, no checking).
#[derive(Debug, Clone, Copy)]
pub(crate) struct View<'a> {
    pub kinds: Strings<'a>,
    pub rel_kinds: Strings<'a>,
    pub attr_keys: Strings<'a>,
    pub node_id: Strings<'a>,
    pub node_kind: &'a [u32],
    /// Label number (into `kinds`) or `u32::MAX` for none.
    pub node_label: &'a [u32],
    /// Entity name or metric label.
    pub node_name: Strings<'a>,
    pub alias_offs: &'a [u32],
    pub aliases: Strings<'a>,
    pub ticker_offs: &'a [u32],
    pub tickers: Strings<'a>,
    pub mentions: &'a [u64],
    pub node_docs: &'a [u32],
    pub value: &'a [f64],
    pub unit: Strings<'a>,
    pub period: Strings<'a>,
    pub entity: Strings<'a>,
    pub label_offs: &'a [u32],
    pub label_nodes: &'a [u32],
    pub edge_kind: &'a [u32],
    pub edge_src: &'a [u32],
    pub edge_dst: &'a [u32],
    pub edge_docs: &'a [u32],
    pub adj: Adjacency<'a>,
    pub attr_offs: &'a [u32],
    pub attr_key: &'a [u32],
    pub attr_val: Strings<'a>,
    pub ev_offs: &'a [u32],
    pub ev_doc: &'a [u32],
    pub ev_span: &'a [u64],
    pub ev_rule: &'a [u32],
    pub rules: Strings<'a>,
    pub ev_sent: &'a [u32],
    pub sentences: Strings<'a>,
    pub doc_id: Strings<'a>,
    pub doc_name: Strings<'a>,
    pub doc_path: Strings<'a>,
    pub doc_title: Strings<'a>,
    pub doc_date: Strings<'a>,
    pub doc_publisher: Strings<'a>,
    /// `(relation kind, start label, end label)` triples.
    pub pairs: &'a [u32],
    /// The label number of metrics (`u32::MAX` when the graph has none).
    pub metric_label: u32,
    /// Confidence of each node in thousandths ([`NO_CONFIDENCE`] for none);
    /// a metric's is its `has_metric` edge's.
    pub node_conf: &'a [u32],
    /// Confidence of each edge in thousandths ([`NO_CONFIDENCE`] for none).
    pub edge_conf: &'a [u32],
}

/// A node or edge without a confidence (from a graph file written before
/// confidences).
pub(crate) const NO_CONFIDENCE: u32 = u32::MAX;

/// A confidence as the store keeps it.
fn stored(c: Option<crate::model::Confidence>) -> u32 {
    c.map_or(NO_CONFIDENCE, |c| (c.get() * 1000.0).round() as u32)
}

impl View<'_> {
    /// The confidence of node `n` (0 to 1), when it has one.
    pub fn node_confidence(&self, n: u32) -> Option<f64> {
        conf(self.node_conf[n as usize])
    }

    /// The confidence of edge `e` (0 to 1), when it has one.
    pub fn edge_confidence(&self, e: u32) -> Option<f64> {
        conf(self.edge_conf[e as usize])
    }
}

fn conf(stored: u32) -> Option<f64> {
    (stored != NO_CONFIDENCE).then(|| f64::from(stored) / 1000.0)
}

/// One piece of evidence, borrowed from the store.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct StoredEvidence<'a> {
    /// Id of the document.
    pub doc: &'a str,
    /// Byte offset of the sentence in the document.
    pub start: u64,
    /// Byte offset one past the sentence.
    pub end: u64,
    /// The sentence.
    pub sentence: &'a str,
    /// The rule that produced the fact.
    pub rule: &'a str,
}

impl GraphStore {
    /// The store of a graph.
    pub fn build(g: &KnowledgeGraph) -> GraphStore {
        GraphStore {
            cols: builder(g, &NodeOrder::of(g)).finish(),
        }
    }

    /// A store over a checked buffer.
    pub(crate) fn from_columns(cols: Columns) -> Result<GraphStore, String> {
        let s = GraphStore { cols };
        s.check()?;
        Ok(s)
    }

    /// The store's bytes, as written into a snapshot.
    #[cfg(test)]
    pub(crate) fn bytes(&self) -> &[u8] {
        self.cols.bytes()
    }

    /// The buffer of the store of `g`, as words.
    #[cfg(test)]
    pub(crate) fn build_words(g: &KnowledgeGraph) -> Vec<u64> {
        builder(g, &NodeOrder::of(g)).finish_words()
    }

    /// The arrays. Only for a checked store: slicing cannot fail then.
    pub(crate) fn view(&self) -> View<'_> {
        self.try_view().expect("a checked store slices")
    }

    fn try_view(&self) -> Result<View<'_>, String> {
        let c = &self.cols;
        if c.len() != sec::COUNT {
            return Err(format!(
                "{} sections where this finkg writes {}",
                c.len(),
                sec::COUNT
            ));
        }
        let s = |i| {
            debug_assert!(STRING_SECTIONS.contains(&i));
            // SAFETY: a store's buffer is built from `&str`s (`build`) or its
            // string sections were accepted by `Strings::read` before any
            // view was taken (`check`, which `from_columns` runs)
            unsafe { Strings::read_trusted(c, i) }
        };
        let a = |i| c.array::<u32>(i);
        let kinds = s(sec::KINDS)?;
        let rel_kinds = s(sec::REL_KINDS)?;
        let metric_label = kinds
            .iter()
            .position(|k| k == METRIC)
            .map_or(u32::MAX, |i| i as u32);
        Ok(View {
            kinds,
            rel_kinds,
            attr_keys: s(sec::ATTR_KEYS)?,
            node_id: s(sec::NODE_ID)?,
            node_kind: a(sec::NODE_KIND)?,
            node_label: a(sec::NODE_LABEL)?,
            node_name: s(sec::NODE_NAME)?,
            alias_offs: a(sec::ALIAS_OFFS)?,
            aliases: s(sec::ALIASES)?,
            ticker_offs: a(sec::TICKER_OFFS)?,
            tickers: s(sec::TICKERS)?,
            mentions: c.array(sec::MENTIONS)?,
            node_docs: a(sec::NODE_DOCS)?,
            value: c.array(sec::VALUE)?,
            unit: s(sec::UNIT)?,
            period: s(sec::PERIOD)?,
            entity: s(sec::ENTITY)?,
            label_offs: a(sec::LABEL_OFFS)?,
            label_nodes: a(sec::LABEL_NODES)?,
            edge_kind: a(sec::EDGE_KIND)?,
            edge_src: a(sec::EDGE_SRC)?,
            edge_dst: a(sec::EDGE_DST)?,
            edge_docs: a(sec::EDGE_DOCS)?,
            adj: Adjacency::read(c, sec::ADJ, rel_kinds.len())?,
            attr_offs: a(sec::ATTR_OFFS)?,
            attr_key: a(sec::ATTR_KEY)?,
            attr_val: s(sec::ATTR_VAL)?,
            ev_offs: a(sec::EV_OFFS)?,
            ev_doc: a(sec::EV_DOC)?,
            ev_span: c.array(sec::EV_SPAN)?,
            ev_rule: a(sec::EV_RULE)?,
            rules: s(sec::RULES)?,
            ev_sent: a(sec::EV_SENT)?,
            sentences: s(sec::SENTENCES)?,
            doc_id: s(sec::DOC_ID)?,
            doc_name: s(sec::DOC_NAME)?,
            doc_path: s(sec::DOC_PATH)?,
            doc_title: s(sec::DOC_TITLE)?,
            doc_date: s(sec::DOC_DATE)?,
            doc_publisher: s(sec::DOC_PUBLISHER)?,
            pairs: a(sec::PAIRS)?,
            metric_label,
            node_conf: a(sec::NODE_CONF)?,
            edge_conf: a(sec::EDGE_CONF)?,
        })
    }

    /// Check every array: lengths agree, offsets rise, numbers point at
    /// rows that exist, strings are UTF-8 cut on character boundaries.
    fn check(&self) -> Result<(), String> {
        // the strings first: a view reads them unchecked
        for at in STRING_SECTIONS {
            Strings::read(&self.cols, at)?;
        }
        let v = self.try_view()?;
        let n = v.node_id.len();
        let e = v.edge_kind.len();
        let same = |name: &str, len: usize, want: usize| {
            if len == want {
                Ok(())
            } else {
                Err(format!("{name}: {len} rows where {want} are needed"))
            }
        };
        for (name, len) in [
            ("node kinds", v.node_kind.len()),
            ("node labels", v.node_label.len()),
            ("node names", v.node_name.len()),
            ("mentions", v.mentions.len()),
            ("node documents", v.node_docs.len()),
            ("values", v.value.len()),
            ("units", v.unit.len()),
            ("periods", v.period.len()),
            ("metric entities", v.entity.len()),
            ("node confidences", v.node_conf.len()),
        ] {
            same(name, len, n)?;
        }
        for (name, len) in [
            ("edge starts", v.edge_src.len()),
            ("edge ends", v.edge_dst.len()),
            ("edge documents", v.edge_docs.len()),
            ("edge confidences", v.edge_conf.len()),
        ] {
            same(name, len, e)?;
        }
        for (name, ids) in [("node ids", v.node_id), ("document ids", v.doc_id)] {
            if ids.iter().zip(ids.iter().skip(1)).any(|(a, b)| a >= b) {
                return Err(format!("{name} are not sorted"));
            }
        }
        check_below("node kinds", v.node_kind, v.kinds.len(), false)?;
        check_below("node labels", v.node_label, v.kinds.len(), true)?;
        check_offsets("aliases", v.alias_offs, n, v.aliases.len())?;
        check_offsets("tickers", v.ticker_offs, n, v.tickers.len())?;
        check_offsets("labels", v.label_offs, v.kinds.len(), v.label_nodes.len())?;
        check_below("labelled nodes", v.label_nodes, n, false)?;
        check_below("edge kinds", v.edge_kind, v.rel_kinds.len(), false)?;
        check_below("edge starts", v.edge_src, n, false)?;
        check_below("edge ends", v.edge_dst, n, false)?;
        csr::check(&v.adj, v.edge_kind, v.edge_src, v.edge_dst, n)?;
        check_offsets("attributes", v.attr_offs, e, v.attr_key.len())?;
        check_below("attribute keys", v.attr_key, v.attr_keys.len(), false)?;
        same("attribute values", v.attr_val.len(), v.attr_key.len())?;
        let pieces = v.ev_doc.len();
        check_offsets("evidence", v.ev_offs, e, pieces)?;
        same("evidence spans", v.ev_span.len(), 2 * pieces)?;
        same("evidence rules", v.ev_rule.len(), pieces)?;
        same("evidence sentences", v.ev_sent.len(), pieces)?;
        check_below("evidence documents", v.ev_doc, v.doc_id.len(), false)?;
        check_below("evidence rules", v.ev_rule, v.rules.len(), false)?;
        check_below("evidence sentences", v.ev_sent, v.sentences.len(), false)?;
        let docs = v.doc_id.len();
        for (name, len) in [
            ("document names", v.doc_name.len()),
            ("document paths", v.doc_path.len()),
            ("document titles", v.doc_title.len()),
            ("document dates", v.doc_date.len()),
            ("document publishers", v.doc_publisher.len()),
        ] {
            same(name, len, docs)?;
        }
        for (name, c) in [
            ("node confidences", v.node_conf),
            ("edge confidences", v.edge_conf),
        ] {
            if c.iter().any(|&c| c > 1000 && c != NO_CONFIDENCE) {
                return Err(format!("{name}: a confidence above 1"));
            }
        }
        if v.pairs.len() % 3 != 0 {
            return Err("pairs are not triples".into());
        }
        for t in v.pairs.chunks(3) {
            check_below("pair kinds", &t[..1], v.rel_kinds.len(), false)?;
            check_below("pair labels", &t[1..], v.kinds.len(), false)?;
        }
        Ok(())
    }

    /// How many nodes (entities and metrics).
    pub fn node_count(&self) -> usize {
        self.view().node_id.len()
    }

    /// How many edges (relations and `has_metric` links).
    pub fn edge_count(&self) -> usize {
        self.view().edge_kind.len()
    }

    /// How many documents.
    pub fn document_count(&self) -> usize {
        self.view().doc_id.len()
    }

    /// The size of the store in bytes.
    pub fn byte_size(&self) -> usize {
        self.cols.bytes().len()
    }

    /// The id of the entity `name` names, as
    /// [`KnowledgeGraph::find_entity`] finds it: an id, then a canonical
    /// name, then an alias or ticker, case-insensitively; among equals the
    /// smallest id.
    pub fn find_entity(&self, name: &str) -> Option<&str> {
        let v = self.view();
        v.find_entity(name).map(|i| v.node_id.get(i as usize))
    }
}

impl<'a> View<'a> {
    /// Whether node `n` is a metric.
    pub fn is_metric(&self, n: u32) -> bool {
        self.node_label[n as usize] == self.metric_label && self.metric_label != u32::MAX
    }

    /// Ask for node `n`'s label and where its name ends to be fetched
    /// (see `columns::prefetch`): for a batch of nodes before reading them.
    #[inline]
    pub fn prefetch_node(&self, n: u32) {
        let i = n as usize;
        if let Some(l) = self.node_label.get(i) {
            super::columns::prefetch(l);
        }
        self.node_name.prefetch_end(i);
    }

    /// Ask for the first bytes of node `n`'s name to be fetched.
    #[inline]
    pub fn prefetch_name(&self, n: u32) {
        self.node_name.prefetch_text(n as usize);
    }

    /// The label of node `n`, if it has one.
    pub fn label(&self, n: u32) -> Option<&'a str> {
        match self.node_label[n as usize] {
            u32::MAX => None,
            l => Some(self.kinds.get(l as usize)),
        }
    }

    /// The kind of node `n` (`metric` for metrics).
    pub fn kind(&self, n: u32) -> &'a str {
        self.kinds.get(self.node_kind[n as usize] as usize)
    }

    /// The aliases of node `n`.
    pub fn aliases(&self, n: u32) -> impl Iterator<Item = &'a str> + 'a {
        let aliases = self.aliases;
        let r = self.alias_offs[n as usize]..self.alias_offs[n as usize + 1];
        r.map(move |i| aliases.get(i as usize))
    }

    /// The tickers of node `n`.
    pub fn tickers(&self, n: u32) -> impl Iterator<Item = &'a str> + 'a {
        let tickers = self.tickers;
        let r = self.ticker_offs[n as usize]..self.ticker_offs[n as usize + 1];
        r.map(move |i| tickers.get(i as usize))
    }

    /// The nodes labelled `l`, in the order of their ids.
    pub fn labelled(&self, l: u32) -> &'a [u32] {
        let l = l as usize;
        &self.label_nodes[self.label_offs[l] as usize..self.label_offs[l + 1] as usize]
    }

    /// The number of a node label.
    pub fn label_number(&self, label: &str) -> Option<u32> {
        self.kinds.iter().position(|k| k == label).map(|i| i as u32)
    }

    /// The number of a relation kind.
    pub fn rel_kind_number(&self, kind: &str) -> Option<u32> {
        self.rel_kinds
            .iter()
            .position(|k| k == kind)
            .map(|i| i as u32)
    }

    /// The node with id `id`.
    pub fn node_by_id(&self, id: &str) -> Option<u32> {
        self.node_id.find_sorted(id).map(|i| i as u32)
    }

    /// The attributes of edge `e`: (key, value).
    pub fn attrs(&self, e: u32) -> impl Iterator<Item = (&'a str, &'a str)> + 'a {
        let (keys, vals, key_of) = (self.attr_keys, self.attr_val, self.attr_key);
        let r = self.attr_offs[e as usize]..self.attr_offs[e as usize + 1];
        r.map(move |i| (keys.get(key_of[i as usize] as usize), vals.get(i as usize)))
    }

    /// The value of one attribute of edge `e`, the first of `keys` present.
    pub fn attr(&self, e: u32, keys: &[String]) -> Option<&'a str> {
        keys.iter()
            .find_map(|k| self.attrs(e).find(|(key, _)| key == k).map(|(_, v)| v))
    }

    /// How many pieces of evidence edge `e` has.
    pub fn evidence_count(&self, e: u32) -> u32 {
        self.ev_offs[e as usize + 1] - self.ev_offs[e as usize]
    }

    /// The evidence of edge `e`, in order.
    #[allow(dead_code)] // read by the server
    pub fn evidence(&self, e: u32) -> impl Iterator<Item = StoredEvidence<'a>> + 'a {
        let v = *self;
        (v.ev_offs[e as usize]..v.ev_offs[e as usize + 1]).map(move |i| {
            let i = i as usize;
            StoredEvidence {
                doc: v.doc_id.get(v.ev_doc[i] as usize),
                start: v.ev_span[2 * i],
                end: v.ev_span[2 * i + 1],
                sentence: v.sentences.get(v.ev_sent[i] as usize),
                rule: v.rules.get(v.ev_rule[i] as usize),
            }
        })
    }

    /// The entity `name` names (see [`GraphStore::find_entity`]).
    pub fn find_entity(&self, name: &str) -> Option<u32> {
        let name = name.trim();
        if name.is_empty() {
            return None;
        }
        if let Some(n) = self.node_by_id(name) {
            if !self.is_metric(n) {
                return Some(n);
            }
        }
        let mut best: Option<(u8, u32)> = None;
        for n in 0..self.node_id.len() as u32 {
            if self.is_metric(n) {
                continue;
            }
            let rank = if self.node_id.get(n as usize).eq_ignore_ascii_case(name) {
                0
            } else if eq_fold(self.node_name.get(n as usize), name) {
                1
            } else if self.aliases(n).any(|a| eq_fold(a, name))
                || self.tickers(n).any(|t| eq_fold(t, name))
            {
                2
            } else {
                continue;
            };
            // nodes are in the order of their ids: the first of a rank wins
            if best.is_none_or(|(r, _)| rank < r) {
                best = Some((rank, n));
            }
        }
        best.map(|(_, n)| n)
    }

    /// The edges of kind `k` leaving node `n` (a range of edge numbers).
    pub fn out_edges(&self, k: u32, n: u32) -> Range<u32> {
        self.adj.out(k, n)
    }

    /// The edges of kind `k` entering node `n`.
    #[allow(dead_code)] // read by the server
    pub fn in_edges(&self, k: u32, n: u32) -> &'a [u32] {
        self.adj.inc_with_sources(k, n).0
    }
}

/// A graph's nodes in the order of their ids, which numbers them in the
/// store; the records of a snapshot follow the same order.
pub(crate) struct NodeOrder {
    /// The nodes, in the order of their ids.
    pub(crate) nodes: Vec<NodeIndex>,
    /// Each node's place in `nodes`, by node index (`u32::MAX` for a free
    /// index).
    pub(crate) number: Vec<u32>,
}

impl NodeOrder {
    pub(crate) fn of(g: &KnowledgeGraph) -> NodeOrder {
        let pg = g.petgraph();
        // ids are unique, so an unstable sort orders them the same; sorted
        // beside their ids so no comparison looks a node up
        let mut by_id: Vec<(&str, NodeIndex)> =
            pg.node_indices().map(|n| (pg[n].id(), n)).collect();
        by_id.sort_unstable();
        let nodes: Vec<NodeIndex> = by_id.into_iter().map(|(_, n)| n).collect();
        let mut number = vec![u32::MAX; pg.node_bound()];
        for (i, n) in nodes.iter().enumerate() {
            number[n.index()] = i as u32;
        }
        NodeOrder { nodes, number }
    }
}

/// Put the columns of a graph together, its nodes numbered by `order`
/// ([`NodeOrder::of`] the graph).
pub(crate) fn builder(g: &KnowledgeGraph, order: &NodeOrder) -> ColumnsBuilder {
    let pg = g.petgraph();
    let NodeOrder { nodes, number } = order;
    // kinds (labels), sorted, `metric` among them
    let mut kind_set: BTreeSet<&str> = BTreeSet::new();
    for &n in nodes {
        kind_set.insert(match &pg[n] {
            Node::Entity(e) => e.kind.as_str(),
            Node::Metric(_) => METRIC,
        });
    }
    let kinds: Vec<&str> = kind_set.into_iter().collect();
    let kind_no: HashMap<&str, u32> = kinds
        .iter()
        .enumerate()
        .map(|(i, k)| (*k, i as u32))
        .collect();
    let mut rel_set: BTreeSet<&str> = BTreeSet::new();
    let mut key_set: BTreeSet<&str> = BTreeSet::new();
    for e in pg.edge_weights() {
        rel_set.insert(&e.relation);
        key_set.extend(e.attrs.keys().map(String::as_str));
    }
    let rel_kinds: Vec<&str> = rel_set.into_iter().collect();
    let rel_no: HashMap<&str, u32> = rel_kinds
        .iter()
        .enumerate()
        .map(|(i, k)| (*k, i as u32))
        .collect();
    let attr_keys: Vec<&str> = key_set.into_iter().collect();
    let key_no: HashMap<&str, u32> = attr_keys
        .iter()
        .enumerate()
        .map(|(i, k)| (*k, i as u32))
        .collect();

    let mut b = ColumnsBuilder::default();
    let strings = |b: &mut ColumnsBuilder, items: &mut dyn Iterator<Item = &str>| {
        let mut s = StringsBuilder::default();
        for x in items {
            s.push(x);
        }
        s.write(b)
    };
    let at = strings(&mut b, &mut kinds.iter().copied());
    debug_assert_eq!(at, sec::KINDS);
    strings(&mut b, &mut rel_kinds.iter().copied());
    strings(&mut b, &mut attr_keys.iter().copied());
    strings(&mut b, &mut nodes.iter().map(|n| pg[*n].id()));
    let node_kind: Vec<u32> = nodes
        .iter()
        .map(|n| match &pg[*n] {
            Node::Entity(e) => kind_no[e.kind.as_str()],
            Node::Metric(_) => kind_no[METRIC],
        })
        .collect();
    let at = b.push(node_kind);
    debug_assert_eq!(at, sec::NODE_KIND);
    let node_label: Vec<u32> = nodes
        .iter()
        .map(|n| match &pg[*n] {
            Node::Entity(e) if e.kind == METRIC => u32::MAX,
            Node::Entity(e) => kind_no[e.kind.as_str()],
            Node::Metric(_) => kind_no[METRIC],
        })
        .collect();
    b.push(node_label.clone());
    strings(
        &mut b,
        &mut nodes.iter().map(|n| match &pg[*n] {
            Node::Entity(e) => e.name.as_str(),
            Node::Metric(m) => m.label.as_str(),
        }),
    );
    let lists = |b: &mut ColumnsBuilder, of: &dyn Fn(&Node) -> Vec<&str>| {
        let mut offs = vec![0u32];
        let mut s = StringsBuilder::default();
        for n in nodes {
            for x in of(&pg[*n]) {
                s.push(x);
            }
            offs.push(s.len() as u32);
        }
        b.push(offs);
        s.write(b);
    };
    lists(&mut b, &|n| match n {
        Node::Entity(e) => e.aliases.iter().map(String::as_str).collect(),
        Node::Metric(_) => Vec::new(),
    });
    lists(&mut b, &|n| match n {
        Node::Entity(e) => e.tickers.iter().map(String::as_str).collect(),
        Node::Metric(_) => Vec::new(),
    });
    let mentions: Vec<u64> = nodes
        .iter()
        .map(|n| match &pg[*n] {
            Node::Entity(e) => e.mention_count() as u64,
            Node::Metric(_) => 0,
        })
        .collect();
    let at = b.push(mentions);
    debug_assert_eq!(at, sec::MENTIONS);
    let docs: Vec<u32> = nodes
        .iter()
        .map(|n| match &pg[*n] {
            Node::Entity(e) => e.mentions.len() as u32,
            Node::Metric(m) => m.documents.len() as u32,
        })
        .collect();
    b.push(docs);
    let values: Vec<f64> = nodes
        .iter()
        .map(|n| match &pg[*n] {
            Node::Entity(_) => f64::NAN,
            Node::Metric(m) => m.value,
        })
        .collect();
    b.push(values);
    let metric = |f: fn(&super::MetricNode) -> &str| {
        move |n: &NodeIndex| match &pg[*n] {
            Node::Entity(_) => "",
            Node::Metric(m) => f(m),
        }
    };
    strings(&mut b, &mut nodes.iter().map(metric(|m| m.unit.as_str())));
    strings(
        &mut b,
        &mut nodes
            .iter()
            .map(metric(|m| m.period.as_deref().unwrap_or(""))),
    );
    let at = strings(&mut b, &mut nodes.iter().map(metric(|m| m.entity.as_str())));
    debug_assert_eq!(at, sec::ENTITY);
    // nodes by label
    let mut label_offs = vec![0u32; kinds.len() + 1];
    for &l in &node_label {
        if l != u32::MAX {
            label_offs[l as usize + 1] += 1;
        }
    }
    for i in 0..kinds.len() {
        label_offs[i + 1] += label_offs[i];
    }
    let mut fill = label_offs.clone();
    let mut label_nodes = vec![0u32; label_offs[kinds.len()] as usize];
    for (i, &l) in node_label.iter().enumerate() {
        if l != u32::MAX {
            label_nodes[fill[l as usize] as usize] = i as u32;
            fill[l as usize] += 1;
        }
    }
    b.push(label_offs);
    b.push(label_nodes);

    // edges in the order (kind, start, end)
    let mut edges: Vec<(u32, u32, u32, petgraph::stable_graph::EdgeIndex)> = pg
        .edge_references()
        .map(|e| {
            (
                rel_no[e.weight().relation.as_str()],
                number[e.source().index()],
                number[e.target().index()],
                e.id(),
            )
        })
        .collect();
    edges.sort_unstable();
    let at = b.push(edges.iter().map(|e| e.0).collect::<Vec<u32>>());
    debug_assert_eq!(at, sec::EDGE_KIND);
    b.push(edges.iter().map(|e| e.1).collect::<Vec<u32>>());
    b.push(edges.iter().map(|e| e.2).collect::<Vec<u32>>());
    // documents: the registry (in the order of its ids) and any id only
    // evidence names (a JSON graph edited by hand), numbered after the
    // registry as the evidence meets them, then all in the order of their
    // ids once the evidence is read
    let mut listed: Vec<(&str, Option<&crate::model::Document>)> =
        g.documents().map(|d| (d.id.as_str(), Some(d))).collect();
    let registered = listed.len();
    let mut doc_no: HashMap<&str, u32> = listed
        .iter()
        .enumerate()
        .map(|(i, d)| (d.0, i as u32))
        .collect();
    // evidence: rules and sentences stored once each
    // room for every piece of evidence: no array or map grows (copying,
    // rehashing sentences) on the way
    let evidence_count: usize = edges.iter().map(|e| pg[e.3].evidence.len()).sum();
    let mut ev_offs = Vec::with_capacity(edges.len() + 1);
    ev_offs.push(0u32);
    let mut ev_doc = Vec::with_capacity(evidence_count);
    let mut ev_span = Vec::with_capacity(2 * evidence_count);
    let mut ev_rule = Vec::with_capacity(evidence_count);
    let mut ev_sent = Vec::with_capacity(evidence_count);
    let mut rules = StringsBuilder::default();
    let mut rule_no: HashMap<&str, u32> = HashMap::new();
    let mut sentences = StringsBuilder::default();
    let mut sentence_no: HashMap<&str, u32> = HashMap::with_capacity(evidence_count);
    // each edge's confidence, by edge index, combined while its sentences
    // are at hand (a metric's is its `has_metric` edge's, see below)
    let mut confidence = vec![None; pg.edge_bound()];
    // an edge's documents: its runs of evidence from one document
    let mut edge_docs = Vec::with_capacity(edges.len());
    for e in &edges {
        let mut runs = 0u32;
        for run in pg[e.3].document_runs() {
            runs += 1;
            let doc = *doc_no.entry(&run[0].doc).or_insert_with(|| {
                listed.push((&run[0].doc, None));
                (listed.len() - 1) as u32
            });
            for ev in run {
                ev_doc.push(doc);
                ev_span.push(ev.start as u64);
                ev_span.push(ev.end as u64);
                ev_rule.push(
                    *rule_no
                        .entry(&ev.rule)
                        .or_insert_with(|| rules.push(&ev.rule)),
                );
                ev_sent.push(
                    *sentence_no
                        .entry(&ev.sentence)
                        .or_insert_with(|| sentences.push(&ev.sentence)),
                );
            }
        }
        ev_offs.push(ev_doc.len() as u32);
        edge_docs.push(runs);
        confidence[e.3.index()] = pg[e.3].confidence();
    }
    if listed.len() > registered {
        let mut by_id: Vec<u32> = (0..listed.len() as u32).collect();
        by_id.sort_by_key(|&i| listed[i as usize].0);
        let mut renumber = vec![0u32; listed.len()];
        for (new, &old) in by_id.iter().enumerate() {
            renumber[old as usize] = new as u32;
        }
        for d in &mut ev_doc {
            *d = renumber[*d as usize];
        }
        listed = by_id.iter().map(|&i| listed[i as usize]).collect();
    }
    b.push(edge_docs);
    let at = csr::write(
        &mut b,
        &edges.iter().map(|e| (e.0, e.1, e.2)).collect::<Vec<_>>(),
        rel_kinds.len(),
        nodes.len(),
    );
    debug_assert_eq!(at, sec::ADJ);
    // attributes
    let mut attr_offs = vec![0u32];
    let mut attr_key = Vec::new();
    let mut attr_val = StringsBuilder::default();
    for e in &edges {
        for (k, v) in &pg[e.3].attrs {
            attr_key.push(key_no[k.as_str()]);
            attr_val.push(v);
        }
        attr_offs.push(attr_key.len() as u32);
    }
    let at = b.push(attr_offs);
    debug_assert_eq!(at, sec::ATTR_OFFS);
    b.push(attr_key);
    attr_val.write(&mut b);
    let at = b.push(ev_offs);
    debug_assert_eq!(at, sec::EV_OFFS);
    b.push(ev_doc);
    b.push(ev_span);
    b.push(ev_rule);
    rules.write(&mut b);
    let at = b.push(ev_sent);
    debug_assert_eq!(at, sec::EV_SENT);
    sentences.write(&mut b);
    let field = |f: fn(&crate::model::Document) -> &str| {
        listed
            .iter()
            .map(move |d| d.1.map_or("", f))
            .collect::<Vec<&str>>()
    };
    let at = strings(&mut b, &mut listed.iter().map(|d| d.0));
    debug_assert_eq!(at, sec::DOC_ID);
    strings(&mut b, &mut field(|d| &d.name).into_iter());
    strings(&mut b, &mut field(|d| &d.path).into_iter());
    strings(&mut b, &mut field(|d| &d.title).into_iter());
    strings(
        &mut b,
        &mut field(|d| d.date.as_deref().unwrap_or("")).into_iter(),
    );
    strings(
        &mut b,
        &mut field(|d| d.publisher.as_deref().unwrap_or("")).into_iter(),
    );
    // (kind, start label, end label) pairs
    let mut pairs: BTreeSet<(u32, u32, u32)> = BTreeSet::new();
    for e in &edges {
        let (s, t) = (node_label[e.1 as usize], node_label[e.2 as usize]);
        if s != u32::MAX && t != u32::MAX {
            pairs.insert((e.0, s, t));
        }
    }
    let flat: Vec<u32> = pairs.into_iter().flat_map(|(a, b, c)| [a, b, c]).collect();
    let at = b.push(flat);
    debug_assert_eq!(at, sec::PAIRS);
    // confidences: a metric's is its `has_metric` edge's
    let node_conf: Vec<u32> = nodes
        .iter()
        .map(|&n| match &pg[n] {
            Node::Entity(e) => stored(e.confidence()),
            Node::Metric(_) => stored(
                pg.edges_directed(n, petgraph::Direction::Incoming)
                    .find_map(|e| confidence[e.id().index()]),
            ),
        })
        .collect();
    let at = b.push(node_conf);
    debug_assert_eq!(at, sec::NODE_CONF);
    let edge_conf: Vec<u32> = edges
        .iter()
        .map(|e| stored(confidence[e.3.index()]))
        .collect();
    let at = b.push(edge_conf);
    debug_assert_eq!(at, sec::EDGE_CONF);
    b
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::graph::tests::sample;

    #[test]
    fn a_store_holds_the_graph() {
        let g = sample();
        let s = GraphStore::build(&g);
        s.check().unwrap();
        let v = s.view();
        assert_eq!(s.node_count(), g.petgraph().node_count());
        assert_eq!(s.edge_count(), g.petgraph().edge_count());
        // node numbers follow the ids
        let ids: Vec<&str> = v.node_id.iter().collect();
        let mut sorted = ids.clone();
        sorted.sort();
        assert_eq!(ids, sorted);
        let alibaba = v.node_by_id("company:alibaba").unwrap();
        assert_eq!(v.node_name.get(alibaba as usize), "Alibaba");
        assert_eq!(v.kind(alibaba), "company");
        assert_eq!(v.label(alibaba), Some("company"));
        // every relation is found from both ends
        let fc = v.rel_kind_number("forecasts").unwrap();
        let citic = v.find_entity("citic securities").unwrap();
        let out: Vec<u32> = v
            .out_edges(fc, citic)
            .map(|e| v.edge_dst[e as usize])
            .collect();
        assert!(out.contains(&alibaba));
        let inc: Vec<u32> = v
            .in_edges(fc, alibaba)
            .iter()
            .map(|&e| v.edge_src[e as usize])
            .collect();
        assert_eq!(inc, [citic]);
        let e = v
            .out_edges(fc, citic)
            .find(|&e| v.edge_dst[e as usize] == alibaba)
            .unwrap();
        let edge = g
            .explain("CITIC Securities", "forecasts", "Alibaba")
            .unwrap()
            .edge;
        let ev: Vec<StoredEvidence<'_>> = v.evidence(e).collect();
        assert_eq!(ev.len(), edge.evidence.len());
        for (a, b) in ev.iter().zip(&edge.evidence) {
            assert_eq!(
                (a.doc, a.sentence, a.rule),
                (b.doc.as_str(), b.sentence.as_str(), b.rule.as_str())
            );
            assert_eq!((a.start, a.end), (b.start as u64, b.end as u64));
        }
        assert_eq!(s.find_entity("9988.hk"), Some("company:alibaba"));
        assert_eq!(s.find_entity("nobody"), None);
    }

    /// Evidence may name a document the registry lacks (a JSON graph
    /// edited by hand): it is listed among the documents in the order of
    /// the ids, and the other documents' numbers make room for it.
    #[test]
    fn a_document_only_evidence_names_is_listed_in_order() {
        let mut g = sample();
        let (dropped, _) = g.documents.pop_first().unwrap();
        let s = GraphStore::build(&g);
        s.check().unwrap();
        let v = s.view();
        let ids: Vec<&str> = v.doc_id.iter().collect();
        assert_eq!(ids.len(), g.documents.len() + 1);
        assert!(
            ids.is_sorted() && ids.contains(&dropped.as_str()),
            "{ids:?}"
        );
        let mut stored: Vec<(&str, &str, &str)> = (0..s.edge_count() as u32)
            .flat_map(|e| v.evidence(e).map(|x| (x.doc, x.sentence, x.rule)))
            .collect();
        let mut held: Vec<(&str, &str, &str)> = g
            .petgraph()
            .edge_weights()
            .flat_map(|e| &e.evidence)
            .map(|x| (x.doc.as_str(), x.sentence.as_str(), x.rule.as_str()))
            .collect();
        stored.sort_unstable();
        held.sort_unstable();
        assert_eq!(stored, held);
    }

    #[test]
    fn a_damaged_buffer_is_an_error_not_a_panic() {
        let words = GraphStore::build_words(&sample());
        // flip one word at a time in the arrays: opening fails or gives a
        // store that still answers without panicking
        for i in (2..words.len()).step_by(7) {
            let mut w = words.clone();
            w[i] ^= 0x0000_0101_0000_0101;
            let Ok(cols) = Columns::from_words(w) else {
                continue;
            };
            if let Ok(s) = GraphStore::from_columns(cols) {
                let v = s.view();
                for n in 0..s.node_count() as u32 {
                    let _ = (v.label(n), v.kind(n), v.aliases(n).count());
                    for k in 0..v.rel_kinds.len() as u32 {
                        for e in v.out_edges(k, n) {
                            let _ = (v.attrs(e).count(), v.evidence(e).count());
                        }
                        let _ = v.in_edges(k, n);
                    }
                }
            }
        }
    }
}
