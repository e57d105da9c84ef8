//! `description-mismatch`: a docs description differs from the schema's.

use super::{Context, Finding, declare_rule, surface_label};
use crate::edit::{Applicability, Fix, Intent};
use crate::facts::Role;

declare_rule! {
    /// ## What it does
    /// Compares the docs table's Description cell of each declared variable with the
    /// schema's `description`. Runs of whitespace count as one space and `\|` as `|`;
    /// everything else, backticks and case included, must match.
    ///
    /// ## Why it matters
    /// The schema is the one place a description is edited; the table is regenerated
    /// from it. A hand edit to the table is lost at the next regeneration, or worse, it
    /// was the correction the schema needed.
    ///
    /// ## Example
    /// The schema says "REST port of the Qdrant sidecar."; the row says "Qdrant port.".
    ///
    /// ## Fix
    /// Edit the description in the schema and regenerate the row (`envlint docs`), or let
    /// `envlint fix --unsafe` write the schema's description into the cell: an unsafe fix,
    /// since the cell's text may be documentation someone wrote.
    name: "description-mismatch", code: "EL006", severity: Warning,
    summary: "a docs description differs from the schema",
    check: check,
    fixes: [
        (Docs, Unsafe, "rewrite a docs Description cell to the schema's description"),
    ],
}

fn check(ctx: &Context, out: &mut Vec<Finding>) {
    for (s, m, v) in ctx.declared_mentions() {
        for st in m.stated.iter().filter(|st| st.role == Role::Description) {
            if super::verdict(v, st) == super::Verdict::Agrees {
                continue;
            }
            let message = format!(
                "`{}`: the {} in {} differs from the schema",
                m.name,
                st.what,
                surface_label(s)
            );
            out.push(
                ctx.finding(&RULE, s, st.span.clone(), v, message)
                    .values(st.text.as_deref(), Some(&v.description))
                    .label("differs from the schema's description")
                    .help(format!("the schema says: {}", v.description))
                    .fix(
                        s,
                        Fix {
                            // A description is prose a person wrote: rewritten only when
                            // asked (`fix --unsafe`, or `envlint docs`).
                            applicability: Applicability::Unsafe,
                            intent: Intent::SetDescription {
                                span: st.span.clone(),
                                text: v.description.clone(),
                            },
                        },
                    ),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::tests::{DOCS, ENV, findings_of, run_on};

    #[test]
    fn an_edited_description_is_a_warning() {
        let docs = DOCS.replace("REST port of the Qdrant sidecar.", "Qdrant   port.");
        let f = findings_of("description-mismatch", &run_on(ENV, &docs));
        assert_eq!(f, vec![("docs.md".to_owned(), "QDRANT_PORT".to_owned(), 6)]);
    }

    #[test]
    fn whitespace_runs_do_not_count() {
        let docs = DOCS.replace(
            "REST port of the Qdrant sidecar.",
            "REST  port of the   Qdrant sidecar.",
        );
        assert!(findings_of("description-mismatch", &run_on(ENV, &docs)).is_empty());
    }
}
