//! The query store inside a binary snapshot, so that reading a graph for a
//! query maps arrays from the file instead of rebuilding anything.
//!
//! A snapshot of format 5 is: `FINKGBIN`, the format (`5`, four
//! little-endian bytes), four zero bytes, the length of the store in bytes
//! (eight little-endian bytes), the store's column buffer (see
//! `columns.rs`; its length a multiple of eight, so every array of the
//! mapped file is aligned), then the records of format 5 (postcard), which
//! a full load reads and the store does not need. The whole file is written
//! by the atomic save of `persist.rs`: a reader sees the old file or the new
//! one, never a store of one and records of the other.

use super::columns::{Columns, ColumnsBuilder};
use super::store::NodeOrder;
use super::{GraphError, GraphStore, KnowledgeGraph};
use std::io::Write;
use std::path::Path;

/// The first bytes of a binary snapshot.
pub const BINARY_MAGIC: &[u8; 8] = b"FINKGBIN";

/// Whether `path` names a binary snapshot (`.bin`) rather than RON.
pub fn is_binary(path: &Path) -> bool {
    path.extension()
        .is_some_and(|x| x.eq_ignore_ascii_case("bin"))
}

/// The snapshot format that carries a store (and the records of the same
/// version: 4 added analyst actions, 5 confidences, see `persist.rs`).
pub(crate) const FORMAT_WITH_STORE: u32 = 5;

/// Bytes before the store: magic, format, padding, store length.
const PREFIX: usize = 8 + 4 + 4 + 8;

/// Write the part of a format-3 snapshot after its magic and format: the
/// padding, the store's length and the store of `g`, its nodes numbered by
/// `order`.
pub(crate) fn write_store(
    g: &KnowledgeGraph,
    order: &NodeOrder,
    w: &mut impl Write,
) -> std::io::Result<()> {
    let b: ColumnsBuilder = super::store::builder(g, order);
    w.write_all(&[0u8; 4])?;
    w.write_all(&(b.byte_len() as u64).to_le_bytes())?;
    b.write_to(w)
}

/// The records after the store of a format-3 snapshot (`body` starts after
/// the magic and the format).
pub(crate) fn skip_store(body: &[u8]) -> Result<&[u8], String> {
    let len = body
        .get(4..12)
        .map(|b| u64::from_le_bytes(b.try_into().expect("eight bytes")))
        .ok_or("truncated binary snapshot")?;
    usize::try_from(len)
        .ok()
        .and_then(|len| len.checked_add(12))
        .and_then(|end| body.get(end..))
        .ok_or_else(|| "truncated binary snapshot: the store is cut short".to_string())
}

impl GraphStore {
    /// Map the store of a binary snapshot (format 5) from `path`. `None`
    /// when the file is not one (RON, JSON, or a snapshot of an older
    /// format): then load the graph and [`GraphStore::build`] it. A damaged
    /// store is an error naming the file.
    pub fn open(path: &Path) -> Result<Option<GraphStore>, GraphError> {
        let io = |source: std::io::Error| GraphError::Read {
            path: path.to_path_buf(),
            source,
        };
        let invalid = |message: String| GraphError::Invalid {
            path: path.to_path_buf(),
            message: format!("damaged binary snapshot: {message}"),
        };
        if !is_binary(path) || cfg!(target_endian = "big") {
            return Ok(None);
        }
        let file = std::fs::File::open(path).map_err(io)?;
        // SAFETY: finkg never writes a graph file in place (every save
        // writes a new file and renames it over the old one), so the mapped
        // bytes do not change while they are read. Another program
        // truncating the file meanwhile is outside what a reader can guard.
        let map = unsafe { memmap2::Mmap::map(&file) }.map_err(io)?;
        let Some(head) = map.get(..PREFIX) else {
            return Ok(None);
        };
        if &head[..8] != BINARY_MAGIC
            || u32::from_le_bytes(head[8..12].try_into().expect("four bytes")) != FORMAT_WITH_STORE
        {
            return Ok(None);
        }
        let len = u64::from_le_bytes(head[16..24].try_into().expect("eight bytes"));
        let end = usize::try_from(len)
            .ok()
            .and_then(|l| PREFIX.checked_add(l))
            .filter(|&end| end <= map.len())
            .ok_or_else(|| invalid("the store is cut short".into()))?;
        let cols = Columns::mapped(map, PREFIX..end).map_err(invalid)?;
        GraphStore::from_columns(cols).map(Some).map_err(invalid)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::graph::tests::sample;

    #[test]
    fn a_saved_snapshot_maps_its_store_and_still_loads_whole() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("g.bin");
        let g = sample();
        g.save(&path).unwrap();
        let s = GraphStore::open(&path).unwrap().expect("a store");
        assert_eq!(s.bytes(), GraphStore::build(&g).bytes());
        let back = KnowledgeGraph::load(&path).unwrap();
        assert_eq!(back.to_ron().unwrap(), g.to_ron().unwrap());
        // RON files have no store
        let ron = dir.path().join("g.ron");
        g.save(&ron).unwrap();
        assert!(GraphStore::open(&ron).unwrap().is_none());
    }

    /// fuzz/ graph: a store length near 2^64 overflowed `12 + len` (a panic
    /// with overflow checks, a wrong slice without).
    #[test]
    fn a_store_length_past_the_end_is_an_error() {
        let input =
            include_bytes!("../../tests/fixtures/fuzz/graph-snapshot-store-length-overflow.bin");
        let err = KnowledgeGraph::from_binary(&input[1..], Path::new("g.bin"))
            .unwrap_err()
            .to_string();
        assert!(err.contains("g.bin") && err.contains("cut short"), "{err}");
        let mut body = vec![0u8; 12];
        body[4..12].copy_from_slice(&u64::MAX.to_le_bytes());
        assert!(skip_store(&body).is_err());
    }

    /// `fuzz/ store` starts from `fuzz/corpus/store`: when no input there is
    /// a store of the current format, the target reads nothing past the
    /// header (its seeds were format 3 after the format moved on).
    #[test]
    fn the_store_fuzz_corpus_holds_a_store_of_the_current_format() {
        let corpus = Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz/corpus/store");
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("s.bin");
        let mut stores = 0;
        for entry in std::fs::read_dir(&corpus).unwrap() {
            std::fs::write(&path, std::fs::read(entry.unwrap().path()).unwrap()).unwrap();
            if let Ok(Some(s)) = GraphStore::open(&path) {
                stores += usize::from(s.node_count() > 0);
            }
        }
        assert!(
            stores > 0,
            "no input of {} opens as a store of format {FORMAT_WITH_STORE}: save a small graph \
             as a snapshot (finkg ingest a.txt --graph g.bin) and copy it there",
            corpus.display()
        );
    }

    #[test]
    fn a_damaged_store_is_an_error_naming_the_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("g.bin");
        sample().save(&path).unwrap();
        let bytes = std::fs::read(&path).unwrap();
        // cut inside the store
        std::fs::write(&path, &bytes[..PREFIX + 40]).unwrap();
        let e = GraphStore::open(&path).unwrap_err().to_string();
        assert!(e.contains("g.bin") && e.contains("damaged"), "{e}");
        // a wrong section table
        let mut b = bytes.clone();
        b[PREFIX + 23] = 0xff; // the top byte of the first section's offset
        std::fs::write(&path, &b).unwrap();
        assert!(GraphStore::open(&path).is_err());
        // a damaged store does not stop the full load (it skips the store)
        let mut b = bytes.clone();
        let mid = PREFIX + 200;
        b[mid] ^= 0x5a;
        std::fs::write(&path, &b).unwrap();
        assert!(KnowledgeGraph::load(&path).is_ok());
    }
}
