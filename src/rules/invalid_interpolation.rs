//! `invalid-interpolation`: a compose template compose itself refuses.

use super::{Context, Finding, declare_rule};
use crate::facts::Rejection;

declare_rule! {
    /// ## What it does
    /// Reports each `${...}` in a compose file that compose cannot read, as compose-go's
    /// `template` package reads it: `${}` and `${ }` (no name), a space or another
    /// character after the name (`${ foo}`, `${foo }`, `${foo!}`, `${foo:bar}`: only
    /// `}`, `:-`, `-`, `:?`, `?`, `:+` and `+` may follow it), and a `${` with no `}` on
    /// its line. A lone `$` before anything else (`cost: 5$`, `^REGEX$`) is literal text to
    /// compose and is not reported; `$$` is a literal `$`. The rest of the file is still
    /// read and checked.
    ///
    /// ## Why it matters
    /// `docker compose up` stops at the first one with "invalid interpolation format":
    /// nothing starts, and the profile's sidecar with it.
    ///
    /// ## Example
    /// `ports: ["${QDRANT_PORT :-6333}:6333"]`: a space after the name.
    ///
    /// ## Fix
    /// Write the template as compose reads it (`${QDRANT_PORT:-6333}`), or double the `$`
    /// (`$${...}`) when the text is meant for the container's shell.
    name: "invalid-interpolation", code: "EL014", severity: Error,
    summary: "a compose template compose itself refuses",
    check: check,
}

fn check(ctx: &Context, out: &mut Vec<Finding>) {
    for s in ctx.surfaces {
        for r in s
            .rejected
            .iter()
            .filter(|r| r.kind == Rejection::Interpolation)
        {
            out.push(
                Finding::new(&RULE, s.file, r.span.clone(), r.message.clone())
                    .label("compose stops here")
                    .help("write `${NAME}`, `${NAME:-default}` and the like, or `$$` for a literal `$`"),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::source::SourceFile;

    fn rules_of(yaml: &str) -> Vec<(&'static str, String)> {
        let source = SourceFile::new("docker-compose.yml", yaml);
        let doc = crate::surfaces::compose::read(&source).expect("YAML");
        let s = crate::surfaces::compose::facts(crate::source::FileId(1), &source, &doc)
            .expect("facts");
        s.rejected
            .iter()
            .map(|r| (super::RULE.name, yaml[r.span.clone()].to_owned()))
            .collect()
    }

    #[test]
    fn refused_templates_are_found_in_any_value() {
        let yaml = "services:\n  a:\n    image: \"x:${TAG }\"\n    command: echo ${} $$HOME 5$\n    ports: [\"${P:-80}:80\"]\n";
        assert_eq!(
            rules_of(yaml),
            vec![
                ("invalid-interpolation", "${TAG }".to_owned()),
                ("invalid-interpolation", "${}".to_owned())
            ]
        );
    }
}
