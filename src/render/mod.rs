//! Renderers: findings as miette reports, JSON, SARIF or GitHub annotations; the library
//! never prints. May import: `source`, `schema`, `edit`, `report`, `rules`.

pub mod github;
pub mod human;
pub mod json;
pub mod sarif;

use crate::source::SourceFile;

/// The JSON/SARIF location of a span: 1-based line and column, end exclusive.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Location {
    pub line: usize,
    pub column: usize,
    pub end_line: usize,
    pub end_column: usize,
}

impl Location {
    pub fn of(file: &SourceFile, span: &crate::source::Span) -> Self {
        let start = file.position(span.start);
        let end = file.position(span.end);
        Self {
            line: start.line,
            column: start.column,
            end_line: end.line,
            end_column: end.column,
        }
    }
}

/// A finding's stated or wanted value as outputs show it: a secret's is masked.
pub fn shown_value<'a>(f: &crate::report::Finding, value: Option<&'a str>) -> Option<&'a str> {
    match value {
        Some(v) if f.secret && !v.is_empty() => Some("(hidden)"),
        other => other,
    }
}
