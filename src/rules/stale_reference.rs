//! `stale-reference`: prose cites lines, images, volumes or variables that are not there.

use super::{Context, Finding, Severity, declare_rule};
use crate::edit::{Applicability, Fix, Intent};
use crate::facts::{Claim, LineRef};
use crate::schema::SurfaceName;

declare_rule! {
    /// ## What it does
    /// Checks what decision records and guides (`[surfaces.prose]`) claim about the other
    /// files. A line reference (`path:60`, `path:60-72`, `path#L60-L72`, "`path` lines
    /// 60-72", "`path` line 60"): the file must exist, the lines must be in it, and they
    /// must still mention what the sentence (or table row) names in backticks — owned
    /// variables, identifiers such as `normalizeQdrantConfig`; the message says where those
    /// names are now. An image (`qdrant/qdrant:v1.12.4`) in a sentence or row that names a
    /// compose service must be that service's image; a `Service` cell must name a service;
    /// a named volume must be one the compose file defines. A list of three or more owned
    /// names of one `profile` must hold every declared variable of that profile and no
    /// undeclared one, and `QDRANT_*` (6 vars) must count them right (these two are
    /// warnings). Tables whose header has a `Change` column are history and are not judged.
    ///
    /// ## Why it matters
    /// A decision record is followed by people setting up the deployment: a citation of
    /// lines that moved, an image tag that changed, a list that misses the variable the
    /// profile gained send them to the wrong place.
    ///
    /// ## Example
    /// "see `src/lib/memory/qdrant.ts:60` for `resolveQdrantConfig`" after the function
    /// moved to line 74.
    ///
    /// ## Fix
    /// Update the text. When the cited names moved together as one block, `envlint fix`
    /// rewrites the line numbers (a safe fix).
    name: "stale-reference", code: "EL015", severity: Error,
    summary: "prose cites lines, images, volumes or variables that are not there",
    check: check,
    fixes: [
        (Prose, Safe, "renumber a prose line reference whose cited block moved"),
    ],
}

fn check(ctx: &Context, out: &mut Vec<Finding>) {
    let compose: Vec<_> = ctx
        .surfaces
        .iter()
        .filter(|s| s.kind == SurfaceName::Compose)
        .collect();
    let images: Vec<(&str, Option<&str>)> = compose
        .iter()
        .flat_map(|s| &s.services)
        .map(|s| (s.name.as_str(), s.image.as_deref()))
        .collect();
    for s in ctx.surfaces.iter().filter(|s| s.kind == SurfaceName::Prose) {
        for claim in &s.claims {
            let found = match claim {
                Claim::Lines(r) => lines(s, r),
                Claim::Image {
                    span,
                    image,
                    services,
                } => image_claim(&images, image, services)
                    .map(|m| Finding::new(&RULE, s.file, span.clone(), m)),
                Claim::Service { span, name } if !compose.is_empty() => Some(Finding::new(
                    &RULE,
                    s.file,
                    span.clone(),
                    format!("no compose service is named `{name}`"),
                )),
                Claim::Volume { span, name } if !compose.is_empty() => volume_claim(&compose, name)
                    .map(|m| Finding::new(&RULE, s.file, span.clone(), m)),
                Claim::List { span, names } => list_claim(ctx, names).map(|m| {
                    let mut f = Finding::new(&RULE, s.file, span.clone(), m);
                    f.severity = Severity::Warning;
                    f
                }),
                Claim::Count {
                    span,
                    prefix,
                    count,
                } => {
                    let declared = ctx
                        .schema
                        .variables
                        .iter()
                        .filter(|v| v.name.starts_with(prefix.as_str()))
                        .count();
                    (declared != *count && ctx.schema.owner(prefix).is_some()).then(|| {
                        let mut f = Finding::new(
                            &RULE,
                            s.file,
                            span.clone(),
                            format!("`{prefix}*` counts {count} variables, but the schema declares {declared}"),
                        );
                        f.severity = Severity::Warning;
                        f
                    })
                }
                Claim::Service { .. } | Claim::Volume { .. } => None,
            };
            out.extend(found.map(|f| {
                f.label("stale")
                    .help("update the text to what the files say now")
            }));
        }
    }
}

/// `lines 3-9`, `line 3`.
fn shown_lines(from: usize, to: usize) -> String {
    if from == to {
        format!("line {from}")
    } else {
        format!("lines {from}-{to}")
    }
}

fn lines(s: &crate::facts::Surface, r: &LineRef) -> Option<Finding> {
    let Some(path) = &r.resolved else {
        return Some(Finding::new(
            &RULE,
            s.file,
            r.span.clone(),
            format!("`{}` does not exist", r.path),
        ));
    };
    if r.to > r.lines || r.from == 0 || r.from > r.to {
        return Some(Finding::new(
            &RULE,
            s.file,
            r.span.clone(),
            format!(
                "`{path}` has {} lines: {} are not in it",
                r.lines,
                shown_lines(r.from, r.to)
            ),
        ));
    }
    // A single cited line that opens a block stands for the block.
    let last = r.block_end.unwrap_or(r.to);
    let missing: Vec<&(String, Vec<usize>)> = r
        .names
        .iter()
        .filter(|(_, at)| !at.iter().any(|l| (r.from..=last).contains(l)))
        .collect();
    if missing.is_empty() {
        return None;
    }
    let now: Vec<String> = missing
        .iter()
        .map(|(name, at)| match at.as_slice() {
            [] => format!("`{name}` is nowhere in it"),
            [one] => format!("`{name}` is at line {one}"),
            [first, .., last] if last - first < 8 => format!("`{name}` is at lines {first}-{last}"),
            [first, ..] => format!("`{name}` is first at line {first}"),
        })
        .collect();
    let names: Vec<String> = missing.iter().map(|(n, _)| format!("`{n}`")).collect();
    let mut f = Finding::new(
        &RULE,
        s.file,
        r.span.clone(),
        format!(
            "{} of `{path}` no longer {} {}: {}",
            shown_lines(r.from, r.to),
            if r.from == r.to {
                "mentions"
            } else {
                "mention"
            },
            names.join(", "),
            now.join(", ")
        ),
    );
    // Moved together as one block: the same span of lines holds them all elsewhere.
    if let Some((from, to)) = moved_block(r)
        && let Some((a, b)) = &r.numbers
    {
        let edit = match b {
            Some(b) => vec![(a.clone(), from.to_string()), (b.clone(), to.to_string())],
            None if from == to => vec![(a.clone(), from.to_string())],
            None => Vec::new(),
        };
        if !edit.is_empty() {
            f = f.fix(
                s,
                Fix {
                    applicability: Applicability::Safe,
                    intent: Intent::Replace { edits: edit },
                },
            );
        }
    }
    Some(f)
}

/// Where the cited block is now, when every name the sentence gives sits in one block of
/// the same length: the block starting at the first of them.
fn moved_block(r: &LineRef) -> Option<(usize, usize)> {
    let len = r.to - r.from;
    // Each name's occurrence nearest the old block.
    let nearest: Vec<usize> = r
        .names
        .iter()
        .map(|(_, at)| at.iter().copied().min_by_key(|l| l.abs_diff(r.from)))
        .collect::<Option<_>>()?;
    let (lo, hi) = (*nearest.iter().min()?, *nearest.iter().max()?);
    (hi - lo <= len && lo + len <= r.lines && lo != r.from).then_some((lo, lo + len))
}

fn image_claim(
    images: &[(&str, Option<&str>)],
    image: &str,
    services: &[String],
) -> Option<String> {
    let of = |s: &str| images.iter().find(|(n, _)| *n == s).and_then(|(_, i)| *i);
    if services.iter().any(|s| of(s) == Some(image)) {
        return None;
    }
    let repo = |i: &str| i.rsplit_once(':').map_or(i, |(r, _)| r).to_owned();
    let same_repo: Vec<&String> = services
        .iter()
        .filter(|s| of(s).is_some_and(|i| repo(i) == repo(image)))
        .collect();
    let service = match (same_repo.as_slice(), services) {
        ([one], _) => *one,
        ([], [one]) => one,
        _ => return None,
    };
    let runs = of(service)?;
    Some(format!(
        "service `{service}` runs `{runs}` in the compose file, not `{image}`"
    ))
}

fn volume_claim(compose: &[&crate::facts::Surface], name: &str) -> Option<String> {
    let defined: Vec<&String> = compose.iter().flat_map(|s| &s.volumes).collect();
    let projects: Vec<&String> = compose.iter().filter_map(|s| s.project.as_ref()).collect();
    let known = defined.iter().any(|v| {
        v.as_str() == name
            || projects.iter().any(|p| format!("{p}_{v}") == name)
            || name
                .strip_suffix(v.as_str())
                .is_some_and(|p| p.ends_with('_') && !p[..p.len() - 1].contains('_'))
    });
    if known {
        return None;
    }
    let list: Vec<String> = defined.iter().map(|v| format!("`{v}`")).collect();
    Some(if list.is_empty() {
        format!("the compose file defines no volumes, so none is `{name}`")
    } else {
        format!(
            "the compose file defines no volume `{name}` (it defines {})",
            list.join(", ")
        )
    })
}

fn list_claim(ctx: &Context, names: &[(String, crate::source::Span)]) -> Option<String> {
    let owned: Vec<&str> = names
        .iter()
        .map(|(n, _)| n.as_str())
        .filter(|n| ctx.schema.owns(n))
        .collect();
    if owned.len() < 3 {
        return None;
    }
    let profiles: Vec<Option<&str>> = owned
        .iter()
        .filter_map(|n| ctx.schema.get(n))
        .map(|v| v.profile.as_deref())
        .collect();
    let profile = (*profiles.first()?)?;
    if !profiles.iter().all(|p| *p == Some(profile)) {
        return None;
    }
    let missing: Vec<String> = ctx
        .schema
        .variables
        .iter()
        .filter(|v| v.profile.as_deref() == Some(profile) && !owned.contains(&v.name.as_str()))
        .map(|v| format!("`{}`", v.name))
        .collect();
    let extra: Vec<String> = owned
        .iter()
        .filter(|n| ctx.schema.get(n).is_none())
        .map(|n| format!("`{n}`"))
        .collect();
    let mut parts = Vec::new();
    if !missing.is_empty() {
        parts.push(format!("lacks {}", missing.join(", ")));
    }
    if !extra.is_empty() {
        parts.push(format!(
            "names {}, which the schema does not declare",
            extra.join(", ")
        ));
    }
    (!parts.is_empty()).then(|| {
        format!(
            "this list of the `{profile}` profile's variables {}",
            parts.join(" and ")
        )
    })
}
