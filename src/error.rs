//! Errors that stop a run (exit 2): usage, unreadable files, invalid schema, unparsable
//! surfaces. May import: `source`.

use std::sync::Arc;

use miette::{Diagnostic, LabeledSpan, NamedSource};

use crate::source::{ReadError, SourceFile, Span};

/// One thing wrong with a schema file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SchemaProblem {
    pub span: Span,
    pub message: String,
}

/// Why a run could not check anything. Nothing is written when a run ends in one.
#[derive(Debug, thiserror::Error, Diagnostic)]
pub enum Error {
    #[error("{0}")]
    #[diagnostic(code(envlint::usage))]
    Usage(String),

    #[error("cannot read `{path}`: {reason}")]
    #[diagnostic(code(envlint::read))]
    Read { path: String, reason: String },

    #[error("invalid schema `{name}`: {summary}")]
    #[diagnostic(code(envlint::schema))]
    Schema {
        name: String,
        summary: String,
        #[source_code]
        src: NamedSource<Arc<String>>,
        #[label(collection)]
        labels: Vec<LabeledSpan>,
        problems: Vec<SchemaProblem>,
    },

    #[error("cannot parse `{name}` at {line}:{column}: {reason}")]
    #[diagnostic(code(envlint::parse))]
    Parse {
        name: String,
        line: usize,
        column: usize,
        reason: String,
        #[source_code]
        src: NamedSource<Arc<String>>,
        #[label("{reason}")]
        span: Span,
    },
}

impl Error {
    pub fn schema(source: &SourceFile, problems: Vec<SchemaProblem>) -> Self {
        let summary = if problems.len() == 1 {
            problems[0].message.clone()
        } else {
            format!("{} problems", problems.len())
        };
        let labels = problems
            .iter()
            .map(|p| LabeledSpan::new_with_span(Some(p.message.clone()), p.span.clone()))
            .collect();
        Error::Schema {
            name: source.name.clone(),
            summary,
            src: NamedSource::new(source.name.clone(), Arc::clone(&source.text)),
            labels,
            problems,
        }
    }

    /// A surface that cannot be parsed. The snippet shown is the failing line up to the
    /// end of `span`, with every other line blanked, so that no value (a secret's, say)
    /// beside the error is printed; line numbers stay right.
    pub fn parse(source: &SourceFile, span: Span, reason: impl Into<String>) -> Self {
        let pos = source.position(span.start);
        let line = source.line_span(pos.line);
        let end = span.end.clamp(span.start, line.end.max(span.start));
        let end = (end..=source.text.len())
            .find(|&i| source.text.is_char_boundary(i))
            .unwrap_or(source.text.len());
        let mut shown = "\n".repeat(pos.line - 1);
        let offset = shown.len() + (span.start - line.start);
        shown.push_str(&source.text[line.start..end]);
        Error::Parse {
            name: source.name.clone(),
            line: pos.line,
            column: pos.column,
            reason: reason.into(),
            src: NamedSource::new(source.name.clone(), Arc::new(shown)),
            span: offset..offset + (end - span.start),
        }
    }

    pub fn read(path: impl Into<String>, err: &std::io::Error) -> Self {
        ReadError::io(path, err).into()
    }
}

impl From<ReadError> for Error {
    fn from(e: ReadError) -> Self {
        Error::Read {
            path: e.path,
            reason: e.reason,
        }
    }
}
