//! Sizes on the command line (`--max-file-size`, `corpus --size`): one parser,
//! with the units of GNU coreutils (`dd`, `head -c`, `truncate`).
//!
//! - `KB`, `MB`, `GB` are powers of 1,000: `100MB` is 100,000,000 bytes;
//! - `K`, `M`, `G` and `KiB`, `MiB`, `GiB` are powers of 1,024: `16M` is
//!   16 MiB, 16,777,216 bytes;
//! - a plain number is bytes (a trailing `B` is allowed); letters are not
//!   case-sensitive.

/// What `--help` says about sizes.
pub const UNITS_HELP: &str =
    "KB, MB, GB are powers of 1,000; K, M, G (or KiB, MiB, GiB) powers of 1,024";

/// Parse a size in bytes (see the module docs); zero is refused.
pub fn parse_size(s: &str) -> Result<u64, String> {
    let t = s.trim();
    let upper = t.to_ascii_uppercase();
    let units: [(&str, u64); 10] = [
        ("KIB", 1 << 10),
        ("MIB", 1 << 20),
        ("GIB", 1 << 30),
        ("KB", 1_000),
        ("MB", 1_000_000),
        ("GB", 1_000_000_000),
        ("K", 1 << 10),
        ("M", 1 << 20),
        ("G", 1 << 30),
        ("B", 1),
    ];
    let (digits, scale) = units
        .iter()
        .find_map(|(suffix, scale)| upper.strip_suffix(suffix).map(|d| (d.trim(), *scale)))
        .unwrap_or((upper.as_str(), 1));
    let n: u64 = digits.parse().map_err(|_| {
        format!("`{s}` is not a size (bytes, or a number with a unit: 100MB, 16M; {UNITS_HELP})")
    })?;
    n.checked_mul(scale)
        .filter(|&b| b > 0)
        .ok_or_else(|| format!("`{s}` is not a size above zero that fits in 64 bits"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mb_is_a_million_and_m_a_mebibyte() {
        for (s, n) in [
            ("1048576", 1 << 20),
            ("123B", 123),
            (" 3 ", 3),
            ("16M", 16 << 20),
            ("16MiB", 16 << 20),
            ("16mib", 16 << 20),
            ("500k", 500 << 10),
            ("1K", 1 << 10),
            ("2g", 2 << 30),
            ("10MB", 10_000_000),
            ("100mb", 100_000_000),
            ("1GB", 1_000_000_000),
            ("10KB", 10_000),
            ("1 MB", 1_000_000),
        ] {
            assert_eq!(parse_size(s), Ok(n), "{s}");
        }
        for bad in [
            "",
            "M",
            "-1",
            "0",
            "0MB",
            "1.5M",
            "12Q",
            "10XB",
            "99999999999999999999G",
            "99999999999GB",
        ] {
            assert!(parse_size(bad).is_err(), "{bad}");
        }
    }
}
