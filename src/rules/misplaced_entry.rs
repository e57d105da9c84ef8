//! `misplaced-entry`: a docs row sits in another section than the one it belongs in.

use super::{Context, Finding, declare_rule};
use crate::facts::MentionKind;
use crate::schema::SurfaceName;

declare_rule! {
    /// ## What it does
    /// Reports a docs row of a declared variable that sits in a table outside the section
    /// the variable belongs in (its `section`, else `[surfaces.docs] section`): the
    /// reference documents it, but not where readers look for it. Only when that section
    /// has a table somewhere (else `section-missing` says so), never for a variable without
    /// a section, and never for a row restating one the variable has in its own section.
    ///
    /// ## Why it matters
    /// A reference of many numbered sections is read by section: a Qdrant variable under
    /// "12. Logging" is one nobody finds when setting up the memory sidecar.
    ///
    /// ## Example
    /// The schema puts `QDRANT_PORT` in `section = "25."`, but its row is in the table of
    /// `## 12. Logging`.
    ///
    /// ## Fix
    /// Move the row into the section's table, or change `section` for the variable.
    name: "misplaced-entry", code: "EL016", severity: Warning,
    summary: "a docs row sits in another section than the one it belongs in",
    check: check,
}

fn check(ctx: &Context, out: &mut Vec<Finding>) {
    let docs: Vec<_> = ctx
        .surfaces
        .iter()
        .filter(|s| s.kind == SurfaceName::Docs)
        .collect();
    for (s, m, v) in ctx.declared_mentions() {
        if s.kind != SurfaceName::Docs || m.kind != MentionKind::Entry {
            continue;
        }
        let Some(section) = v.section.as_deref() else {
            continue;
        };
        let has_home = docs
            .iter()
            .flat_map(|d| &d.tables)
            .any(|t| t.in_section(section));
        let Some(table) = s
            .tables
            .iter()
            .find(|t| t.span.start <= m.span.start && m.span.end <= t.span.end)
        else {
            continue;
        };
        if !has_home || table.in_section(section) {
            continue;
        }
        // Restated in another section beside its row at home: a cross-reference, not a
        // misplaced row.
        let at_home = docs.iter().any(|d| {
            d.mentions.iter().any(|o| {
                o.name == m.name
                    && o.kind == MentionKind::Entry
                    && d.tables.iter().any(|t| {
                        t.span.start <= o.span.start
                            && o.span.end <= t.span.end
                            && t.in_section(section)
                    })
            })
        });
        if at_home {
            continue;
        }
        let under = table
            .sections
            .last()
            .map_or("no heading".to_owned(), |h| format!("`{}`", h.trim()));
        out.push(
            ctx.finding(
                &RULE,
                s,
                m.span.clone(),
                v,
                format!("`{}` is documented under {under}, but belongs in section `{section}`", v.name),
            )
            .label(format!("this row belongs in section `{section}`"))
            .help(format!(
                "move the row into the table of section `{section}`, or set `section` for `{}` in the schema",
                v.name
            )),
        );
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::tests::{DOCS, ENV, findings_of, run_on};

    #[test]
    fn a_row_in_another_section_is_reported_where_it_is() {
        let port = "| `QDRANT_PORT` | `6333` | REST port of the Qdrant sidecar. |\n";
        let docs = format!(
            "{}\n## 12. Logging\n\n| Variable | Default | Description |\n| --- | --- | --- |\n{port}",
            DOCS.replace(port, "")
        );
        let all = run_on(ENV, &docs);
        let line = docs
            .lines()
            .position(|l| l.contains("QDRANT_PORT"))
            .unwrap()
            + 1;
        assert_eq!(
            findings_of("misplaced-entry", &all),
            vec![("docs.md".to_owned(), "QDRANT_PORT".to_owned(), line)]
        );
        assert_eq!(all.len(), 1, "not missing as well: {all:?}");
        // Without its section anywhere, `section-missing` says so instead.
        let docs = docs.replace("## 25.", "## 26.");
        assert!(findings_of("misplaced-entry", &run_on(ENV, &docs)).is_empty());
    }
}
