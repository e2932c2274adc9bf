//! Hostile texts, built to hurt a rule engine (issue 18): one long line with
//! no full stop, endless commas, capitalised words, nested brackets, names
//! joined by "and", numbers, a gazetteer name over and over. Each is built
//! at any size, so a test can check that extraction time grows linearly
//! (`tests/cli/hostile_text.rs`) and a benchmark can time the worst
//! (`benches/hostile.rs`).

use std::fmt::Write as _;

/// One hostile input.
#[derive(Debug, Clone, Copy)]
pub struct Hostile {
    /// What it is, with its size at 1× (`"200,000 commas"`).
    pub name: &'static str,
    /// Its size at 1×, in the unit `build` counts (bytes, commas, words …).
    pub items: usize,
    /// The text with `n` items.
    pub build: fn(usize) -> String,
}

/// A capitalised word for `i`, distinct for every `i` (`Ka`, `Kb` … `Kab`),
/// with no digit, so that it reads as a name.
pub fn word(mut i: usize) -> String {
    let mut w = String::from("K");
    loop {
        w.push((b'a' + (i % 26) as u8) as char);
        i /= 26;
        if i == 0 {
            return w;
        }
    }
}

/// The inputs of issue 18, at their 1× sizes.
pub const TABLE: &[Hostile] = &[
    Hostile {
        name: "a 2 MB line with no full stop",
        items: 2_000_000,
        build: long_line,
    },
    Hostile {
        name: "200,000 commas",
        items: 200_000,
        build: commas,
    },
    Hostile {
        name: "50,000 capitalised words in a row",
        items: 50_000,
        build: capitalised,
    },
    Hostile {
        name: "10,000 nested parentheses and quotes",
        items: 10_000,
        build: nested,
    },
    Hostile {
        name: "20,000 names joined by \"and\"",
        items: 20_000,
        build: names_joined_by_and,
    },
    Hostile {
        name: "100,000 numbers",
        items: 100_000,
        build: numbers,
    },
    Hostile {
        name: "a gazetteer name repeated 100,000 times",
        items: 100_000,
        build: gazetteer_name,
    },
];

/// `n` bytes of one line without a full stop: issue 18's sentence (three
/// firms, a company and a figure) over and over.
fn long_line(n: usize) -> String {
    let s = "Alpha Securities, Beta Capital and Gamma Holdings said Acme rose 3%, ";
    let mut t = s.repeat(n / s.len() + 1);
    t.truncate(n);
    t
}

/// A known company `n` times, each followed by a comma, then a figure.
fn commas(n: usize) -> String {
    let mut t = "Alibaba, ".repeat(n);
    t.push_str("and Tencent rose 3%.");
    t
}

/// `n` capitalised words in a row (700 distinct ones), then a corporate
/// suffix and a figure.
fn capitalised(n: usize) -> String {
    let mut t = String::new();
    for i in 0..n {
        let _ = write!(t, "{} ", word(i % 700));
    }
    t.push_str("Holdings rose 3%.");
    t
}

/// A sentence inside `n / 2` parentheses and `n / 2` double quotes.
fn nested(n: usize) -> String {
    format!(
        "{}{}Alibaba (9988.HK) rose 3% after Morgan Stanley rated it overweight{}{}",
        "(".repeat(n / 2),
        "\"".repeat(n / 2),
        "\"".repeat(n / 2),
        ")".repeat(n / 2)
    )
}

/// `n` distinct firm names joined by "and", then a figure.
fn names_joined_by_and(n: usize) -> String {
    let names: Vec<String> = (0..n).map(|i| format!("{} Capital", word(i))).collect();
    format!("{} rose 3%.", names.join(" and "))
}

/// `n` percentages in one sentence after a company's name.
fn numbers(n: usize) -> String {
    let mut t = String::from("Acme rose ");
    for i in 0..n {
        let _ = write!(t, "{}.{}% ", i % 1000, i % 10);
    }
    t
}

/// A gazetteer name `n` times.
fn gazetteer_name(n: usize) -> String {
    "Alibaba ".repeat(n)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn inputs_grow_with_their_item_count() {
        assert_eq!(word(0), "Ka");
        assert_ne!(word(26), word(1));
        for h in TABLE {
            let (one, four) = ((h.build)(100).len(), (h.build)(400).len());
            assert!(
                four >= 3 * one && four <= 5 * one,
                "{}: {one} {four}",
                h.name
            );
        }
        assert_eq!(long_line(2_000).len(), 2_000);
        assert_eq!(commas(1_000).matches(',').count(), 1_000);
        assert_eq!(names_joined_by_and(10).matches(" and ").count(), 9);
    }
}
