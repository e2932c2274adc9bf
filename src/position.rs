//! Where in a file something is: the one position type that every error
//! about a file's contents names (schema, graph, document and gold files).

use std::fmt;
use std::path::PathBuf;

/// A place in a file: its path, a 1-based line and a 1-based column.
/// Displays as `path:line:column`, the form editors and terminals follow.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct FilePosition {
    /// The file.
    pub path: PathBuf,
    /// 1-based line.
    pub line: usize,
    /// 1-based column.
    pub column: usize,
}

impl FilePosition {
    /// A position from its parts.
    pub fn new(path: impl Into<PathBuf>, line: usize, column: usize) -> FilePosition {
        FilePosition {
            path: path.into(),
            line,
            column,
        }
    }

    /// The position of byte `offset` of `bytes` (the column counted in bytes).
    pub fn of_offset(path: impl Into<PathBuf>, bytes: &[u8], offset: usize) -> FilePosition {
        let before = &bytes[..offset.min(bytes.len())];
        let line = before.iter().filter(|&&b| b == b'\n').count() + 1;
        let column = before.iter().rev().take_while(|&&b| b != b'\n').count() + 1;
        FilePosition::new(path, line, column)
    }
}

impl fmt::Display for FilePosition {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}:{}", self.path.display(), self.line, self.column)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn offsets_become_lines_and_columns() {
        let text = b"ab\ncd\n\nxyz";
        let at = |o| FilePosition::of_offset("f.ron", text, o).to_string();
        assert_eq!(at(0), "f.ron:1:1");
        assert_eq!(at(2), "f.ron:1:3");
        assert_eq!(at(3), "f.ron:2:1");
        assert_eq!(at(7), "f.ron:4:1");
        assert_eq!(at(9), "f.ron:4:3");
        assert_eq!(at(99), "f.ron:4:4");
    }
}
