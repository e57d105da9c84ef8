//! `secret-exposed`: a secret has a value on a surface.

use super::{Context, Verdict, declare_rule, surface_label};
use crate::edit::{Applicability, Fix, Intent};
use crate::facts::Role;

declare_rule! {
    /// ## What it does
    /// Reports a variable declared `secret = true` (the schema decides; no name makes a
    /// variable secret) whose stated value in a committed file looks real: in the dotenv
    /// file (set or commented out), a `Default:` note, a docs Default cell, a compose
    /// literal or a code fallback. A placeholder is not reported (empty, `CHANGEME`,
    /// `change-me`, `your-…`, `<…>`, `xxx…`, `***`, `…`, `secret`, `password`, `example`,
    /// `test`, `dummy`, `placeholder`, the unset marker, `-`), nor a sample stack's
    /// well-known default (`postgres`, `minioadmin`, `guest`) unless it also has a
    /// credential's shape. The message says what made it look real (a token format, the
    /// entropy of a random key, a URL carrying a password, or nothing marking it as a
    /// placeholder); the value itself is never printed, in any output format.
    ///
    /// ## Why it matters
    /// `.env.example` and the docs are committed and published; a key pasted there is
    /// leaked, and an example key invites deployments to share it.
    ///
    /// ## Example
    /// `# QDRANT_API_KEY=qd-3f9a...` in `.env.example`.
    ///
    /// ## Fix
    /// Leave the value empty (`# QDRANT_API_KEY=`), write `_(unset)_` in the docs, and
    /// rotate the key if it was real.
    name: "secret-exposed", code: "EL007", severity: Error,
    summary: "a secret has a value in .env.example or a default in the docs",
    check: check,
    fixes: [
        (Dotenv, Safe, "blank a declared secret's dotenv value"),
        (Docs, Safe, "blank a declared secret's docs Default cell"),
    ],
}

fn check(ctx: &Context, out: &mut Vec<super::Finding>) {
    for (s, m, v, st, verdict) in ctx.verdicts() {
        let Verdict::SecretExposed(evidence) = verdict else {
            continue;
        };
        let message = format!(
            "`{}` is a secret, but its {} in {} has a value that looks real: {evidence}",
            m.name,
            st.what,
            surface_label(s)
        );
        out.push(
            ctx.finding(&RULE, s, st.span.clone(), v, message)
                .via(s, m)
                .defined(st)
                .values(st.text.as_deref(), None)
                .label("secret value (not shown)")
                .help("leave it empty; rotate the secret if it was real")
                .fix(
                    s,
                    Fix {
                        applicability: Applicability::Safe,
                        intent: Intent::SetValue {
                            span: st.span.clone(),
                            role: st.role,
                            value: (st.role == Role::Example).then(String::new),
                        },
                    },
                ),
        );
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::tests::{DOCS, findings_of, run_on};

    #[test]
    fn a_placeholder_is_not_reported() {
        for value in [
            "CHANGEME",
            "your-key-here",
            "<api-key>",
            "xxxxxxxx",
            "postgres",
        ] {
            let env = format!(
                "# QDRANT_HOST=\n# QDRANT_PORT=6333\n# QDRANT_VECTOR_SIZE=1536\nQDRANT_API_KEY={value}\n"
            );
            assert!(run_on(&env, DOCS).is_empty(), "{value}");
        }
    }

    #[test]
    fn a_secret_value_is_reported() {
        let env = "# QDRANT_HOST=\n# QDRANT_PORT=6333\n# QDRANT_VECTOR_SIZE=1536\nQDRANT_API_KEY=hunter2\n";
        let all = run_on(env, DOCS);
        assert_eq!(
            findings_of("secret-exposed", &all),
            vec![(".env.example".to_owned(), "QDRANT_API_KEY".to_owned(), 4)]
        );
        assert_eq!(all.len(), 1, "{all:?}");
    }
}
