//! Human output: one miette report per finding, then a one-line summary.

use std::fmt;
use std::sync::Arc;

use miette::{
    Diagnostic, GraphicalReportHandler, GraphicalTheme, LabeledSpan, MietteError,
    MietteSpanContents, SourceCode, SourceSpan, SpanContents,
};

use crate::report::Report;
use crate::report::{Finding, Severity};

/// How human output looks.
#[derive(Debug, Clone, Copy)]
pub struct Style {
    pub color: bool,
    pub width: usize,
    /// Errors only, and no summary line.
    pub quiet: bool,
}

/// Every finding as a graphical report, then the summary line.
pub fn render(report: &Report, style: Style) -> String {
    let handler = GraphicalReportHandler::new_themed(theme(style.color))
        .with_width(style.width)
        .with_links(false);
    let mut out = String::new();
    for f in &report.findings {
        if style.quiet && f.severity != Severity::Error {
            continue;
        }
        let diag = diagnostic(report, f, style.width);
        handler
            .render_report(&mut out, &diag)
            .expect("writing to a String cannot fail");
        out.push('\n');
    }
    if !style.quiet {
        out.push_str(&summary(report));
        out.push('\n');
    }
    out
}

/// The graphical theme, with or without colour.
pub fn theme(color: bool) -> GraphicalTheme {
    if color {
        GraphicalTheme::unicode()
    } else {
        GraphicalTheme::unicode_nocolor()
    }
}

/// `{sep}N suppressed, M baselined`, or nothing when none was.
fn suppressed(report: &Report, sep: &str) -> String {
    let mut parts = Vec::new();
    if report.suppressed > 0 {
        parts.push(format!("{} suppressed", report.suppressed));
    }
    if report.baselined > 0 {
        parts.push(format!("{} baselined", report.baselined));
    }
    if parts.is_empty() {
        String::new()
    } else {
        format!("{sep}{}", parts.join(", "))
    }
}

/// `envlint: 2 errors, 1 warning`, or the all-clear with what was checked.
pub fn summary(report: &Report) -> String {
    let (e, w) = (report.errors(), report.warnings());
    if e + w == 0 {
        // Surfaces by kind (a compose file and its override are one), code included when
        // it was walked.
        let mut kinds: Vec<crate::schema::SurfaceName> =
            report.surfaces.iter().map(|s| s.kind).collect();
        if report.code_files.is_some() {
            kinds.push(crate::schema::SurfaceName::Code);
        }
        kinds.sort();
        kinds.dedup();
        let files = kinds.len();
        let code = report
            .code_files
            .map_or(String::new(), |n| format!(", {n} code files"));
        let s = if files == 1 { "" } else { "s" };
        return format!(
            "envlint: no drift ({} variables, {files} surface{s}{code}{})",
            report.variables,
            suppressed(report, ", ")
        );
    }
    let plural = |n: usize, word: &str| format!("{n} {word}{}", if n == 1 { "" } else { "s" });
    let extra = if report.suppressed + report.baselined > 0 {
        format!(" ({})", suppressed(report, ""))
    } else {
        String::new()
    };
    format!(
        "envlint: {}, {}{extra}",
        plural(e, "error"),
        plural(w, "warning")
    )
}

fn diagnostic(report: &Report, f: &Finding, width: usize) -> Diag {
    let mut spans = vec![(f.span.clone(), f.label.clone(), true)];
    let mut related = Vec::new();
    for (id, span, label) in &f.related {
        if *id == f.file {
            spans.push((span.clone(), label.clone(), false));
        } else {
            related.push(note(report, *id, span, label));
        }
    }
    if let Some((id, span)) = &f.declared {
        related.push(note(report, *id, span, "declared here"));
    }
    let src = Src::new(report, f.file);
    let (src, spans) = match Window::of(&src, &spans, width) {
        Some((window, mapped)) => (Source::Window(window), mapped),
        None => (Source::File(src), spans.into_iter().map(Some).collect()),
    };
    let labels = spans
        .into_iter()
        .flatten()
        .map(|(span, label, primary)| {
            if primary {
                LabeledSpan::new_primary_with_span(Some(label), span)
            } else {
                LabeledSpan::new_with_span(Some(label), span)
            }
        })
        .collect();
    Diag {
        message: f.message.clone(),
        code: format!("{} {}", f.rule.code, f.rule.name),
        severity: Some(match f.severity {
            Severity::Error => miette::Severity::Error,
            Severity::Warning => miette::Severity::Warning,
        }),
        help: f.help.clone(),
        src,
        labels,
        related,
    }
}

fn note(
    report: &Report,
    id: crate::source::FileId,
    span: &crate::source::Span,
    label: &str,
) -> Diag {
    Diag {
        message: label.to_owned(),
        code: String::new(),
        severity: Some(miette::Severity::Advice),
        help: None,
        src: Source::File(Src::new(report, id)),
        labels: vec![LabeledSpan::new_primary_with_span(
            Some(label.to_owned()),
            span.clone(),
        )],
        related: Vec::new(),
    }
}

/// A finding (or a note on it) in miette's terms.
#[derive(Debug)]
struct Diag {
    message: String,
    code: String,
    severity: Option<miette::Severity>,
    help: Option<String>,
    src: Source,
    labels: Vec<LabeledSpan>,
    related: Vec<Diag>,
}

impl fmt::Display for Diag {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for Diag {}

impl Diagnostic for Diag {
    fn code<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        (!self.code.is_empty()).then(|| Box::new(&self.code) as Box<dyn fmt::Display>)
    }
    fn severity(&self) -> Option<miette::Severity> {
        self.severity
    }
    fn help<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        self.help
            .as_ref()
            .map(|h| Box::new(h) as Box<dyn fmt::Display>)
    }
    fn source_code(&self) -> Option<&dyn SourceCode> {
        Some(&self.src)
    }
    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        Some(Box::new(self.labels.iter().cloned()))
    }
    fn related<'a>(&'a self) -> Option<Box<dyn Iterator<Item = &'a dyn Diagnostic> + 'a>> {
        if self.related.is_empty() {
            None
        } else {
            Some(Box::new(self.related.iter().map(|d| d as &dyn Diagnostic)))
        }
    }
}

/// A file as miette reads it: the redacted text, and the `file:line:column` header with
/// the column counted in characters, as in JSON (miette counts bytes).
#[derive(Debug)]
struct Src {
    file: crate::source::SourceFile,
    text: Arc<String>,
}

impl Src {
    fn new(report: &Report, id: crate::source::FileId) -> Self {
        Self {
            file: report.files.get(id).clone(),
            text: report.redacted(id),
        }
    }
}

impl SourceCode for Src {
    fn read_span<'a>(
        &'a self,
        span: &SourceSpan,
        before: usize,
        after: usize,
    ) -> Result<Box<dyn SpanContents<'a> + 'a>, MietteError> {
        let header = (before == 0 && after == 0).then(|| {
            let p = self.file.position(span.offset());
            (None, p.column - 1)
        });
        contents(&self.file.name, &self.text, span, before, after, 0, header)
    }
}

/// The lines of `text` around `span` for miette, named `name`, their line numbers moved
/// by `first_line`; `header` (a line, a column, in the file) replaces what miette would
/// compute for the report's `file:line:column`.
fn contents<'a>(
    name: &str,
    text: &'a str,
    span: &SourceSpan,
    before: usize,
    after: usize,
    first_line: usize,
    header: Option<(Option<usize>, usize)>,
) -> Result<Box<dyn SpanContents<'a> + 'a>, MietteError> {
    let inner = text.read_span(span, before, after)?;
    let (line, column) = match header {
        Some((line, column)) => (line.unwrap_or(inner.line()), column),
        None => (inner.line() + first_line, inner.column()),
    };
    Ok(Box::new(MietteSpanContents::new_named(
        name.to_owned(),
        inner.data(),
        *inner.span(),
        line,
        column,
        inner.line_count(),
    )))
}

/// What a report's snippet is read from: the file, or a window of its long lines.
#[derive(Debug)]
enum Source {
    File(Src),
    Window(Window),
}

impl SourceCode for Source {
    fn read_span<'a>(
        &'a self,
        span: &SourceSpan,
        before: usize,
        after: usize,
    ) -> Result<Box<dyn SpanContents<'a> + 'a>, MietteError> {
        match self {
            Self::File(f) => f.read_span(span, before, after),
            Self::Window(w) => w.read_span(span, before, after),
        }
    }
}

/// The lines of a snippet cut to a window around the finding's span when one of them is
/// wider than the output: each line shows the same columns, `…` marking each cut, so the
/// label stays under its span. Line numbers and the header's `line:column` are the file's.
#[derive(Debug)]
struct Window {
    name: String,
    text: String,
    /// The file's 0-based line index of the window's first line.
    first_line: usize,
    /// The primary span's 0-based line and column (characters) in the file.
    at: (usize, usize),
}

/// A label: its span, its text, whether it is the primary one.
type Label = (crate::source::Span, String, bool);

impl Window {
    /// The window for `spans` (the primary first) when a line of the snippet is wider than
    /// `width` leaves room for, with the spans moved into it (`None`: out of the window).
    fn of(src: &Src, spans: &[Label], width: usize) -> Option<(Self, Vec<Option<Label>>)> {
        // The gutter (`123 │ `) and a margin.
        let room = width.saturating_sub(12).max(40);
        let text = src.text.as_str();
        let primary = &spans[0].0;
        let start = primary.start.min(text.len());
        let line_of = |at: usize| text[..at].matches('\n').count();
        let line_start = |at: usize| text[..at].rfind('\n').map_or(0, |p| p + 1);
        let l = line_of(start);
        let lines: Vec<&str> = text.split('\n').collect();
        let first = l.saturating_sub(1);
        let last = (l + 1).min(lines.len() - 1);
        let wide = lines[first..=last].iter().any(|x| x.chars().count() > room);
        if !wide {
            return None;
        }
        let s_col = text[line_start(start)..start].chars().count();
        let end = primary.end.clamp(start, line_start(start) + lines[l].len());
        let e_col = s_col + text[start..end].chars().count();
        let len = e_col - s_col;
        let from = if len + 2 >= room {
            s_col.saturating_sub(1)
        } else {
            s_col.saturating_sub((room - len) / 2)
        };
        let mut out = String::new();
        // For each window line: its byte offset in `out`, and whether it opens with `…`.
        let mut starts = Vec::new();
        for (k, line) in lines[first..=last].iter().enumerate() {
            if k > 0 {
                out.push('\n');
            }
            starts.push(out.len());
            let total = line.chars().count();
            let left = from > 0 && total > from;
            let right = total > from + room;
            if left {
                out.push('…');
            }
            let take = room - usize::from(left) - usize::from(right);
            out.extend(line.chars().skip(from + usize::from(left)).take(take));
            if right {
                out.push('…');
            }
        }
        // A byte offset of the file as one of the window.
        let map = |at: usize| -> Option<usize> {
            let at = at.min(text.len());
            let k = line_of(at)
                .checked_sub(first)
                .filter(|k| first + k <= last)?;
            let col = text[line_start(at)..at].chars().count();
            let line = lines[first + k];
            let left = from > 0 && line.chars().count() > from;
            let skip = from + usize::from(left);
            let seg_start = starts[k] + if left { '…'.len_utf8() } else { 0 };
            let seg_end = starts.get(k + 1).map_or(out.len(), |n| n - 1);
            let rel = col.saturating_sub(skip);
            let off = out[seg_start..seg_end]
                .char_indices()
                .nth(rel)
                .map_or(seg_end, |(i, _)| seg_start + i);
            Some(off)
        };
        let mapped = spans
            .iter()
            .map(|(span, label, primary)| {
                let a = map(span.start)?;
                let b = map(span.end.max(span.start))
                    .filter(|b| *b >= a)
                    .unwrap_or(a);
                Some((a..b, label.clone(), *primary))
            })
            .collect();
        let p = src.file.position(start);
        Some((
            Self {
                name: src.file.name.clone(),
                text: out,
                first_line: first,
                at: (p.line - 1, p.column - 1),
            },
            mapped,
        ))
    }
}

impl SourceCode for Window {
    fn read_span<'a>(
        &'a self,
        span: &SourceSpan,
        before: usize,
        after: usize,
    ) -> Result<Box<dyn SpanContents<'a> + 'a>, MietteError> {
        let header = (before == 0 && after == 0).then_some((Some(self.at.0), self.at.1));
        contents(
            &self.name,
            &self.text,
            span,
            before,
            after,
            self.first_line,
            header,
        )
    }
}
