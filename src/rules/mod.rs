//! The rules: one per file, registered in [`RULES`], the only list of rule names and
//! codes; rules see facts, never file syntax (their tests read files through the
//! surfaces). May import: `source`, `error`, `schema`, `facts`, `edit`, `surfaces`,
//! `report`.

mod default_mismatch;
mod description_mismatch;
mod duplicate_entry;
mod invalid_interpolation;
mod misplaced_entry;
mod missing_entry;
pub use missing_entry::{docs_home, insertion_point};
mod parse_error;
mod profile_mismatch;
mod required_mismatch;
mod secret_exposed;
mod section_missing;
mod stale_reference;
mod truthiness_mismatch;
mod type_mismatch;
mod undeclared_variable;
pub mod unused_suppression;
mod unused_variable;

use crate::edit::{Applicability, Fix, Intent};
use crate::error::{Error, SchemaProblem};
use crate::facts::{Mention, Role, Stated, Surface};
pub use crate::facts::{Verdict, expected, verdict};
pub use crate::report::{Context, Finding, FixClass, Rule, Severity};
use crate::schema::{Schema, VarDecl};
use crate::source::Span;

/// Declares a rule as a `RULE` static; the doc comment becomes [`Rule::doc`].
macro_rules! declare_rule {
    (
        $(#[doc = $doc:literal])*
        name: $name:literal, code: $code:literal, severity: $sev:ident,
        summary: $summary:literal, check: $check:path
        $(, fixes: [$(($surface:ident, $applicability:ident, $what:literal)),* $(,)?])? $(,)?
    ) => {
        $(#[doc = $doc])*
        pub static RULE: $crate::report::Rule = $crate::report::Rule {
            name: $name,
            code: $code,
            severity: $crate::report::Severity::$sev,
            summary: $summary,
            doc: concat!($($doc, "\n"),*),
            check: $check,
            fixes: &[$($($crate::report::FixClass {
                surface: $crate::schema::SurfaceName::$surface,
                applicability: $crate::edit::Applicability::$applicability,
                what: $what,
            }),*)?],
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
    &required_mismatch::RULE,
];

/// The rule with this name or code.
pub fn find(name_or_code: &str) -> Option<&'static Rule> {
    RULES
        .iter()
        .copied()
        .find(|r| r.name == name_or_code || r.code.eq_ignore_ascii_case(name_or_code))
}

/// Refuses a schema whose variables' `ignore` names something that is not a rule (every
/// such name at once, each at its span, as the schema's own problems are).
pub fn check_schema(schema: &Schema) -> Result<(), Error> {
    let problems: Vec<SchemaProblem> = schema
        .variables
        .iter()
        .flat_map(|v| &v.ignore)
        .filter(|(name, _)| find(name).is_none())
        .map(|(name, span)| SchemaProblem {
            span: span.clone(),
            message: format!("`ignore` names `{name}`, which is not a rule"),
        })
        .collect();
    if problems.is_empty() {
        Ok(())
    } else {
        Err(Error::schema(&schema.source, problems))
    }
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
        // The schema decides what is secret: no name makes a declared variable one.
        f.secret = var.secret;
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

/// Runs every rule not in `ignore` and returns the findings sorted by file and position.
pub fn run(ctx: &Context, ignore: &[&'static Rule]) -> Vec<Finding> {
    let mut findings = Vec::new();
    for rule in RULES {
        if !ignore.iter().any(|i| std::ptr::eq(*i, *rule)) {
            (rule.check)(ctx, &mut findings);
        }
    }
    crate::report::sort(&mut findings);
    findings
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
