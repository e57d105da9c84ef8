//! `duplicate-entry`: the same variable twice in one surface.

use std::collections::HashMap;

use super::{Context, Finding, declare_rule, surface_label};
use crate::facts::MentionKind;

declare_rule! {
    /// ## What it does
    /// Reports the second and later entries of one variable in one surface: two lines in
    /// the dotenv file (set or commented out), two rows in the docs table.
    ///
    /// ## Why it matters
    /// With two entries, readers see one and tools use the other; they drift apart the
    /// first time someone edits only one.
    ///
    /// ## Example
    /// `.env.example` has `# QDRANT_PORT=6333` in the Qdrant block and `QDRANT_PORT=6334`
    /// further down.
    ///
    /// ## Fix
    /// Keep one entry.
    name: "duplicate-entry", code: "EL003", severity: Error,
    summary: "the same variable twice in one surface",
    check: check,
}

fn check(ctx: &Context, out: &mut Vec<Finding>) {
    for s in ctx.surfaces {
        let mut first: HashMap<(&str, Option<&str>), &crate::facts::Mention> = HashMap::new();
        for m in s.mentions.iter().filter(|m| m.kind == MentionKind::Entry) {
            let key = (m.name.as_str(), m.scope.as_deref());
            let Some(earlier) = first.get(&key) else {
                first.insert(key, m);
                continue;
            };
            let mut f = Finding::new(
                &RULE,
                s.file,
                m.span.clone(),
                format!(
                    "`{}` appears more than once in {}",
                    m.name,
                    surface_label(s)
                ),
            )
            .label("duplicate entry")
            .help("keep one entry");
            f.variable = Some(m.name.clone());
            f.related
                .push((s.file, earlier.span.clone(), "first entry here".to_owned()));
            if let Some(v) = ctx.schema.get(&m.name) {
                f.declared = Some((ctx.schema_file, v.span.clone()));
            }
            out.push(f);
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::tests::{DOCS, findings_of, run_on};

    #[test]
    fn the_second_entry_is_reported() {
        let env = "# QDRANT_HOST=\n# QDRANT_PORT=6333\nQDRANT_PORT=6333\n";
        let f = findings_of("duplicate-entry", &run_on(env, DOCS));
        assert_eq!(
            f,
            vec![(".env.example".to_owned(), "QDRANT_PORT".to_owned(), 3)]
        );
    }
}
