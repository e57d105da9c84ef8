//! `secret-exposed`: a secret has a value on a surface.

use super::{Context, Verdict, declare_rule, surface_label};
use crate::edit::{Applicability, Fix, Intent};
use crate::facts::Role;

declare_rule! {
    /// ## What it does
    /// Reports a variable declared `secret = true` that has a value in the dotenv file
    /// (set or commented out), a `Default:` note, or a docs Default cell other than the
    /// unset marker. The value itself is never printed, in any output format.
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
        if verdict != Verdict::SecretExposed {
            continue;
        }
        let message = format!(
            "`{}` is a secret, but its {} in {} has a value",
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
