//! `default-mismatch`: a stated value or default disagrees with the schema.

use super::{Context, Finding, Verdict, declare_rule, set_value, shown, surface_label};
use crate::facts::Role;
use crate::schema::SurfaceName;

declare_rule! {
    /// ## What it does
    /// Compares every value a surface states with the schema: a dotenv entry's value with
    /// the schema's `example` (else `default`), a `Default: X` note above the entry and a
    /// docs Default cell with the schema's `default`. Values compare by type: quotes and
    /// backticks are removed, `1` and `true` are the same bool, `06333` and `6333` the same
    /// port, and `_(unset)_` (or an empty cell) means no default.
    ///
    /// ## Why it matters
    /// Operators copy the value they read. A docs table that says `6334` for a port the
    /// code defaults to `6333` sends them to the wrong place.
    ///
    /// ## Example
    /// The schema says `default = "30000"` for `BIFROST_TIMEOUT_MS`; `.env.example` has
    /// `# Default: 60000 (60s).` above `# BIFROST_TIMEOUT_MS=30000`.
    ///
    /// ## Fix
    /// Make the surface say what the schema says, or change the schema if the surface is
    /// right.
    name: "default-mismatch", code: "EL004", severity: Error,
    summary: "a stated default or example value disagrees with the schema",
    check: check,
    fixes: [
        (Docs, Safe, "rewrite a docs Default cell to the schema's default"),
        (Dotenv, Unsafe, "rewrite a dotenv value or `Default:` note to the schema's"),
    ],
}

fn check(ctx: &Context, out: &mut Vec<Finding>) {
    for (s, m, v, st, verdict) in ctx.verdicts() {
        let Verdict::Differs(expected) = verdict else {
            continue;
        };
        let found = shown(st.text.as_deref());
        let wanted = match (st.role, &expected) {
            (Role::Example, None) => "an empty value (no example or default)".to_owned(),
            (Role::Example, Some(e)) => format!("`{e}`"),
            (_, None) => "no default".to_owned(),
            (_, Some(e)) => format!("default `{e}`"),
        };
        let message = match (s.kind, st.role) {
            (SurfaceName::Code, Role::Reading) => format!(
                "`{}`: unset, the code reads it as {}, but the schema says {wanted}",
                m.name,
                if st.text.as_deref() == Some("true") {
                    "on"
                } else {
                    "off"
                },
            ),
            (SurfaceName::Code, _) if st.what == "computed default" => match &st.text {
                Some(t) => format!(
                    "`{}`: unset, the code uses `{t}`, but the schema says {wanted}",
                    m.name
                ),
                None => format!(
                    "`{}`: unset, the code applies no default, but the schema says {wanted}",
                    m.name
                ),
            },
            _ => format!(
                "`{}`: the {} in {} is {found}, but the schema says {wanted}",
                m.name,
                st.what,
                surface_label(s)
            ),
        };
        out.push(
            ctx.finding(&RULE, s, st.span.clone(), v, message)
                .via(s, m)
                .defined(st)
                .label(format!("schema says {wanted}"))
                .values(st.text.as_deref(), expected.as_deref())
                .fix(s, set_value(s, st, super::expected(v, st.role))),
        );
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::tests::{DOCS, findings_of, run_on};

    #[test]
    fn values_notes_and_cells_are_compared() {
        let env =
            "# QDRANT_HOST=\n# Default: 6334.\n# QDRANT_PORT=6333\n# QDRANT_VECTOR_SIZE=768\n";
        let docs = DOCS.replace("| `6333` |", "| `6335` |");
        let f = findings_of("default-mismatch", &run_on(env, &docs));
        assert_eq!(
            f,
            vec![
                (".env.example".to_owned(), "QDRANT_PORT".to_owned(), 2),
                (
                    ".env.example".to_owned(),
                    "QDRANT_VECTOR_SIZE".to_owned(),
                    4
                ),
                ("docs.md".to_owned(), "QDRANT_PORT".to_owned(), 6),
            ]
        );
    }

    #[test]
    fn spellings_of_one_value_agree() {
        let env = "# QDRANT_HOST=\n# QDRANT_PORT=\"06333\"\n# QDRANT_VECTOR_SIZE='1536'\n";
        assert!(findings_of("default-mismatch", &run_on(env, DOCS)).is_empty());
    }
}
