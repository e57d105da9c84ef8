//! `undeclared-variable`: an owned-prefix name on a surface that the schema does not declare.

use super::{Context, Finding, declare_rule, surface_label};
use crate::facts::MentionKind;

declare_rule! {
    /// ## What it does
    /// Reports a name with an owned prefix (`QDRANT_`, `BIFROST_`, ...) that a surface
    /// mentions but the schema does not declare, and suggests the nearest declared name.
    /// A name in a compose comment is reported as a warning: prose, not configuration.
    ///
    /// ## Why it matters
    /// The schema owns every name with its prefixes. An undeclared one is either a typo
    /// (`QDRANT_VECTOR_SIZ`) that silently never takes effect, or a new variable that
    /// skipped the schema and so every other surface.
    ///
    /// ## Example
    /// `.env.example` has `# QDRANT_COLECTION=omniroute_memory`; the schema declares
    /// `QDRANT_COLLECTION`.
    ///
    /// ## Fix
    /// Correct the name, or declare the variable in the schema.
    name: "undeclared-variable", code: "EL002", severity: Error,
    summary: "an owned-prefix name on a surface is not in the schema",
    check: check,
}

fn check(ctx: &Context, out: &mut Vec<Finding>) {
    for s in ctx.surfaces {
        // A mention inherited by several compose services is one place in the file.
        let mut reported = foldhash::HashSet::default();
        for m in s
            .mentions
            .iter()
            .filter(|m| ctx.schema.get(&m.name).is_none())
            .filter(|m| reported.insert(m.span.start))
        {
            let comment = m.kind == MentionKind::Comment;
            let place = if s.kind == crate::schema::SurfaceName::Prose {
                "the prose".to_owned()
            } else if comment {
                format!("a comment of {}", surface_label(s))
            } else {
                surface_label(s).to_owned()
            };
            let mut f = Finding::new(
                &RULE,
                s.file,
                m.span.clone(),
                format!("`{}` in {place} is not declared in the schema", m.name),
            )
            .label("not declared")
            .via(s, m);
            if comment {
                f.severity = super::Severity::Warning;
            }
            f.variable = Some(m.name.clone());
            if let Some(near) = nearest(ctx, &m.name) {
                f = f.help(format!("did you mean `{}`?", near.name));
                f.related.push((
                    ctx.schema_file,
                    near.span.clone(),
                    format!("`{}` is declared here", near.name),
                ));
            } else {
                f = f.help("declare it in the schema, or remove it");
            }
            out.push(f);
        }
    }
}

/// The declared name nearest to `name`, when it is near enough to be a likely typo.
fn nearest<'a>(ctx: &'a Context, name: &str) -> Option<&'a crate::schema::VarDecl> {
    let limit = (name.len() / 4).max(2);
    ctx.schema
        .variables
        .iter()
        .map(|v| (distance(name, &v.name), v))
        .filter(|&(d, _)| d <= limit)
        .min_by_key(|&(d, _)| d)
        .map(|(_, v)| v)
}

/// Optimal-string-alignment distance: edits, with a swap of two neighbours as one edit.
pub fn distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let mut rows = vec![vec![0usize; b.len() + 1]; a.len() + 1];
    for (i, row) in rows.iter_mut().enumerate() {
        row[0] = i;
    }
    for (j, cell) in rows[0].iter_mut().enumerate() {
        *cell = j;
    }
    for i in 1..=a.len() {
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            let mut d = (rows[i - 1][j] + 1)
                .min(rows[i][j - 1] + 1)
                .min(rows[i - 1][j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                d = d.min(rows[i - 2][j - 2] + 1);
            }
            rows[i][j] = d;
        }
    }
    rows[a.len()][b.len()]
}

#[cfg(test)]
mod tests {
    use super::distance;
    use crate::rules::tests::{DOCS, findings_of, run_on};

    #[test]
    fn distances() {
        assert_eq!(distance("QDRANT_PORT", "QDRANT_PORT"), 0);
        assert_eq!(distance("QDRANT_PROT", "QDRANT_PORT"), 1);
        assert_eq!(distance("QDRANT_POT", "QDRANT_PORT"), 1);
        assert_eq!(distance("abc", ""), 3);
    }

    #[test]
    fn a_typo_is_reported_with_a_suggestion() {
        let env = "# QDRANT_HOST=\n# QDRANT_PORT=6333\n# QDRANT_PROT=6333\n";
        let f = findings_of("undeclared-variable", &run_on(env, DOCS));
        assert_eq!(
            f,
            vec![(".env.example".to_owned(), "QDRANT_PROT".to_owned(), 3)]
        );
    }
}
