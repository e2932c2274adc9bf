//! The counts a counted last step of a pattern remembers per node while a
//! query runs (the plan holds one per step, the executor fills it).

/// The counts a counted last step remembers per node (see
/// `Exec::count_edges`): after [`MEMO_AFTER`] nodes, one count (plus
/// one; 0 for not yet counted) per node of the store.
#[derive(Debug, Default)]
pub(crate) struct CountMemo {
    calls: u32,
    counts: Vec<u32>,
}

/// How many nodes a counted step counts at before it remembers counts (a
/// question about one entity counts at a few and needs no table).
const MEMO_AFTER: u32 = 256;

impl CountMemo {
    /// The count remembered for node `cur`, if any.
    pub(crate) fn get(&self, cur: u32) -> Option<u64> {
        match self.counts.get(cur as usize) {
            Some(&c) if c != 0 => Some(u64::from(c - 1)),
            _ => None,
        }
    }

    /// Notes that node `cur` counted `n`: once [`MEMO_AFTER`] nodes have
    /// counted, a table of `nodes` entries is made and counts are kept.
    pub(crate) fn remember(&mut self, cur: u32, n: u64, nodes: usize) {
        self.calls = self.calls.saturating_add(1);
        if self.calls == MEMO_AFTER {
            self.counts = vec![0; nodes];
        }
        if let (Some(slot), Ok(c)) = (self.counts.get_mut(cur as usize), u32::try_from(n + 1)) {
            *slot = c;
        }
    }
}
