//! The report of a run: what a rule is (`Rule`, `Severity`), what rules see (`Context`)
//! and fill (`Finding`), and what renderers, baselines and the commands read (`Report`,
//! fingerprints, masked texts); below `rules`, which build findings. May import: `source`,
//! `schema`, `facts`, `edit`.

use std::sync::Arc;

use crate::edit::{Applicability, Fix};
use crate::facts::{Mention, Stated, Surface};
use crate::schema::{Schema, SurfaceName};
use crate::source::{FileId, Files, Span};

/// How bad a finding is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    Warning,
    Error,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Warning => "warning",
            Self::Error => "error",
        }
    }
}

/// A rule: its identity, its documentation and its check.
#[derive(Debug)]
pub struct Rule {
    /// Kebab-case name, part of the interface (`--ignore`, JSON `rule`).
    pub name: &'static str,
    /// Stable code, `EL` and three digits.
    pub code: &'static str,
    pub severity: Severity,
    /// One line for tables and SARIF.
    pub summary: &'static str,
    /// The doc comment of the rule's declaration: What it does / Why it matters / Example / Fix.
    pub doc: &'static str,
    pub check: fn(&Context, &mut Vec<Finding>),
    /// The fixes its findings carry: what `envlint fix --help` lists, and what a test
    /// holds the findings to.
    pub fixes: &'static [FixClass],
}

/// A kind of fix a rule proposes on one surface.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FixClass {
    pub surface: SurfaceName,
    pub applicability: Applicability,
    /// What it does, as help text says it ("add the missing entry").
    pub what: &'static str,
}

impl Rule {
    /// The documentation as Markdown, without the doc-comment indentation.
    pub fn doc(&self) -> String {
        let mut out = String::new();
        for line in self.doc.lines() {
            out.push_str(line.strip_prefix(' ').unwrap_or(line));
            out.push('\n');
        }
        out.trim().to_owned() + "\n"
    }
}

/// What rules see: the schema and the surfaces' facts; never file syntax.
#[derive(Debug)]
pub struct Context<'a> {
    pub schema: &'a Schema,
    pub schema_file: FileId,
    pub surfaces: &'a [Surface],
    /// Every file read (a surface's path is its file's name).
    pub files: &'a Files,
}

/// One drift, located in one file.
#[derive(Debug, Clone)]
pub struct Finding {
    pub rule: &'static Rule,
    pub severity: Severity,
    pub variable: Option<String>,
    pub file: FileId,
    pub span: Span,
    pub message: String,
    /// The primary label's text.
    pub label: String,
    pub help: Option<String>,
    /// Other places that explain the finding (the first of two duplicates, say).
    pub related: Vec<(FileId, Span, String)>,
    /// The declaration in the schema.
    pub declared: Option<(FileId, Span)>,
    /// What `envlint fix` would do about it.
    pub fix: Option<Fix>,
    /// The value the surface states, as text (`None`: none).
    pub found: Option<String>,
    /// The value the schema wants, as text (`None`: none).
    pub expected: Option<String>,
    /// Whether the variable is a secret (declared so, or named like one): `found` and
    /// `expected` are masked in every output.
    pub secret: bool,
}

impl Finding {
    pub fn new(rule: &'static Rule, file: FileId, span: Span, message: String) -> Self {
        Self {
            rule,
            severity: rule.severity,
            variable: None,
            file,
            span,
            message,
            label: String::new(),
            help: None,
            related: Vec::new(),
            declared: None,
            fix: None,
            found: None,
            expected: None,
            secret: false,
        }
    }

    /// The value stated and the value wanted.
    #[must_use]
    pub fn values(mut self, found: Option<&str>, expected: Option<&str>) -> Self {
        self.found = found.map(str::to_owned);
        self.expected = expected.map(str::to_owned);
        self
    }

    /// Adds where the constant behind a stated value is defined, when that is elsewhere.
    #[must_use]
    pub fn defined(mut self, st: &Stated) -> Self {
        if let Some((file, span)) = &st.defined {
            self.related
                .push((*file, span.clone(), "defined here".to_owned()));
        }
        self
    }

    /// Attaches `fix`, unless `s` is a surface envlint never rewrites (compose, code).
    #[must_use]
    pub fn fix(mut self, s: &Surface, fix: Fix) -> Self {
        if s.kind.rewritable() {
            self.fix = Some(fix);
        }
        self
    }

    /// Whether `envlint fix` (without `--unsafe`) fixes it.
    pub fn fixable(&self) -> bool {
        self.fix
            .as_ref()
            .is_some_and(|f| f.applicability == Applicability::Safe)
    }

    /// Adds where an inherited mention comes in (a compose merge's alias), when it is.
    #[must_use]
    pub fn via(mut self, s: &Surface, m: &Mention) -> Self {
        if let Some(via) = &m.via {
            let scope = m
                .scope
                .as_deref()
                .map_or(String::new(), |sc| format!(" into service `{sc}`"));
            self.related
                .push((s.file, via.clone(), format!("merged{scope} here")));
        }
        self
    }

    /// Adds another place that explains the finding.
    #[must_use]
    pub fn related(mut self, file: FileId, span: Span, label: impl Into<String>) -> Self {
        self.related.push((file, span, label.into()));
        self
    }

    #[must_use]
    pub fn label(mut self, label: impl Into<String>) -> Self {
        self.label = label.into();
        self
    }

    #[must_use]
    pub fn help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }
}

/// Findings in report order: by file, position, rule code, then variable.
pub fn sort(findings: &mut [Finding]) {
    findings.sort_by(|a, b| {
        (a.file, a.span.start, a.rule.code, &a.variable).cmp(&(
            b.file,
            b.span.start,
            b.rule.code,
            &b.variable,
        ))
    });
}

/// The outcome of a check: every file read, the facts, and the findings.
#[derive(Debug)]
pub struct Report {
    pub files: Files,
    pub schema_file: FileId,
    pub surfaces: Vec<Surface>,
    pub findings: Vec<Finding>,
    pub variables: usize,
    /// Source files the code surface walked (`None`: no code surface).
    pub code_files: Option<usize>,
    /// What `--verbose` prints: files skipped, dynamic reads counted.
    pub notes: Vec<String>,
    /// Findings silenced by an `envlint: ignore[...]` comment or a schema `ignore`.
    pub suppressed: usize,
    /// Findings a `--baseline` file accepted.
    pub baselined: usize,
}

impl Report {
    pub fn errors(&self) -> usize {
        self.findings
            .iter()
            .filter(|f| f.severity == Severity::Error)
            .count()
    }

    pub fn warnings(&self) -> usize {
        self.findings.len() - self.errors()
    }

    /// A file's text with every value that must not be printed replaced by `*`s of the same
    /// byte length, so spans stay valid.
    pub fn redacted(&self, id: FileId) -> Arc<String> {
        let file = self.files.get(id);
        let spans: Vec<_> = self
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
}

/// 64-bit FNV-1a: a hash that stays the same across releases and platforms.
fn fnv1a(parts: &[&str]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for part in parts {
        for b in part.bytes().chain(std::iter::once(0)) {
            h ^= u64::from(b);
            h = h.wrapping_mul(0x0100_0000_01b3);
        }
    }
    h
}

/// The fingerprint of `f`: rule, variable, file and the text it points at (a secret's
/// value left out), as 16 hex digits.
pub fn fingerprint(report: &Report, f: &Finding) -> String {
    let file = report.files.get(f.file);
    let stated = if f.secret {
        "(secret)"
    } else {
        file.text.get(f.span.clone()).unwrap_or_default().trim()
    };
    let variable = f.variable.as_deref().unwrap_or_default();
    format!(
        "{:016x}",
        fnv1a(&["v1", f.rule.name, variable, &file.name, stated])
    )
}
