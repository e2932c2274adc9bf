//! Typed arrays laid end to end in one byte buffer: the container of the
//! [`GraphStore`](super::GraphStore), held in memory or mapped from a file.
//!
//! The layout: the magic `FINKGCOL`, the number of sections as a
//! little-endian `u64`, then per section its byte offset and byte length
//! (two `u64`, offsets from the start of the buffer), then the sections,
//! each starting on a multiple of eight bytes. A section is an array of
//! `u8`, `u32`, `u64` or `f64` in little-endian order; which section holds
//! what is the store's business. Every offset and length is checked when a
//! buffer is opened, so a damaged file is an error, never a panic.

use std::ops::Range;

/// The first bytes of a column buffer.
pub(crate) const COLUMNS_MAGIC: &[u8; 8] = b"FINKGCOL";

/// Where the bytes live.
enum Backing {
    /// Built in memory (`u64`s, so the start is aligned for every type).
    Owned(Vec<u64>),
    /// A part of a file mapped into memory.
    Mapped(memmap2::Mmap, Range<usize>),
}

/// A buffer of sections.
pub(crate) struct Columns {
    backing: Backing,
    /// Byte range of each section in the buffer.
    sections: Vec<Range<usize>>,
}

impl std::fmt::Debug for Columns {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Columns")
            .field("bytes", &self.bytes().len())
            .field("sections", &self.sections.len())
            .finish()
    }
}

impl Columns {
    /// The whole buffer.
    pub(crate) fn bytes(&self) -> &[u8] {
        match &self.backing {
            Backing::Owned(v) => bytemuck::cast_slice(v),
            Backing::Mapped(m, r) => &m[r.clone()],
        }
    }

    /// Open a buffer built in memory.
    pub(crate) fn from_words(words: Vec<u64>) -> Result<Columns, String> {
        Columns::open(Backing::Owned(words))
    }

    /// Open `range` of a mapped file.
    pub(crate) fn mapped(map: memmap2::Mmap, range: Range<usize>) -> Result<Columns, String> {
        if range.end > map.len() || range.start > range.end {
            return Err("the column section lies outside the file".into());
        }
        Columns::open(Backing::Mapped(map, range))
    }

    fn open(backing: Backing) -> Result<Columns, String> {
        let mut c = Columns {
            backing,
            sections: Vec::new(),
        };
        let bytes = c.bytes();
        if bytes.as_ptr() as usize % 8 != 0 {
            return Err("the column section is not aligned".into());
        }
        let head = bytes
            .strip_prefix(COLUMNS_MAGIC.as_slice())
            .ok_or("no column section (no FINKGCOL header)")?;
        let word = |at: usize| -> Result<u64, String> {
            head.get(at..at + 8)
                .map(|b| u64::from_le_bytes(b.try_into().expect("eight bytes")))
                .ok_or_else(|| "truncated column header".to_string())
        };
        let count = word(0)? as usize;
        if count > 4096 {
            return Err(format!("{count} column sections is not a column header"));
        }
        let mut sections = Vec::with_capacity(count);
        for i in 0..count {
            let (start, len) = (word(8 + 16 * i)?, word(16 + 16 * i)?);
            let end = start.checked_add(len).ok_or("a section length overflows")?;
            if end > bytes.len() as u64 || start % 8 != 0 {
                return Err(format!(
                    "section {i} ({start}..{end}) lies outside the {} bytes of columns",
                    bytes.len()
                ));
            }
            sections.push(start as usize..end as usize);
        }
        c.sections = sections;
        Ok(c)
    }

    /// How many sections.
    pub(crate) fn len(&self) -> usize {
        self.sections.len()
    }

    /// Section `i` as bytes (empty past the last section).
    pub(crate) fn raw(&self, i: usize) -> &[u8] {
        match self.sections.get(i) {
            Some(r) => &self.bytes()[r.clone()],
            None => &[],
        }
    }

    /// Section `i` as an array of `T`; an error when its length is not a
    /// multiple of `T`'s size.
    pub(crate) fn array<T: bytemuck::Pod>(&self, i: usize) -> Result<&[T], String> {
        bytemuck::try_cast_slice(self.raw(i))
            .map_err(|e| format!("section {i} is not an array of its type: {e:?}"))
    }
}

/// A section as built: an array of any plain type, read as its bytes.
trait Section {
    fn bytes(&self) -> &[u8];
}

impl<T: bytemuck::Pod> Section for Vec<T> {
    fn bytes(&self) -> &[u8] {
        bytemuck::cast_slice(self)
    }
}

/// Builds a column buffer section by section.
#[derive(Default)]
pub(crate) struct ColumnsBuilder {
    /// The arrays as handed over: their bytes are copied once, into the
    /// output, not first into a byte vector of their own.
    sections: Vec<Box<dyn Section>>,
}

impl ColumnsBuilder {
    /// Add a section; returns its number.
    pub(crate) fn push<T: bytemuck::Pod>(&mut self, items: Vec<T>) -> usize {
        self.sections.push(Box::new(items));
        self.sections.len() - 1
    }

    /// Where each section goes, and the total length in bytes.
    fn places(&self) -> (Vec<(usize, usize)>, usize) {
        let header = 8 + 8 + 16 * self.sections.len();
        let mut places = Vec::with_capacity(self.sections.len());
        let mut at = header.next_multiple_of(8);
        for s in &self.sections {
            let len = s.bytes().len();
            places.push((at, len));
            at = (at + len).next_multiple_of(8);
        }
        (places, at)
    }

    /// The length of the buffer in bytes (a multiple of eight).
    pub(crate) fn byte_len(&self) -> usize {
        self.places().1
    }

    fn header(&self, places: &[(usize, usize)]) -> Vec<u8> {
        let mut h = Vec::with_capacity(16 + 16 * places.len());
        h.extend_from_slice(COLUMNS_MAGIC);
        h.extend_from_slice(&(places.len() as u64).to_le_bytes());
        for &(start, len) in places {
            h.extend_from_slice(&(start as u64).to_le_bytes());
            h.extend_from_slice(&(len as u64).to_le_bytes());
        }
        h
    }

    /// Write the buffer ([`ColumnsBuilder::byte_len`] bytes) to `w`.
    pub(crate) fn write_to(&self, w: &mut impl std::io::Write) -> std::io::Result<()> {
        let (places, total) = self.places();
        let header = self.header(&places);
        w.write_all(&header)?;
        let mut at = header.len();
        for (&(start, len), s) in places.iter().zip(&self.sections) {
            w.write_all(&[0u8; 8][..start - at])?;
            w.write_all(s.bytes())?;
            at = start + len;
        }
        w.write_all(&[0u8; 8][..total - at])
    }

    /// The buffer, as `u64` words.
    pub(crate) fn finish_words(self) -> Vec<u64> {
        let (places, total) = self.places();
        let mut words = vec![0u64; total / 8];
        let bytes: &mut [u8] = bytemuck::cast_slice_mut(&mut words);
        let header = self.header(&places);
        bytes[..header.len()].copy_from_slice(&header);
        for (&(start, len), s) in places.iter().zip(&self.sections) {
            bytes[start..start + len].copy_from_slice(s.bytes());
        }
        words
    }

    /// The buffer, opened.
    pub(crate) fn finish(self) -> Columns {
        Columns::from_words(self.finish_words()).expect("a built buffer opens")
    }
}

/// Strings side by side: the text of all of them and where each ends.
#[derive(Debug, Default)]
pub(crate) struct StringsBuilder {
    text: Vec<u8>,
    ends: Vec<u64>,
}

impl StringsBuilder {
    /// Add a string; returns its number.
    pub(crate) fn push(&mut self, s: &str) -> u32 {
        self.text.extend_from_slice(s.as_bytes());
        self.ends.push(self.text.len() as u64);
        (self.ends.len() - 1) as u32
    }

    /// How many strings.
    pub(crate) fn len(&self) -> usize {
        self.ends.len()
    }

    /// Add the text and the ends as two sections; returns the first.
    pub(crate) fn write(self, b: &mut ColumnsBuilder) -> usize {
        let at = b.push(self.text);
        b.push(self.ends);
        at
    }
}

/// A column of strings read from two sections (text, ends), checked once.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Strings<'a> {
    text: &'a [u8],
    ends: &'a [u64],
}

impl<'a> Strings<'a> {
    /// Read and check sections `at` (text) and `at + 1` (ends): UTF-8, ends
    /// rising, within the text and on character boundaries.
    pub(crate) fn read(c: &'a Columns, at: usize) -> Result<Strings<'a>, String> {
        let text = std::str::from_utf8(c.raw(at))
            .map_err(|e| format!("section {at} is not UTF-8: {e}"))?;
        let ends: &[u64] = c.array(at + 1)?;
        let mut prev = 0u64;
        for &e in ends {
            if e < prev || e as usize > text.len() || !text.is_char_boundary(e as usize) {
                return Err(format!(
                    "section {} holds a string end out of place",
                    at + 1
                ));
            }
            prev = e;
        }
        Ok(Strings {
            text: text.as_bytes(),
            ends,
        })
    }

    /// Sections `at` and `at + 1` without the checks of [`Strings::read`].
    ///
    /// # Safety
    ///
    /// The two sections must hold what [`Strings::read`] accepts (the text
    /// UTF-8, the ends rising, within it and on character boundaries):
    /// [`Strings::get`] hands out its strings without checking them again.
    /// A buffer written by [`StringsBuilder`] from `&str`s holds that, and
    /// a buffer read from a file does once [`Strings::read`] accepted it.
    pub(crate) unsafe fn read_trusted(c: &'a Columns, at: usize) -> Result<Strings<'a>, String> {
        Ok(Strings {
            text: c.raw(at),
            ends: c.array(at + 1)?,
        })
    }

    /// How many strings.
    pub(crate) fn len(&self) -> usize {
        self.ends.len()
    }

    /// Ask the processor to fetch where string `i` ends (see [`prefetch`]).
    #[inline]
    pub(crate) fn prefetch_end(&self, i: usize) {
        if let Some(end) = self.ends.get(i) {
            prefetch(end);
        }
    }

    /// Ask the processor to fetch the first bytes of string `i`.
    #[inline]
    pub(crate) fn prefetch_text(&self, i: usize) {
        if let Some(b) = self.get(i).as_bytes().first() {
            prefetch(b);
        }
    }

    /// String `i` (empty past the end).
    pub(crate) fn get(&self, i: usize) -> &'a str {
        let Some(&end) = self.ends.get(i) else {
            return "";
        };
        let start = if i == 0 { 0 } else { self.ends[i - 1] };
        match self.text.get(start as usize..end as usize) {
            // SAFETY: the text is UTF-8 and every end a character boundary
            // (see `read` and `read_trusted`), so the bytes from one end to
            // the next are a whole string
            Some(b) => unsafe { std::str::from_utf8_unchecked(b) },
            None => "",
        }
    }

    /// The number of string `s`, by a binary search (the strings must be sorted).
    pub(crate) fn find_sorted(&self, s: &str) -> Option<usize> {
        let (mut lo, mut hi) = (0, self.len());
        while lo < hi {
            let mid = (lo + hi) / 2;
            match self.get(mid).cmp(s) {
                std::cmp::Ordering::Less => lo = mid + 1,
                std::cmp::Ordering::Greater => hi = mid,
                std::cmp::Ordering::Equal => return Some(mid),
            }
        }
        None
    }

    /// Every string, in order.
    pub(crate) fn iter(&self) -> impl Iterator<Item = &'a str> + '_ {
        (0..self.len()).map(|i| self.get(i))
    }
}

/// Ask the processor to bring the cache line of `x` closer, without
/// waiting for it: a walk that knows the places it will read next asks for
/// them first, so that their memory reads overlap.
#[inline]
pub(crate) fn prefetch<T>(x: &T) {
    #[cfg(target_arch = "x86_64")]
    // SAFETY: a prefetch is a hint: it reads nothing into the program and
    // cannot fault, whatever the address (here a live reference)
    unsafe {
        use std::arch::x86_64::{_mm_prefetch, _MM_HINT_T0};
        _mm_prefetch::<_MM_HINT_T0>((x as *const T).cast());
    }
    #[cfg(not(target_arch = "x86_64"))]
    let _ = x;
}

/// Check that `offsets` rise from 0 to `total` and has `rows + 1` entries.
pub(crate) fn check_offsets(
    name: &str,
    offsets: &[u32],
    rows: usize,
    total: usize,
) -> Result<(), String> {
    if offsets.len() != rows + 1 || offsets.first() != Some(&0) {
        return Err(format!("{name}: {} offsets for {rows} rows", offsets.len()));
    }
    if offsets.windows(2).any(|w| w[0] > w[1]) || offsets[rows] as usize != total {
        return Err(format!("{name}: offsets out of order"));
    }
    Ok(())
}

/// Check that every item is below `bound` (or is `u32::MAX` when `none` allows it).
pub(crate) fn check_below(
    name: &str,
    items: &[u32],
    bound: usize,
    none: bool,
) -> Result<(), String> {
    match items
        .iter()
        .find(|&&x| x as usize >= bound && !(none && x == u32::MAX))
    {
        Some(x) => Err(format!("{name}: {x} is out of range (below {bound})")),
        None => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sections_round_trip_with_their_types() {
        let mut b = ColumnsBuilder::default();
        let mut s = StringsBuilder::default();
        s.push("alpha");
        s.push("");
        s.push("é");
        let strings = s.write(&mut b);
        let nums = b.push(vec![1u32, 2, 3]);
        let floats = b.push(vec![1.5f64]);
        let c = b.finish();
        let st = Strings::read(&c, strings).unwrap();
        assert_eq!(st.iter().collect::<Vec<_>>(), ["alpha", "", "é"]);
        assert_eq!(st.get(9), "");
        assert_eq!(c.array::<u32>(nums).unwrap(), [1, 2, 3]);
        assert_eq!(c.array::<f64>(floats).unwrap(), [1.5]);
        assert!(c.array::<u64>(nums).is_err());
        assert_eq!(c.raw(99), b"");
    }

    #[test]
    fn written_and_built_buffers_are_the_same_bytes() {
        let mut b = ColumnsBuilder::default();
        b.push(vec![1u8, 2, 3]);
        b.push(vec![9u64]);
        b.push::<u32>(vec![]);
        let mut out = Vec::new();
        b.write_to(&mut out).unwrap();
        assert_eq!(out.len(), b.byte_len());
        assert_eq!(out, bytemuck::cast_slice::<u64, u8>(&b.finish_words()));
    }

    #[test]
    fn damaged_headers_and_strings_are_errors() {
        let mut b = ColumnsBuilder::default();
        b.push(vec![7u32; 4]);
        let mut words = b.finish_words();
        assert!(Columns::from_words(words.clone()).is_ok());
        words[2] = 1 << 40; // the first section's offset
        assert!(Columns::from_words(words.clone())
            .unwrap_err()
            .contains("outside"));
        words[0] = 0;
        assert!(Columns::from_words(words).unwrap_err().contains("FINKGCOL"));
        assert!(Columns::from_words(vec![]).is_err());

        let mut b = ColumnsBuilder::default();
        b.push(b"ab\xff".to_vec());
        b.push(vec![3u64]);
        assert!(Strings::read(&b.finish(), 0).unwrap_err().contains("UTF-8"));
        let mut b = ColumnsBuilder::default();
        b.push("é".as_bytes().to_vec());
        b.push(vec![1u64]);
        assert!(Strings::read(&b.finish(), 0).is_err());
    }

    #[test]
    fn offsets_and_bounds_are_checked() {
        assert!(check_offsets("x", &[0, 1, 3], 2, 3).is_ok());
        assert!(check_offsets("x", &[0, 3, 1], 2, 3).is_err());
        assert!(check_offsets("x", &[0, 1], 2, 1).is_err());
        assert!(check_below("x", &[0, 4], 5, false).is_ok());
        assert!(check_below("x", &[5], 5, false).is_err());
        assert!(check_below("x", &[u32::MAX], 5, true).is_ok());
    }

    #[test]
    fn sorted_strings_are_found_by_search() {
        let mut b = ColumnsBuilder::default();
        let mut s = StringsBuilder::default();
        for x in ["a", "b:1", "b:2", "c"] {
            s.push(x);
        }
        let at = s.write(&mut b);
        let c = b.finish();
        let st = Strings::read(&c, at).unwrap();
        assert_eq!(st.find_sorted("b:2"), Some(2));
        assert_eq!(st.find_sorted("bb"), None);
    }
}
