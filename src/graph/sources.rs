//! What each document brought to the graph, kept compact.
//!
//! Exact removal (`KnowledgeGraph::remove_document`) replays the other
//! documents' extractions, so the graph keeps every document's
//! [`Extraction`]. Held as structs, they cost as much memory as the facts
//! themselves (a string and its allocation per name, sentence, document id
//! and rule name); they are only read back when a document is removed or
//! the graph is saved as RON, so each is kept as its `postcard` encoding
//! (about a fifth of the size) and decoded one at a time when needed.

use crate::model::{DocId, Extraction};
use serde::de::{self, Deserializer, SeqAccess, Visitor};
use serde::ser::{SerializeSeq, Serializer};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::fmt;

/// One document's extraction, encoded.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) struct Source(Box<[u8]>);

impl Source {
    /// Decode it; an error only for bytes that did not come from [`Encoder::encode`]
    /// (a damaged binary snapshot).
    pub(crate) fn decode(&self) -> Result<Extraction, postcard::Error> {
        postcard::from_bytes(&self.0)
    }
}

/// Encodes one extraction after another into a buffer it keeps, each then
/// copied into an allocation of its exact size: one pass over the
/// extraction (measuring its size first, then writing it, was a fifth of
/// merging each document into the graph). The buffer grows to the largest
/// encoding and is not copied as it grows after that.
#[derive(Debug, Default)]
pub(crate) struct Encoder {
    buffer: Vec<u8>,
}

impl Encoder {
    /// Encode an extraction.
    pub(crate) fn encode(&mut self, x: &Extraction) -> Source {
        self.buffer.clear();
        // Encoding plain structs into memory cannot fail.
        postcard::serialize_with_flavor(x, IntoBuffer(&mut self.buffer))
            .expect("an extraction encodes");
        Source(self.buffer.as_slice().into())
    }
}

/// Postcard output appended to a buffer that is borrowed (postcard's own
/// `Vec` flavour owns a new one).
struct IntoBuffer<'a>(&'a mut Vec<u8>);

impl postcard::ser_flavors::Flavor for IntoBuffer<'_> {
    type Output = ();

    fn try_push(&mut self, byte: u8) -> postcard::Result<()> {
        self.0.push(byte);
        Ok(())
    }

    fn try_extend(&mut self, bytes: &[u8]) -> postcard::Result<()> {
        self.0.extend_from_slice(bytes);
        Ok(())
    }

    fn finalize(self) -> postcard::Result<()> {
        Ok(())
    }
}

/// Sources by document id: sorted, so saves and replays follow document ids.
pub(crate) type Sources = BTreeMap<DocId, Source>;

impl Serialize for Source {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_bytes(&self.0)
    }
}

impl<'de> Deserialize<'de> for Source {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Source, D::Error> {
        struct Bytes;
        impl<'de> Visitor<'de> for Bytes {
            type Value = Source;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("an encoded extraction (bytes)")
            }
            fn visit_bytes<E: de::Error>(self, v: &[u8]) -> Result<Source, E> {
                Ok(Source(v.into()))
            }
            fn visit_byte_buf<E: de::Error>(self, v: Vec<u8>) -> Result<Source, E> {
                Ok(Source(v.into_boxed_slice()))
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Source, A::Error> {
                let mut v = Vec::with_capacity(seq.size_hint().unwrap_or(0));
                while let Some(b) = seq.next_element::<u8>()? {
                    v.push(b);
                }
                Ok(Source(v.into_boxed_slice()))
            }
        }
        d.deserialize_byte_buf(Bytes)
    }
}

/// The sources written as readable extractions (RON), decoded one at a time.
pub(crate) struct Readable<'a>(pub &'a Sources);

impl Serialize for Readable<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut seq = s.serialize_seq(Some(self.0.len()))?;
        for (id, src) in self.0 {
            let x = src.decode().map_err(|e| {
                serde::ser::Error::custom(format!(
                    "the stored extraction of document {id} is damaged: {e}"
                ))
            })?;
            seq.serialize_element(&x)?;
        }
        seq.end()
    }
}

/// The sources written compactly (binary snapshot): (document id, encoding) pairs.
pub(crate) struct Compact<'a>(pub &'a Sources);

impl Serialize for Compact<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq(self.0.iter())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::graph::tests::{doc_a, doc_b};

    #[test]
    fn a_kept_buffer_encodes_as_a_fresh_one_one_document_after_another() {
        let mut encoder = Encoder::default();
        // a larger extraction, then a smaller one in the same buffer
        let mut big = doc_b();
        big.entities.extend(doc_a().entities);
        for x in [big, doc_a(), doc_b()] {
            let source = encoder.encode(&x);
            assert_eq!(source, Encoder::default().encode(&x));
            assert_eq!(source.decode().unwrap(), x);
        }
    }
}
