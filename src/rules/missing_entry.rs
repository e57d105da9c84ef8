//! `missing-entry`: a declared variable is absent from a surface that must mention it.

use super::{Context, Finding, declare_rule, surface_label};
use crate::edit::{Applicability, Fix, Intent, Place};
use crate::facts::{Mention, MentionKind, Surface, TablePlace};
use crate::schema::{Schema, SurfaceName, VarDecl};
use crate::source::Span;

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
    fixes: [
        (Dotenv, Safe, "add a missing dotenv entry"),
        (Docs, Safe, "add a missing docs row"),
    ],
}

fn check(ctx: &Context, out: &mut Vec<Finding>) {
    for (i, s) in ctx.surfaces.iter().enumerate().filter(|(_, s)| s.complete) {
        // Several compose files (a base file and its override) are one surface: the first
        // reports what none of them mentions. Each dotenv file is one of its own.
        let merged = s.kind != SurfaceName::Dotenv;
        if merged
            && ctx.surfaces[..i]
                .iter()
                .any(|x| x.kind == s.kind && x.complete)
        {
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
            let required = if s.kind == SurfaceName::Docs {
                v.required_on(s.kind)
            } else {
                v.required_in(s.kind, path)
            };
            if !required || present.contains(v.name.as_str()) {
                continue;
            }
            // A docs row goes into the table of its section, in whichever file that is.
            let (s, insert_at, place) = if s.kind == SurfaceName::Docs {
                let Some((home, table)) = docs_home(ctx, v) else {
                    continue;
                };
                let (at, place) = insertion_point(
                    ctx.schema,
                    &home.mentions,
                    Some(&table.span),
                    table.append_at,
                    v,
                );
                (home, at, place)
            } else if s.kind.rewritable() {
                let end = s.region.as_ref().map_or(s.append_at, |r| r.end);
                let (at, place) =
                    insertion_point(ctx.schema, &s.mentions, s.region.as_ref(), end, v);
                (s, at, place)
            } else {
                (s, s.append_at, Place::End)
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

/// The docs table `v`'s row belongs in, and the file it is in: the first table of its
/// section; without a section, the table holding the row of its nearest sibling in the
/// schema (the same owned prefix, declared after it, else before it: where
/// [`insertion_point`] puts the row), else the table holding the most rows of its owned
/// prefix (the first table on a tie). `None` when there is no such table
/// (`section-missing` says so).
pub fn docs_home<'a>(ctx: &'a Context, v: &VarDecl) -> Option<(&'a Surface, &'a TablePlace)> {
    // `on = ["docs:PATH"]` narrows it to that file.
    let tables: Vec<(&Surface, &TablePlace)> = ctx
        .surfaces
        .iter()
        .filter(|s| s.kind == SurfaceName::Docs)
        .filter(|s| v.required_in(SurfaceName::Docs, &ctx.files.get(s.file).name))
        .flat_map(|s| s.tables.iter().map(move |t| (s, t)))
        .collect();
    if let Some(section) = v.section.as_deref() {
        return tables.into_iter().find(|(_, t)| t.in_section(section));
    }
    let prefix = ctx.schema.owner(&v.name);
    let inside =
        |t: &TablePlace, m: &Mention| t.span.start <= m.span.start && m.span.end <= t.span.end;
    let vars = &ctx.schema.variables;
    let pos = vars.iter().position(|x| x.name == v.name).unwrap_or(0);
    let mut nearest = vars[pos + 1..]
        .iter()
        .chain(vars[..pos].iter().rev())
        .filter(|x| ctx.schema.owner(&x.name) == prefix);
    // Each row's table, once.
    let mut row_home: foldhash::HashMap<&str, usize> = foldhash::HashMap::default();
    for (i, (s, t)) in tables.iter().enumerate() {
        for m in s.mentions.iter().filter(|m| m.kind == MentionKind::Entry) {
            if inside(t, m) {
                row_home.entry(m.name.as_str()).or_insert(i);
            }
        }
    }
    if let Some(&i) = nearest.find_map(|x| row_home.get(x.name.as_str())) {
        return Some(tables[i]);
    }
    let siblings = |s: &Surface, t: &TablePlace| {
        s.mentions
            .iter()
            .filter(|m| inside(t, m))
            .filter(|m| ctx.schema.owner(&m.name) == prefix)
            .count()
    };
    let mut best: Option<((&Surface, &TablePlace), usize)> = None;
    for (s, t) in tables {
        let n = siblings(s, t);
        if best.is_none_or(|(_, m)| n > m) {
            best = Some(((s, t), n));
        }
    }
    best.map(|(home, _)| home)
}

/// Whether a mention is configuration: an entry, or (compose) an interpolation.
fn is_entry(kind: SurfaceName, m: &crate::facts::Mention) -> bool {
    m.kind == MentionKind::Entry
        || (kind == SurfaceName::Compose && m.kind == MentionKind::Interpolation)
}

/// Where a new entry for `v` goes among `mentions`: before the entry (with its comments)
/// of the nearest sibling (same owned prefix) declared after it, else after the nearest
/// declared before it, else at `end`. Between two siblings this is the line the entry would
/// start on. With `within` (a generated region, a docs table), only siblings inside it count.
pub fn insertion_point(
    schema: &Schema,
    mentions: &[Mention],
    within: Option<&Span>,
    end: usize,
    v: &VarDecl,
) -> (usize, Place) {
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
                mentions.iter().position(|m| {
                    m.kind == MentionKind::Entry
                        && m.name == x.name
                        && within.is_none_or(|r| r.start <= m.block.start && m.block.end <= r.end)
                })
            })
    };
    if let Some(i) = siblings(&mut schema.variables[pos + 1..].iter()) {
        return (mentions[i].block.start, Place::Before);
    }
    if let Some(i) = siblings(&mut schema.variables[..pos].iter().rev()) {
        return (mentions[i].block.end, Place::After);
    }
    (end, Place::End)
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
