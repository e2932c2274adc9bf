//! Sentence splitting with byte spans into the original text.

/// A sentence of a document: byte span into the document text and the text itself.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sentence<'a> {
    /// Byte offset of the first character.
    pub start: usize,
    /// Byte offset one past the last character.
    pub end: usize,
    /// The sentence text (`&doc[start..end]`).
    pub text: &'a str,
    /// Index of the line (paragraph) the sentence belongs to.
    pub line: usize,
}

/// Abbreviations after which a period does not end a sentence.
const ABBREVIATIONS: &[&str] = &[
    "inc", "ltd", "co", "corp", "plc", "llc", "mr", "mrs", "ms", "dr", "prof", "st", "jr", "sr",
    "no", "vs", "etc", "e.g", "i.e", "u.s", "u.k", "jan", "feb", "mar", "apr", "jun", "jul", "aug",
    "sep", "sept", "oct", "nov", "dec", "int'l", "intl", "approx", "est", "fig", "dept", "gov",
];

/// Split text into sentences. Lines are paragraphs; inside a line a sentence ends at
/// `.`, `!` or `?` (after any closing quotes) followed by white space and an
/// upper-case letter, digit or quote, unless the word before is a known
/// abbreviation or a single capital letter.
pub fn split(text: &str) -> Vec<Sentence<'_>> {
    let mut out = Vec::new();
    let mut line_start = 0;
    for (line_no, line) in text.split_inclusive('\n').enumerate() {
        split_line(
            text,
            line_start,
            line.trim_end_matches(['\n', '\r']),
            line_no,
            &mut out,
        );
        line_start += line.len();
    }
    out
}

fn split_line<'a>(
    doc: &'a str,
    base: usize,
    line: &str,
    line_no: usize,
    out: &mut Vec<Sentence<'a>>,
) {
    let bytes = line.as_bytes();
    let mut start = 0;
    let mut i = 0;
    // (the next end mark found by memchr: most bytes of a line are none)
    while let Some(k) = memchr::memchr3(b'.', b'!', b'?', &bytes[i..]) {
        i += k;
        let c = bytes[i];
        let mut j = i + 1;
        // closing quotes and brackets belong to the sentence
        while j < bytes.len() {
            if matches!(bytes[j], b'"' | b'\'' | b')') {
                j += 1;
            } else if line[j..].starts_with('\u{201d}') || line[j..].starts_with('\u{2019}') {
                j += 3;
            } else {
                break;
            }
        }
        // "dollar.The index": a sentence glued to the next without a space
        let glued = j < bytes.len()
            && bytes[j].is_ascii_uppercase()
            && bytes.get(j + 1).is_some_and(|b| b.is_ascii_lowercase())
            && i >= 2
            && (bytes[i - 1].is_ascii_lowercase()
                || bytes[i - 1].is_ascii_digit()
                || bytes[i - 1] == b'%')
            && (bytes[i - 2].is_ascii_lowercase()
                || bytes[i - 2].is_ascii_digit()
                || bytes[i - 2] == b' ')
            && c == b'.'
            && !is_abbreviation(&line[start..i]);
        // a quote glued to the next sentence (`higher."We`) opens it
        let quote_opens = j > i + 1
            && line.as_bytes()[i + 1] == b'"'
            && bytes.get(j).is_some_and(|b| b.is_ascii_uppercase());
        if quote_opens {
            push(doc, base, line, start, i + 1, line_no, out);
            start = i + 1;
        } else if glued {
            push(doc, base, line, start, j, line_no, out);
            start = j;
        } else if j < bytes.len() && bytes[j] == b' ' {
            let rest = line[j..].trim_start();
            let next = rest.chars().next();
            let starts_new = next.is_some_and(|n| {
                n.is_uppercase() || n.is_ascii_digit() || matches!(n, '"' | '\u{201c}' | '(')
            });
            if starts_new && (c != b'.' || !is_abbreviation(&line[start..i])) {
                push(doc, base, line, start, j, line_no, out);
                start = j;
            }
        }
        i = j.max(i + 1);
    }
    push(doc, base, line, start, line.len(), line_no, out);
}

fn is_abbreviation(before: &str) -> bool {
    let word = before
        .rsplit(|c: char| c.is_whitespace() || c == '(')
        .next()
        .unwrap_or("");
    if word.chars().count() == 1 && word.chars().all(|c| c.is_uppercase()) {
        return true; // an initial: "J. Smith"
    }
    // a number such as "No. 1" or a decimal would not reach here; plain abbreviations
    // in any case, and short dotted words ("U.S", "e.g")
    let dotted = |w: &str| {
        w.contains('.') && w.len() <= 5 && w.chars().all(|c| c.is_alphabetic() || c == '.')
    };
    if word.is_ascii() {
        // (lower case changes neither test of an ASCII word, nearly every one: it is
        // compared without a lower-case copy)
        return ABBREVIATIONS.iter().any(|a| a.eq_ignore_ascii_case(word)) || dotted(word);
    }
    let lower = word.to_lowercase();
    ABBREVIATIONS.contains(&lower.as_str()) || dotted(&lower)
}

/// The longest sentence, in bytes: a longer run of text without a sentence end (a
/// scraped page with no full stop, an endless list) is cut into pieces of at most
/// this size, at a clause break (`; `, `, `) or else a space near the limit. News
/// sentences are far shorter (the longest of the seeds, dev and gold articles is
/// about 630 bytes), and the bound keeps the work of every rule on one sentence
/// bounded, so that extraction time grows linearly with the text (issue 18).
pub const MAX_SENTENCE: usize = 4096;

/// Where to cut `piece` (longer than [`MAX_SENTENCE`]) so that its head is at most
/// that long: after the last clause break in the second half of the window, else
/// after its last space, else at the last character boundary.
fn cut(piece: &str) -> usize {
    let mut max = MAX_SENTENCE;
    while !piece.is_char_boundary(max) {
        max -= 1;
    }
    let window = &piece.as_bytes()[..max];
    let half = max / 2;
    let after = |needle: &[u8]| {
        window[half..]
            .windows(needle.len())
            .rposition(|w| w == needle)
            .map(|p| half + p + needle.len())
    };
    after(b"; ")
        .or_else(|| after(b", "))
        .or_else(|| after(b" "))
        .unwrap_or(max)
}

fn push<'a>(
    doc: &'a str,
    base: usize,
    line: &str,
    mut s: usize,
    e: usize,
    line_no: usize,
    out: &mut Vec<Sentence<'a>>,
) {
    while e - s > MAX_SENTENCE {
        let at = s + cut(&line[s..e]);
        push_one(doc, base, line, s, at, line_no, out);
        s = at;
    }
    push_one(doc, base, line, s, e, line_no, out);
}

fn push_one<'a>(
    doc: &'a str,
    base: usize,
    line: &str,
    s: usize,
    e: usize,
    line_no: usize,
    out: &mut Vec<Sentence<'a>>,
) {
    let piece = &line[s..e];
    let lead = piece.len() - piece.trim_start().len();
    let trimmed = piece.trim();
    if trimmed.is_empty() {
        return;
    }
    let start = base + s + lead;
    let end = start + trimmed.len();
    out.push(Sentence {
        start,
        end,
        text: &doc[start..end],
        line: line_no,
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_line_without_sentence_ends_is_cut_into_bounded_pieces() {
        let clause = "Alpha Securities, Beta Capital and Gamma Holdings said Acme rose 3%, ";
        let line = clause.repeat(1_000);
        let pieces = split(&line);
        assert!(pieces.len() > 1);
        for p in &pieces {
            assert!(p.text.len() <= MAX_SENTENCE, "{}", p.text.len());
            assert_eq!(&line[p.start..p.end], p.text);
            // cut after a clause break, not inside a name
            assert!(
                p.text.starts_with("Alpha")
                    || p.text.starts_with("Beta")
                    || p.text.starts_with("Gamma")
                    || p.text.starts_with("Acme"),
                "{}",
                &p.text[..20]
            );
        }
        let kept: usize = pieces.iter().map(|p| p.text.len()).sum();
        assert!(kept + pieces.len() >= line.trim_end().len());
        // no space at all: cut at a character boundary
        let word = "é".repeat(5_000);
        let pieces = split(&word);
        assert_eq!(pieces.iter().map(|p| p.text).collect::<String>(), word);
        assert!(pieces.iter().all(|p| p.text.len() <= MAX_SENTENCE));
        // a short sentence is untouched
        assert_eq!(texts("Alibaba rose 5%."), ["Alibaba rose 5%."]);
    }

    fn texts(s: &str) -> Vec<&str> {
        split(s).into_iter().map(|x| x.text).collect()
    }

    #[test]
    fn splits_on_sentence_ends_and_lines() {
        let t = "Alibaba rose 5%. Tencent fell.\nNew line here? Yes!";
        assert_eq!(
            texts(t),
            [
                "Alibaba rose 5%.",
                "Tencent fell.",
                "New line here?",
                "Yes!"
            ]
        );
    }

    #[test]
    fn keeps_abbreviations_and_decimals() {
        let t = "Alibaba Group Holding Ltd. is higher. The U.S. market rose 1.5 percent. J. Smith said so.";
        assert_eq!(
            texts(t),
            [
                "Alibaba Group Holding Ltd. is higher.",
                "The U.S. market rose 1.5 percent.",
                "J. Smith said so."
            ]
        );
    }

    #[test]
    fn abbreviations_in_any_case_and_dotted_words() {
        for (before, abbreviation) in [
            ("shares of Quenby Inc", true),
            ("said Tarvo Corp", true),
            ("the (U.S", true),
            ("the I.E", true),
            ("INT'L", true),
            ("Ada J", true),
            ("Ada Ö", true),
            ("the a.b.c", true),
            ("the a.b.c.d", false),
            ("the Q3.5", false),
            ("prices rose", false),
            ("Zürich", false),
            ("", false),
        ] {
            assert_eq!(is_abbreviation(before), abbreviation, "{before:?}");
        }
    }

    #[test]
    fn spans_point_into_the_text() {
        let t = "  First one.  Second “quoted.” Third.\r\nFourth";
        for s in split(t) {
            assert_eq!(&t[s.start..s.end], s.text);
        }
        assert_eq!(
            texts(t),
            ["First one.", "Second “quoted.”", "Third.", "Fourth"]
        );
    }

    #[test]
    fn glued_sentences_split() {
        assert_eq!(
            texts("The won rose.The index fell 2.Trade was heavy. JD.com rose."),
            [
                "The won rose.",
                "The index fell 2.",
                "Trade was heavy.",
                "JD.com rose."
            ]
        );
        assert_eq!(
            texts("higher.\"We expect more,\" he said."),
            ["higher.", "\"We expect more,\" he said."]
        );
    }

    #[test]
    fn lower_case_after_period_does_not_split() {
        assert_eq!(
            texts("Shares rose 3 p.m. local time."),
            ["Shares rose 3 p.m. local time."]
        );
    }
}
