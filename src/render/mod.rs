//! Renderers: findings as miette reports or the JSON contract. The library never prints.

pub mod github;
pub mod human;
pub mod json;
pub mod sarif;

use std::sync::Arc;

use crate::Report;
use crate::source::{FileId, SourceFile};

/// A file's text with every value that must not be printed replaced by `*`s of the same
/// byte length, so spans stay valid.
pub fn redacted(report: &Report, id: FileId) -> Arc<String> {
    let file = report.files.get(id);
    let spans: Vec<_> = report
        .surfaces
        .iter()
        .filter(|s| s.file == id)
        .flat_map(|s| s.redact.iter())
        .collect();
    if spans.is_empty() {
        return Arc::clone(&file.text);
    }
    let mut text = file.text.to_string();
    for span in spans {
        let masked: String = text[span.clone()]
            .chars()
            .flat_map(|c| std::iter::repeat_n('*', c.len_utf8()))
            .collect();
        text.replace_range(span.clone(), &masked);
    }
    Arc::new(text)
}

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
pub fn shown_value<'a>(f: &crate::rules::Finding, value: Option<&'a str>) -> Option<&'a str> {
    match value {
        Some(v) if f.secret && !v.is_empty() => Some("(hidden)"),
        other => other,
    }
}
