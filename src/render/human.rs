//! Human output: one miette report per finding, then a one-line summary.

use std::fmt;
use std::sync::Arc;

use miette::{
    Diagnostic, GraphicalReportHandler, GraphicalTheme, LabeledSpan, MietteError,
    MietteSpanContents, SourceCode, SourceSpan, SpanContents,
};

use super::redacted;
use crate::Report;
use crate::rules::{Finding, Severity};

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
        if style.quiet && f.severity != crate::rules::Severity::Error {
            continue;
        }
        let diag = diagnostic(report, f);
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

fn diagnostic(report: &Report, f: &Finding) -> Diag {
    let mut labels = vec![LabeledSpan::new_primary_with_span(
        Some(f.label.clone()),
        f.span.clone(),
    )];
    let mut related = Vec::new();
    for (id, span, label) in &f.related {
        if *id == f.file {
            labels.push(LabeledSpan::new_with_span(
                Some(label.clone()),
                span.clone(),
            ));
        } else {
            related.push(note(report, *id, span, label));
        }
    }
    if let Some((id, span)) = &f.declared {
        related.push(note(report, *id, span, "declared here"));
    }
    Diag {
        message: f.message.clone(),
        code: format!("{} {}", f.rule.code, f.rule.name),
        severity: Some(match f.severity {
            Severity::Error => miette::Severity::Error,
            Severity::Warning => miette::Severity::Warning,
        }),
        help: f.help.clone(),
        src: Src::new(report, f.file),
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
        src: Src::new(report, id),
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
    src: Src,
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
            text: redacted(report, id),
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
        if before + after > 0
            && let Some(window) = self.window(span)
        {
            return Ok(Box::new(window));
        }
        let inner = self.text.as_str().read_span(span, before, after)?;
        let column = if before == 0 && after == 0 {
            self.file.position(span.offset()).column - 1
        } else {
            inner.column()
        };
        Ok(Box::new(MietteSpanContents::new_named(
            self.file.name.clone(),
            inner.data(),
            *inner.span(),
            inner.line(),
            column,
            inner.line_count(),
        )))
    }
}

impl Src {
    /// The part of a very long line around `span`, shown instead of the line and its
    /// neighbours: a minified file's one line would fill the screen (and miette cannot
    /// place a label more than 65,535 columns in).
    fn window(&self, span: &SourceSpan) -> Option<MietteSpanContents<'_>> {
        /// A line longer than this is shown in part.
        const LONG: usize = 4096;
        /// Bytes shown on each side of the span.
        const AROUND: usize = 160;
        let text = self.text.as_str();
        let start = span.offset().min(text.len());
        let end = (start + span.len()).min(text.len());
        let line_start = text[..start].rfind('\n').map_or(0, |p| p + 1);
        let line_end = text[end..].find('\n').map_or(text.len(), |p| end + p);
        if line_end - line_start <= LONG {
            return None;
        }
        let from = text.floor_char_boundary(start.saturating_sub(AROUND).max(line_start));
        let to = text.ceil_char_boundary((end + AROUND).min(line_end));
        let p = self.file.position(from);
        Some(MietteSpanContents::new_named(
            self.file.name.clone(),
            &text.as_bytes()[from..to],
            (from, to - from).into(),
            p.line - 1,
            p.column - 1,
            1,
        ))
    }
}
