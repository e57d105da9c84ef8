//! Files as read from disk (or embedded), with byte-offset to line/column mapping. The
//! bottom floor. May import nothing from the crate.

use std::ops::Range;
use std::sync::Arc;

/// A byte range into one file's text.
pub type Span = Range<usize>;

/// Index of a file in [`Files`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct FileId(pub usize);

/// One file's text and its name as shown to users (relative to the root, with `/`).
#[derive(Debug, Clone)]
pub struct SourceFile {
    pub name: String,
    pub text: Arc<String>,
    line_starts: Vec<usize>,
}

/// A 1-based line and column; columns count characters (Unicode scalar values),
/// and a byte-order mark at the start of the file is not counted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Position {
    pub line: usize,
    pub column: usize,
}

/// The UTF-8 byte-order mark.
pub const BOM: &str = "\u{feff}";

impl SourceFile {
    pub fn new(name: impl Into<String>, text: impl Into<String>) -> Self {
        let text: String = text.into();
        let mut line_starts = vec![0];
        line_starts.extend(memchr::memchr_iter(b'\n', text.as_bytes()).map(|i| i + 1));
        Self {
            name: name.into(),
            text: Arc::new(text),
            line_starts,
        }
    }

    /// Reads a file that must be UTF-8; `name` is how messages name it.
    pub fn read(path: &std::path::Path, name: impl Into<String>) -> Result<Self, ReadError> {
        let name = name.into();
        if path.is_dir() {
            return Err(ReadError {
                path: name,
                reason: "it is a directory, not a file".to_owned(),
            });
        }
        let bytes = std::fs::read(path).map_err(|e| ReadError::io(&name, &e))?;
        Self::from_bytes(name, bytes)
    }

    /// A file from bytes that must be UTF-8; `name` is how messages name it.
    pub fn from_bytes(name: impl Into<String>, bytes: Vec<u8>) -> Result<Self, ReadError> {
        match String::from_utf8(bytes) {
            Ok(text) => Ok(Self::new(name, text)),
            Err(e) => Err(ReadError {
                reason: format!(
                    "it is not valid UTF-8 (byte {})",
                    e.utf8_error().valid_up_to()
                ),
                path: name.into(),
            }),
        }
    }

    /// The 1-based position of a byte offset; offsets past the end clamp to the end
    /// and offsets inside a character count as that character.
    pub fn position(&self, offset: usize) -> Position {
        let offset = offset.min(self.text.len());
        let line = self.line_starts.partition_point(|&s| s <= offset) - 1;
        let mut start = self.line_starts[line];
        if line == 0 && self.text.starts_with(BOM) && offset >= BOM.len() {
            start = BOM.len();
        }
        let column = self.text[start..]
            .char_indices()
            .take_while(|&(i, _)| start + i < offset)
            .count()
            + 1;
        Position {
            line: line + 1,
            column,
        }
    }

    /// The byte range of the (1-based) line's content, without its line ending.
    pub fn line_span(&self, line: usize) -> Span {
        let start = self.line_starts[line - 1];
        let end = self
            .line_starts
            .get(line)
            .map_or(self.text.len(), |&next| next - 1);
        let end = if end > start && self.text.as_bytes()[end - 1] == b'\r' {
            end - 1
        } else {
            end
        };
        start..end.max(start)
    }
}

/// Why a file could not be read: the name messages show and the reason, in words.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReadError {
    pub path: String,
    pub reason: String,
}

impl ReadError {
    /// The reason an I/O error gives, in words a user reads.
    pub fn io(path: impl Into<String>, err: &std::io::Error) -> Self {
        let reason = match err.kind() {
            std::io::ErrorKind::NotFound => "no such file".to_owned(),
            std::io::ErrorKind::PermissionDenied => "permission denied".to_owned(),
            std::io::ErrorKind::IsADirectory => "it is a directory".to_owned(),
            std::io::ErrorKind::InvalidData => "it is not valid UTF-8".to_owned(),
            _ => err.to_string(),
        };
        Self {
            path: path.into(),
            reason,
        }
    }
}

/// Every file a run has read, the schema included; findings refer to them by [`FileId`].
#[derive(Debug, Default, Clone)]
pub struct Files {
    files: Vec<SourceFile>,
}

impl Files {
    pub fn add(&mut self, file: SourceFile) -> FileId {
        self.files.push(file);
        FileId(self.files.len() - 1)
    }

    pub fn get(&self, id: FileId) -> &SourceFile {
        &self.files[id.0]
    }

    pub fn iter(&self) -> impl Iterator<Item = (FileId, &SourceFile)> {
        self.files.iter().enumerate().map(|(i, f)| (FileId(i), f))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn positions_count_characters_and_skip_the_bom() {
        let f = SourceFile::new("x", "\u{feff}ab\r\né=1\n");
        assert_eq!(f.position(3), Position { line: 1, column: 1 });
        assert_eq!(f.position(4), Position { line: 1, column: 2 });
        let e = f.text.find('é').unwrap();
        assert_eq!(f.position(e), Position { line: 2, column: 1 });
        assert_eq!(f.position(e + 2), Position { line: 2, column: 2 });
        assert_eq!(f.position(f.text.len()), Position { line: 3, column: 1 });
        assert_eq!(f.line_span(1), 0..5);
        assert_eq!(&f.text[f.line_span(2)], "é=1");
    }
}
