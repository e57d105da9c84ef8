//! The rules: one per file, registered in [`RULES`], the only list of rule names and codes.

mod default_mismatch;
mod description_mismatch;
mod duplicate_entry;
mod invalid_interpolation;
mod misplaced_entry;
mod missing_entry;
pub(crate) use missing_entry::{docs_home, insertion_point};
mod parse_error;
mod profile_mismatch;
mod secret_exposed;
mod section_missing;
mod stale_reference;
mod truthiness_mismatch;
mod type_mismatch;
mod undeclared_variable;
pub mod unused_suppression;
mod unused_variable;

use crate::facts::{Mention, Role, Stated, Surface};
use crate::fix::{Applicability, Fix, Intent};
use crate::schema::{Schema, VarDecl};
use crate::source::{FileId, Span};

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

/// Declares a rule as a `RULE` static; the doc comment becomes [`Rule::doc`].
macro_rules! declare_rule {
    (
        $(#[doc = $doc:literal])*
        name: $name:literal, code: $code:literal, severity: $sev:ident,
        summary: $summary:literal, check: $check:path $(,)?
    ) => {
        $(#[doc = $doc])*
        pub static RULE: $crate::rules::Rule = $crate::rules::Rule {
            name: $name,
            code: $code,
            severity: $crate::rules::Severity::$sev,
            summary: $summary,
            doc: concat!($($doc, "\n"),*),
            check: $check,
        };
    };
}
pub(crate) use declare_rule;

/// Every rule, in code order.
pub static RULES: &[&Rule] = &[
    &missing_entry::RULE,
    &undeclared_variable::RULE,
    &duplicate_entry::RULE,
    &default_mismatch::RULE,
    &type_mismatch::RULE,
    &description_mismatch::RULE,
    &secret_exposed::RULE,
    &section_missing::RULE,
    &profile_mismatch::RULE,
    &unused_variable::RULE,
    &parse_error::RULE,
    &unused_suppression::RULE,
    &truthiness_mismatch::RULE,
    &invalid_interpolation::RULE,
    &stale_reference::RULE,
    &misplaced_entry::RULE,
];

/// The rule with this name or code.
pub fn find(name_or_code: &str) -> Option<&'static Rule> {
    RULES
        .iter()
        .copied()
        .find(|r| r.name == name_or_code || r.code.eq_ignore_ascii_case(name_or_code))
}

/// What rules see: the schema and the surfaces' facts; never file syntax.
#[derive(Debug)]
pub struct Context<'a> {
    pub schema: &'a Schema,
    pub schema_file: FileId,
    pub surfaces: &'a [Surface],
    /// Every file read (a surface's path is its file's name).
    pub files: &'a crate::source::Files,
}

impl Context<'_> {
    /// Every mention of a declared variable, with its surface and declaration.
    pub fn declared_mentions(&self) -> impl Iterator<Item = (&Surface, &Mention, &VarDecl)> {
        self.surfaces.iter().flat_map(move |s| {
            s.mentions
                .iter()
                .filter_map(move |m| self.schema.get(&m.name).map(|v| (s, m, v)))
        })
    }

    /// Every stated example value or default of a declared variable, judged.
    pub fn verdicts(
        &self,
    ) -> impl Iterator<Item = (&Surface, &Mention, &VarDecl, &Stated, Verdict)> {
        self.declared_mentions().flat_map(|(s, m, v)| {
            m.stated
                .iter()
                .filter(|st| st.role != Role::Description)
                .map(move |st| (s, m, v, st, verdict(v, st)))
        })
    }

    /// A finding of `rule` about declared variable `var` on surface `s`.
    pub fn finding(
        &self,
        rule: &'static Rule,
        s: &Surface,
        span: Span,
        var: &VarDecl,
        message: String,
    ) -> Finding {
        let mut f = Finding::new(rule, s.file, span, message);
        f.variable = Some(var.name.clone());
        f.declared = Some((self.schema_file, var.span.clone()));
        f.secret = var.secret || crate::surfaces::looks_secret(&var.name);
        f
    }
}

/// The fix that makes a stated value or default say `value`. A docs cell belongs to the
/// schema and is safe to rewrite; a dotenv value or note was written by a person: unsafe.
pub fn set_value(s: &Surface, st: &Stated, value: Option<String>) -> Fix {
    Fix {
        applicability: if s.kind == crate::schema::SurfaceName::Docs {
            Applicability::Safe
        } else {
            Applicability::Unsafe
        },
        intent: Intent::SetValue {
            span: st.span.clone(),
            role: st.role,
            value,
        },
    }
}

/// The value a stated text should have: the example value, or the default.
pub fn expected(v: &VarDecl, role: Role) -> Option<String> {
    match role {
        Role::Example => Some(v.example_value().to_owned()),
        Role::Default | Role::Description | Role::Test | Role::Numeric | Role::Reading => {
            v.default.clone()
        }
    }
}

/// The judgement of one stated value or default; each outcome belongs to exactly one rule,
/// so one drift is reported once.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Verdict {
    Agrees,
    /// A secret with a value (`secret-exposed`).
    SecretExposed,
    /// Not a value of the declared type (`type-mismatch`), with the reason.
    BadType(String),
    /// A valid value that differs from the schema (`default-mismatch`), with what was expected.
    Differs(Option<String>),
}

pub fn verdict(v: &VarDecl, st: &Stated) -> Verdict {
    let text = st.text.as_deref().filter(|t| !t.is_empty());
    match st.role {
        // Code converting a string to a number: only numeric types survive it.
        Role::Numeric => {
            return if matches!(
                v.ty,
                crate::schema::VarType::String
                    | crate::schema::VarType::Url
                    | crate::schema::VarType::Enum
            ) {
                Verdict::BadType(format!(
                    "is converted to a number, but it is a `{}`",
                    v.ty.name()
                ))
            } else {
                Verdict::Agrees
            };
        }
        // A value code compares with must be one the variable can hold.
        Role::Test => {
            return match text.and_then(|t| v.ty.reject(t, &v.values)) {
                Some(why) => Verdict::BadType(why),
                None => Verdict::Agrees,
            };
        }
        // Prose: runs of whitespace do not count.
        Role::Description => {
            let normalise = |t: &str| t.split_whitespace().collect::<Vec<_>>().join(" ");
            return if normalise(st.text.as_deref().unwrap_or_default()) == normalise(&v.description)
            {
                Verdict::Agrees
            } else {
                Verdict::Differs(Some(v.description.clone()))
            };
        }
        // How code reads a flag: only a bool's reading is a default.
        Role::Reading if v.ty != crate::schema::VarType::Bool => return Verdict::Agrees,
        Role::Example | Role::Default | Role::Reading => {}
    }
    if v.secret {
        return if text.is_some() {
            Verdict::SecretExposed
        } else {
            Verdict::Agrees
        };
    }
    if let Some(t) = text
        && let Some(why) = v.ty.reject(t, &v.values)
    {
        return Verdict::BadType(why);
    }
    let expected = match st.role {
        Role::Example => Some(v.example_value()).filter(|e| !e.is_empty()),
        Role::Default | Role::Description | Role::Test | Role::Numeric | Role::Reading => {
            v.default.as_deref()
        }
    };
    match (text, expected) {
        (None, None) => Verdict::Agrees,
        (Some(a), Some(b)) if v.ty.same(a, b) => Verdict::Agrees,
        _ => Verdict::Differs(expected.map(str::to_owned)),
    }
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

/// Runs every rule not in `ignore` and returns the findings sorted by file and position.
pub fn run(ctx: &Context, ignore: &[&'static Rule]) -> Vec<Finding> {
    let mut findings = Vec::new();
    for rule in RULES {
        if !ignore.iter().any(|i| std::ptr::eq(*i, *rule)) {
            (rule.check)(ctx, &mut findings);
        }
    }
    sort(&mut findings);
    findings
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

/// `surface`'s name as users know it.
pub fn surface_label(s: &Surface) -> &'static str {
    match s.kind {
        crate::schema::SurfaceName::Dotenv => "the dotenv file",
        crate::schema::SurfaceName::Docs => "the docs table",
        crate::schema::SurfaceName::Compose => "the compose file",
        crate::schema::SurfaceName::Code => "the code",
        crate::schema::SurfaceName::Prose => "the prose",
    }
}

/// Shows `text` in backticks, or says it is empty / unset.
pub fn shown(text: Option<&str>) -> String {
    match text {
        None => "unset".to_owned(),
        Some("") => "empty".to_owned(),
        Some(t) => format!("`{t}`"),
    }
}

#[cfg(test)]
pub(crate) mod tests;
