//! `type-mismatch`: a stated value that cannot be of the declared type.

use super::{Context, Verdict, declare_rule, expected, set_value, surface_label};
use crate::facts::Role;

declare_rule! {
    /// ## What it does
    /// Reports a value or default stated on a surface that the variable's declared type
    /// does not accept: `63a3` for a `port`, `yes please` for a `bool`, `bifrost:8080`
    /// (no scheme) for a `url`, a word outside an `enum`'s `values`.
    ///
    /// ## Why it matters
    /// Such a value fails at start-up (or worse, parses to something else) the moment
    /// someone copies it.
    ///
    /// ## Example
    /// `BIFROST_STREAMING_ENABLED` is a `bool`; `.env.example` has
    /// `# BIFROST_STREAMING_ENABLED=enabled`.
    ///
    /// ## Fix
    /// Write a value of the declared type, or correct the type in the schema.
    name: "type-mismatch", code: "EL005", severity: Error,
    summary: "a value that cannot be of the declared type",
    check: check,
    fixes: [
        (Docs, Safe, "rewrite a docs Default cell that is not of the declared type"),
        (Dotenv, Unsafe, "rewrite a dotenv value or `Default:` note that is not of the declared type"),
    ],
}

fn check(ctx: &Context, out: &mut Vec<super::Finding>) {
    for (s, m, v, st, verdict) in ctx.verdicts() {
        let Verdict::BadType(why) = verdict else {
            continue;
        };
        let text = st.text.as_deref().unwrap_or_default();
        let (message, label) = match st.role {
            Role::Numeric => (
                format!(
                    "`{}` is declared `{}`, but {} in {} converts it to a number",
                    m.name,
                    v.ty.name(),
                    text,
                    surface_label(s)
                ),
                "converted to a number".to_owned(),
            ),
            _ => (
                format!(
                    "`{}`: the {} `{text}` in {} {why}",
                    m.name,
                    st.what,
                    surface_label(s)
                ),
                format!("not a `{}`", v.ty.name()),
            ),
        };
        let wanted = expected(v, st.role);
        out.push(
            ctx.finding(&RULE, s, st.span.clone(), v, message)
                .via(s, m)
                .defined(st)
                .values(
                    st.text.as_deref(),
                    wanted.as_deref().filter(|w| !w.is_empty()),
                )
                .label(label)
                .fix(s, set_value(s, st, expected(v, st.role))),
        );
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::tests::{DOCS, findings_of, run_on};

    #[test]
    fn an_invalid_port_is_a_type_mismatch_not_a_default_mismatch() {
        let env = "# QDRANT_HOST=\n# QDRANT_PORT=63a3\n# QDRANT_VECTOR_SIZE=1536\n";
        let all = run_on(env, DOCS);
        assert_eq!(
            findings_of("type-mismatch", &all),
            vec![(".env.example".to_owned(), "QDRANT_PORT".to_owned(), 2)]
        );
        assert!(findings_of("default-mismatch", &all).is_empty());
    }
}
