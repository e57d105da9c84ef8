//! `required-mismatch`: one surface says a variable is required, another gives it a default
//! or calls it optional.

use super::{Context, Finding, Verdict, declare_rule, shown, surface_label};
use crate::facts::Role;

declare_rule! {
    /// ## What it does
    /// Compares what each surface says about whether a variable must be set with the
    /// schema's `required`. A surface says it is required with a docs `Required` cell
    /// (`yes`, `required`) or `Required` in the Default cell, a compose interpolation that
    /// refuses to start without it (`${X:?message}`), or code that throws without it; it
    /// says it is optional with a `Required` cell of `no` or `optional`. A default stated
    /// for a required variable (a docs Default cell, a compose `${X:-d}`, a default the
    /// code falls back to) disagrees too: a required variable has none.
    ///
    /// ## Why it matters
    /// A variable the docs call optional but the deployment refuses to start without costs
    /// a failed first start; one the schema requires but the code quietly defaults hides
    /// a misconfiguration until the default is wrong for production.
    ///
    /// ## Example
    /// The schema says `required = true` for `BIFROST_URL`, and the compose file reads it
    /// as `${BIFROST_URL:-http://bifrost:8080}`.
    ///
    /// ## Fix
    /// Decide whether the deployment can start without it: set `required` in the schema
    /// accordingly, then correct the surface (drop the default, or the `Required` cell).
    name: "required-mismatch", code: "EL017", severity: Error,
    summary: "a surface calls a variable required or optional, or defaults a required one, against the schema",
    check: check,
}

fn check(ctx: &Context, out: &mut Vec<Finding>) {
    for (s, m, v, st, verdict) in ctx.verdicts() {
        let Verdict::Requirement(required) = verdict else {
            continue;
        };
        let schema = if required { "required" } else { "optional" };
        let said = match st.role {
            Role::Required if st.text.as_deref() == Some("true") => "calls it required".to_owned(),
            Role::Required => "calls it optional".to_owned(),
            _ => format!("gives it the default {}", shown(st.text.as_deref())),
        };
        let message = format!(
            "`{}`: the {} in {} {said}, but the schema says it is {schema}",
            m.name,
            st.what,
            surface_label(s)
        );
        out.push(
            ctx.finding(&RULE, s, st.span.clone(), v, message)
                .via(s, m)
                .defined(st)
                .values(st.text.as_deref(), Some(schema))
                .label(format!("the schema says {schema}")),
        );
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::tests::{findings_of, run_on};

    #[test]
    fn a_required_cell_or_a_default_against_the_schema() {
        // QDRANT_PORT is optional with a default in the test schema: a docs table that
        // calls it required disagrees.
        let docs = "## 25. Qdrant\n\n| Variable | Required | Default | Description |\n| --- | --- | --- | --- |\n| `QDRANT_HOST` | no | _(unset)_ | Host of the Qdrant sidecar; unset disables it. |\n| `QDRANT_PORT` | yes | `6333` | REST port of the Qdrant sidecar. |\n| `QDRANT_VECTOR_SIZE` | | `1536` | Embedding dimensions. |\n| `QDRANT_API_KEY` | no | _(unset)_ | API key. |\n";
        let env = crate::rules::tests::ENV;
        let f = findings_of("required-mismatch", &run_on(env, docs));
        assert_eq!(f, vec![("docs.md".to_owned(), "QDRANT_PORT".to_owned(), 6)]);
    }
}
