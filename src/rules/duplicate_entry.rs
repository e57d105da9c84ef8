//! `duplicate-entry`: the same variable twice in one surface.

use foldhash::HashMap;

use super::{Context, Finding, declare_rule, surface_label};
use crate::facts::{Mention, MentionKind};

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
        // (duplicate, first, scopes): an anchor merged into several services holds one
        // duplicate, reported once for all of them.
        let mut found: Vec<(&Mention, &Mention, Vec<&str>)> = Vec::new();
        let mut first: HashMap<(&str, Option<&str>), &Mention> = HashMap::default();
        for m in s.mentions.iter().filter(|m| m.kind == MentionKind::Entry) {
            let key = (m.name.as_str(), m.scope.as_deref());
            let Some(earlier) = first.get(&key) else {
                first.insert(key, m);
                continue;
            };
            let scope = m.scope.as_deref().unwrap_or_default();
            match found
                .iter_mut()
                .find(|(d, e, _)| d.span == m.span && e.span == earlier.span)
            {
                Some((_, _, scopes)) => scopes.push(scope),
                None => found.push((m, earlier, vec![scope])),
            }
        }
        for (m, earlier, scopes) in found {
            let message = if m.scope.is_some() {
                let names: Vec<String> = scopes.iter().map(|s| format!("`{s}`")).collect();
                let services = if names.len() == 1 {
                    "service"
                } else {
                    "services"
                };
                format!(
                    "`{}` appears more than once in the environment of {services} {}",
                    m.name,
                    names.join(", ")
                )
            } else {
                format!(
                    "`{}` appears more than once in {}",
                    m.name,
                    surface_label(s)
                )
            };
            let mut f = Finding::new(&RULE, s.file, m.span.clone(), message)
                .label("duplicate entry")
                .help("keep one entry")
                .via(s, m);
            f.variable = Some(m.name.clone());
            let first = match &earlier.via {
                Some(_) => "first entry here (merged)",
                None => "first entry here",
            };
            f.related
                .push((s.file, earlier.span.clone(), first.to_owned()));
            if let Some(via) = earlier.via.as_ref().filter(|v| Some(*v) != m.via.as_ref()) {
                f.related.push((
                    s.file,
                    via.clone(),
                    "the first comes in through this merge".to_owned(),
                ));
            }
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
        let env = "# QDRANT_HOST=\nQDRANT_PORT=6333\n\nQDRANT_PORT=6333\n";
        let f = findings_of("duplicate-entry", &run_on(env, DOCS));
        assert_eq!(
            f,
            vec![(".env.example".to_owned(), "QDRANT_PORT".to_owned(), 4)]
        );
        // A commented line and a set one of one name are two entries; a commented line
        // restating one already listed commented (two sections) is no second entry.
        let env = "# QDRANT_HOST=\n# QDRANT_PORT=6333\n\nQDRANT_PORT=6333\n";
        assert_eq!(findings_of("duplicate-entry", &run_on(env, DOCS)).len(), 1);
        let env = "# QDRANT_HOST=\n# QDRANT_PORT=6333\n\n# Another section.\n# QDRANT_HOST=\n";
        assert!(findings_of("duplicate-entry", &run_on(env, DOCS)).is_empty());
    }

    #[test]
    fn a_commented_hint_right_above_its_entry_is_no_duplicate() {
        let env = "# QDRANT_HOST=\n# QDRANT_PORT=6333\nQDRANT_PORT=6333\n";
        assert!(findings_of("duplicate-entry", &run_on(env, DOCS)).is_empty());
    }
}
