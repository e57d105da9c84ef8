//! `section-missing`: the docs section, its table or a needed column cannot be found.

use super::{Context, Finding, declare_rule};

declare_rule! {
    /// ## What it does
    /// Reports a section the variables' rows belong in (`section`, schema-wide or a
    /// variable's) that no heading of any docs file starts with (any level), a section
    /// without a table, or its table without one of the columns envlint reads
    /// (`Variable`, `Default`, `Description`, matched by header text in any order and
    /// case). Each is reported once, over all the docs files. While a section, its table
    /// or its `Variable` column is missing, no row of it is reported missing: the finding
    /// would repeat for every variable.
    ///
    /// ## Why it matters
    /// A renumbered section or a renamed column silently detaches the reference table
    /// from every check.
    ///
    /// ## Example
    /// The schema says `section = "25."`, but the docs now number it `## 26. Sidecars`.
    ///
    /// ## Fix
    /// Update `section` in the schema, or restore the heading, table or column.
    name: "section-missing", code: "EL008", severity: Error,
    summary: "the docs section, its table or a needed column cannot be found",
    check: check,
}

fn check(ctx: &Context, out: &mut Vec<Finding>) {
    for s in ctx.surfaces {
        for p in &s.structure {
            out.push(
                Finding::new(&RULE, s.file, p.span.clone(), p.message.clone())
                    .label(p.label.clone()),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::tests::{DOCS, ENV, findings_of, run_on};

    #[test]
    fn a_renumbered_section_is_reported_once() {
        let docs = DOCS.replace("## 25.", "## 26.");
        let all = run_on(ENV, &docs);
        assert_eq!(findings_of("section-missing", &all).len(), 1);
        assert_eq!(all.len(), 1, "{all:?}");
    }

    #[test]
    fn a_missing_column_is_reported() {
        let docs = DOCS.replace("| Description |", "| Notes |");
        let f = findings_of("section-missing", &run_on(ENV, &docs));
        assert_eq!(f, vec![("docs.md".to_owned(), String::new(), 3)]);
    }
}
