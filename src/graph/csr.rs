//! Adjacency in compressed sparse rows, one per relation kind and direction:
//! the edges of kind `k` leaving node `v` are one range of edge numbers
//! (edges are numbered in the order kind, start, end), and those entering
//! `v` one range of a second array of edge numbers (with the start node of
//! each beside it, so a walk reads the neighbour without a jump).
//!
//! Four sections: `out` offsets (`kinds × (nodes + 1)` edge numbers), `in`
//! offsets (as many, places in the next two arrays), the edge numbers in
//! the order (kind, end, start), and their start nodes.

use super::columns::{Columns, ColumnsBuilder};
use std::ops::Range;

/// The adjacency arrays of a store.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Adjacency<'a> {
    nodes: usize,
    out_offs: &'a [u32],
    in_offs: &'a [u32],
    in_edges: &'a [u32],
    in_nbr: &'a [u32],
}

impl<'a> Adjacency<'a> {
    /// The four sections from `at`, for `kinds` relation kinds.
    pub(crate) fn read(c: &'a Columns, at: usize, kinds: usize) -> Result<Adjacency<'a>, String> {
        let out_offs: &[u32] = c.array(at)?;
        let nodes = match kinds {
            0 => 0,
            k if out_offs.len() % k == 0 && !out_offs.is_empty() => out_offs.len() / k - 1,
            _ => return Err("adjacency offsets do not fit the relation kinds".into()),
        };
        Ok(Adjacency {
            nodes,
            out_offs,
            in_offs: c.array(at + 1)?,
            in_edges: c.array(at + 2)?,
            in_nbr: c.array(at + 3)?,
        })
    }

    /// The edges of kind `k` leaving node `n`.
    #[inline]
    pub(crate) fn out(&self, k: u32, n: u32) -> Range<u32> {
        let i = k as usize * (self.nodes + 1) + n as usize;
        self.out_offs[i]..self.out_offs[i + 1]
    }

    /// The edges of kind `k` entering node `n`, with the node each comes from.
    #[inline]
    pub(crate) fn inc_with_sources(&self, k: u32, n: u32) -> (&'a [u32], &'a [u32]) {
        let r = self.in_range(k, n);
        (&self.in_edges[r.clone()], &self.in_nbr[r])
    }

    #[inline]
    fn in_range(&self, k: u32, n: u32) -> Range<usize> {
        let i = k as usize * (self.nodes + 1) + n as usize;
        self.in_offs[i] as usize..self.in_offs[i + 1] as usize
    }
}

/// Write the four sections for `edges` (kind, start, end), sorted; returns
/// the first section's number.
pub(crate) fn write(
    b: &mut ColumnsBuilder,
    edges: &[(u32, u32, u32)],
    kinds: usize,
    nodes: usize,
) -> usize {
    let row = nodes + 1;
    let mut out_offs = vec![0u32; kinds * row];
    let mut in_count = vec![0u32; kinds * row];
    for &(k, s, t) in edges {
        out_offs[k as usize * row + s as usize + 1] += 1;
        in_count[k as usize * row + t as usize + 1] += 1;
    }
    // prefix sums over all kinds: kind k's first row starts where k-1 ended
    let mut acc = 0;
    let mut acc_in = 0;
    for k in 0..kinds {
        out_offs[k * row] = acc;
        in_count[k * row] = acc_in;
        for v in 1..row {
            acc += out_offs[k * row + v];
            out_offs[k * row + v] = acc;
            acc_in += in_count[k * row + v];
            in_count[k * row + v] = acc_in;
        }
    }
    let in_offs = in_count;
    let mut fill: Vec<u32> = in_offs.clone();
    let mut in_edges = vec![0u32; edges.len()];
    let mut in_nbr = vec![0u32; edges.len()];
    // edges are sorted by start within a kind, so each node's incoming
    // edges come out sorted by start too
    for (e, &(k, s, t)) in edges.iter().enumerate() {
        let slot = &mut fill[k as usize * row + t as usize];
        in_edges[*slot as usize] = e as u32;
        in_nbr[*slot as usize] = s;
        *slot += 1;
    }
    let at = b.push(out_offs);
    b.push(in_offs);
    b.push(in_edges);
    b.push(in_nbr);
    at
}

/// Check the arrays against the edges: every range lies inside the arrays
/// and holds edges of its kind and node.
///
/// One pass over each array, no jumps (a snapshot is checked each time a
/// query maps it): the offsets rise from 0 to the number of edges, so the
/// ranges of different (kind, node) pairs do not overlap and together hold
/// every place; each edge must lie in the outgoing range of its own kind
/// and start; and the incoming arrays must hold the same (edge, kind, end,
/// start) quadruples as the edges, compared as a sum of hashes of each
/// (so a damaged array is found but for a chance of one in 2^64).
pub(crate) fn check(
    a: &Adjacency<'_>,
    kinds_of: &[u32],
    starts: &[u32],
    ends: &[u32],
    nodes: usize,
) -> Result<(), String> {
    let edges = kinds_of.len();
    let row = a.nodes + 1;
    let kinds = a.out_offs.len() / row;
    if kinds > 0 && a.nodes != nodes {
        return Err(format!(
            "adjacency for {} nodes where there are {nodes}",
            a.nodes
        ));
    }
    if a.in_offs.len() != a.out_offs.len() || a.in_edges.len() != edges || a.in_nbr.len() != edges {
        return Err("adjacency arrays of different lengths".into());
    }
    if starts.len() != edges || ends.len() != edges {
        return Err("edge arrays of different lengths".into());
    }
    for offs in [a.out_offs, a.in_offs] {
        let ends_right = match (offs.first(), offs.last()) {
            (Some(&first), Some(&last)) => first == 0 && last as usize == edges,
            _ => edges == 0,
        };
        if !ends_right || offs.windows(2).any(|w| w[0] > w[1]) {
            return Err("adjacency offsets out of order".into());
        }
    }
    let misplaced = |e: usize| Err(format!("edge {e} is out of place in the adjacency"));
    let mut want = 0u64;
    for e in 0..edges {
        let (k, v) = (kinds_of[e] as usize, starts[e] as usize);
        if k >= kinds || v >= a.nodes {
            return misplaced(e);
        }
        let i = k * row + v;
        if !(a.out_offs[i] as usize <= e && e < a.out_offs[i + 1] as usize) {
            return misplaced(e);
        }
        want = want.wrapping_add(quad_hash(e as u32, kinds_of[e], ends[e], starts[e]));
    }
    // the places of the incoming arrays in order, with the (kind, end) of
    // the range each lies in
    let mut have = 0u64;
    let mut i = 0;
    for (place, (&e, &s)) in a.in_edges.iter().zip(a.in_nbr).enumerate() {
        while a.in_offs[i + 1] as usize <= place {
            i += 1;
        }
        let (k, t) = (i / row, i % row);
        if e as usize >= edges || s as usize >= a.nodes || t >= a.nodes {
            return misplaced(place);
        }
        have = have.wrapping_add(quad_hash(e, k as u32, t as u32, s));
    }
    if have != want {
        return Err("the incoming adjacency does not hold the edges".into());
    }
    Ok(())
}

/// A hash of one edge as the incoming arrays place it.
#[inline]
fn quad_hash(e: u32, kind: u32, end: u32, start: u32) -> u64 {
    let a = u64::from(e) | u64::from(start) << 32;
    let b = u64::from(kind) | u64::from(end) << 32;
    let mut h = (a ^ b.rotate_left(29).wrapping_mul(0x9e37_79b9_7f4a_7c15))
        .wrapping_mul(0xbf58_476d_1ce4_e5b9);
    h ^= h >> 31;
    h = h.wrapping_mul(0x94d0_49bb_1331_11eb);
    h ^ (h >> 29)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rows_hold_each_nodes_edges_of_each_kind() {
        // kind 0: 0→1, 0→2, 2→1; kind 1: 1→0
        let edges = [(0, 0, 1), (0, 0, 2), (0, 2, 1), (1, 1, 0)];
        let mut b = ColumnsBuilder::default();
        let at = write(&mut b, &edges, 2, 3);
        let c = b.finish();
        let a = Adjacency::read(&c, at, 2).unwrap();
        assert_eq!(a.out(0, 0), 0..2);
        assert_eq!(a.out(0, 1), 2..2);
        assert_eq!(a.out(0, 2), 2..3);
        assert_eq!(a.out(1, 1), 3..4);
        assert_eq!(a.inc_with_sources(0, 1).0, [0, 2]);
        assert_eq!(a.inc_with_sources(0, 1).1, [0, 2]);
        assert_eq!(a.inc_with_sources(1, 0).0, [3]);
        assert!(a.inc_with_sources(1, 1).0.is_empty());
        let (k, s, t): (Vec<u32>, Vec<u32>, Vec<u32>) = (
            edges.iter().map(|e| e.0).collect(),
            edges.iter().map(|e| e.1).collect(),
            edges.iter().map(|e| e.2).collect(),
        );
        check(&a, &k, &s, &t, 3).unwrap();
        let mut wrong = t.clone();
        wrong[0] = 2;
        assert!(check(&a, &k, &s, &wrong, 3).is_err());
        // damaged incoming arrays: a wrong start, two edges swapped, an
        // edge in the range of another end, a place past the edges
        let fails = |bad: Adjacency<'_>| check(&bad, &k, &s, &t, 3).is_err();
        let mut nbr = a.in_nbr.to_vec();
        nbr[0] = 1;
        assert!(fails(Adjacency { in_nbr: &nbr, ..a }));
        let mut swapped = a.in_edges.to_vec();
        swapped.swap(0, 1);
        assert!(fails(Adjacency {
            in_edges: &swapped,
            ..a
        }));
        let mut offs = a.in_offs.to_vec();
        assert_eq!(offs[2], 2);
        offs[2] = 1;
        assert!(fails(Adjacency {
            in_offs: &offs,
            ..a
        }));
        let mut past = a.in_edges.to_vec();
        past[3] = 4;
        assert!(fails(Adjacency {
            in_edges: &past,
            ..a
        }));
    }
}
