//! `missing-entry`: a declared variable is absent from a surface that must mention it.

use super::{Context, Finding, declare_rule, surface_label};
use crate::facts::{MentionKind, Surface};
use crate::fix::{Applicability, Fix, Intent, Place};
use crate::schema::{Schema, SurfaceName, VarDecl};

declare_rule! {
    /// ## What it does
    /// Reports a declared variable that a surface in its `on` list does not mention:
    /// no entry (set or commented out) in the dotenv file, no row in the docs table, no
    /// `environment` entry or interpolation in any compose file (a comment does not count).
    ///
    /// ## Why it matters
    /// A variable missing from `.env.example` is one nobody finds; a variable missing
    /// from the reference table is one nobody can look up.
    ///
    /// ## Example
    /// The schema declares `QDRANT_COLLECTION`, but `.env.example` has only
    /// `# QDRANT_HOST=` and `# QDRANT_PORT=6333` under its Qdrant header.
    ///
    /// ## Fix
    /// Add the entry or row (`envlint fix` does, in dotenv and docs). The finding points
    /// where it belongs: before its nearest sibling declared after it, else after the
    /// nearest declared before it, else at the end of the file or table; in compose, at
    /// the `services:` key.
    name: "missing-entry", code: "EL001", severity: Error,
    summary: "a declared variable is absent from a surface that must mention it",
    check: check,
}

fn check(ctx: &Context, out: &mut Vec<Finding>) {
    for (i, s) in ctx.surfaces.iter().enumerate().filter(|(_, s)| s.complete) {
        // Several compose files (a base file and its override) are one surface: the first
        // reports what none of them mentions. Each dotenv file is one of its own.
        let merged = s.kind != SurfaceName::Dotenv;
        if merged && ctx.surfaces[..i].iter().any(|x| x.kind == s.kind) {
            continue;
        }
        let present: foldhash::HashSet<&str> = ctx
            .surfaces
            .iter()
            .filter(|x| x.kind == s.kind && (merged || x.file == s.file))
            .flat_map(|x| x.mentions.iter().map(move |m| (x.kind, m)))
            .filter(|(kind, m)| is_entry(*kind, m))
            .map(|(_, m)| m.name.as_str())
            // A line its reader refuses names the variable: it is reported as that.
            .chain(
                ctx.surfaces
                    .iter()
                    .filter(|x| x.kind == s.kind && (merged || x.file == s.file))
                    .flat_map(|x| &x.rejected)
                    .filter_map(|r| r.value.as_ref().map(|(name, _)| name.as_str())),
            )
            .collect();
        let path = ctx.files.get(s.file).name.as_str();
        for v in &ctx.schema.variables {
            if v.required_in(s.kind, path) && !present.contains(v.name.as_str()) {
                let (insert_at, place) = if s.kind.rewritable() {
                    insertion_point(ctx.schema, s, v)
                } else {
                    (s.append_at, Place::End)
                };
                let mut at = insert_at;
                // A note left standing where the entry was: the entry belongs under it.
                if let Some(note) = s.loose.iter().find(|n| n.to == at || n.from == at) {
                    at = note.content_end;
                }
                let message = format!("`{}` is missing from {}", v.name, surface_label(s));
                out.push(
                    ctx.finding(&RULE, s, at..at, v, message)
                        .label(format!("`{}` belongs here", v.name))
                        .fix(
                            s,
                            Fix {
                                applicability: Applicability::Safe,
                                intent: Intent::Insert {
                                    var: v.name.clone(),
                                    at: insert_at,
                                    place,
                                },
                            },
                        ),
                );
            }
        }
    }
}

/// Whether a mention is configuration: an entry, or (compose) an interpolation.
fn is_entry(kind: SurfaceName, m: &crate::facts::Mention) -> bool {
    m.kind == MentionKind::Entry
        || (kind == SurfaceName::Compose && m.kind == MentionKind::Interpolation)
}

/// Where a new entry for `v` goes: before the entry (with its comments) of the nearest
/// sibling (same owned prefix) declared after it, else after the nearest declared before
/// it, else at the end of the file or table. Between two siblings this is the line the
/// entry would start on. When the surface has a generated region, only siblings inside it
/// count, and the end of the file is the end of the region.
pub fn insertion_point(schema: &Schema, s: &Surface, v: &VarDecl) -> (usize, Place) {
    let prefix = schema.owner(&v.name);
    let pos = schema
        .variables
        .iter()
        .position(|x| x.name == v.name)
        .unwrap_or(0);
    let siblings = |range: &mut dyn Iterator<Item = &VarDecl>| -> Option<usize> {
        range
            .filter(|x| schema.owner(&x.name) == prefix)
            .find_map(|x| {
                s.mentions.iter().position(|m| {
                    m.kind == MentionKind::Entry
                        && m.name == x.name
                        && s.region
                            .as_ref()
                            .is_none_or(|r| r.start <= m.block.start && m.block.end <= r.end)
                })
            })
    };
    if let Some(i) = siblings(&mut schema.variables[pos + 1..].iter()) {
        return (s.mentions[i].block.start, Place::Before);
    }
    if let Some(i) = siblings(&mut schema.variables[..pos].iter().rev()) {
        return (s.mentions[i].block.end, Place::After);
    }
    (s.region.as_ref().map_or(s.append_at, |r| r.end), Place::End)
}

#[cfg(test)]
mod tests {
    use crate::rules::tests::{findings_of, run_on};

    #[test]
    fn a_deleted_entry_is_reported_where_it_belongs() {
        let env = "# ── Qdrant ──\n# QDRANT_HOST=\n\n# Dimensions.\n# QDRANT_VECTOR_SIZE=1536\n";
        let f = findings_of("missing-entry", &run_on(env, crate::rules::tests::DOCS));
        let dotenv: Vec<_> = f.iter().filter(|f| f.0 == ".env.example").collect();
        assert!(
            dotenv.contains(&&(".env.example".to_owned(), "QDRANT_PORT".to_owned(), 4)),
            "{f:?}"
        );
    }
}
