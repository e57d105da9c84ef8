//! `truthiness-mismatch`: reads of one boolean disagree on what turns it on, or a read
//! takes a documented value the opposite way from the schema.

use super::{Context, Finding, declare_rule, surface_label};
use crate::facts::{COMPARED, Mention, PROBES, Role, Surface, Truth};
use crate::schema::{SurfaceName, VarDecl, VarType};
use crate::source::{FileId, Span};

declare_rule! {
    /// ## What it does
    /// For a `bool` variable, the code adapter evaluates each read on the values people
    /// write (`true`, `false`, `1`, `0`, an empty value, `yes`/`no`, `on`/`off` and their
    /// capitalised forms). The rule reports two reads of one variable that disagree on
    /// `true`, `false`, `1`, `0` or the empty value, pointing at both; and a read that
    /// takes a value stated elsewhere (the schema's `default` or `example`, a docs Default
    /// cell, a `.env.example` value) the opposite way from what that value means for a
    /// bool. What a read makes of the variable unset is a `default-mismatch`.
    ///
    /// ## Why it matters
    /// A flag that one file turns on with `1` and another only with `true` is on in half
    /// the deployment. A reference table that says `1` for a read that accepts only
    /// `true` documents a setting that does nothing.
    ///
    /// ## Example
    /// `src/relay.ts` reads `process.env.BIFROST_ENABLED !== "0"` (on unless `0`:
    /// `false` turns it on); `src/executor.ts` reads `raw === "true" || raw === "1"`
    /// (`false` turns it off).
    ///
    /// ## Fix
    /// Read the flag in one helper and call it everywhere, or make every read accept the
    /// same spellings; write the documented value in a spelling every read accepts.
    name: "truthiness-mismatch", code: "EL013", severity: Error,
    summary: "two reads of a bool disagree on what turns it on, or a read takes a documented value the opposite way",
    check: check,
}

/// One read's reading: the read (where findings point) and how it takes each spelling.
struct Reading<'a> {
    surface: &'a Surface,
    mention: &'a Mention,
    truth: &'a Truth,
}

fn on_off(b: bool) -> &'static str {
    if b { "on" } else { "off" }
}

/// What a spelling means for a bool, when it is one.
fn meaning(text: &str) -> Option<bool> {
    if VarType::Bool.reject(text, &[]).is_some() {
        return None;
    }
    Some(VarType::Bool.same(text, "true"))
}

fn check(ctx: &Context, out: &mut Vec<Finding>) {
    for v in ctx
        .schema
        .variables
        .iter()
        .filter(|v| v.ty == VarType::Bool)
    {
        let readings: Vec<Reading> = ctx
            .surfaces
            .iter()
            .flat_map(|s| s.mentions.iter().map(move |m| (s, m)))
            .filter(|(_, m)| m.name == v.name)
            .flat_map(|(s, m)| {
                m.stated.iter().filter_map(move |st| {
                    st.truth.as_deref().map(|truth| Reading {
                        surface: s,
                        mention: m,
                        truth,
                    })
                })
            })
            .collect();
        for (i, r) in readings.iter().enumerate() {
            disagreeing(ctx, v, &readings[..i], r, out);
            against_documented(ctx, v, r, out);
        }
    }
}

/// (a): the first earlier read that takes one of the compared spellings the other way.
fn disagreeing(
    ctx: &Context,
    v: &VarDecl,
    earlier: &[Reading],
    r: &Reading,
    out: &mut Vec<Finding>,
) {
    let found = earlier.iter().find_map(|e| {
        (0..COMPARED).find_map(|i| match (e.truth.0[i], r.truth.0[i]) {
            (Some(a), Some(b)) if a != b => Some((e, PROBES[i], b)),
            _ => None,
        })
    });
    let Some((e, probe, this)) = found else {
        return;
    };
    let shown = if probe.is_empty() {
        "an empty value".to_owned()
    } else {
        format!("`{probe}`")
    };
    let message = format!(
        "`{}`: reads of it disagree on {shown}: this one takes it as {}, another as {}",
        v.name,
        on_off(this),
        on_off(!this)
    );
    out.push(
        ctx.finding(&RULE, r.surface, r.mention.span.clone(), v, message)
            .label(format!("{shown} is {} here", on_off(this)))
            .related(
                e.surface.file,
                e.mention.span.clone(),
                format!("{shown} is {} here", on_off(!this)),
            )
            .values(Some(probe), None)
            .help("read the flag in one place, or accept the same spellings everywhere"),
    );
}

/// A value stated outside the code: its text, where (`None`: the schema), and how
/// messages name it.
type Documented = (String, Option<(FileId, Span)>, String);

/// (b): a value stated elsewhere that this read takes the opposite way.
fn against_documented(ctx: &Context, v: &VarDecl, r: &Reading, out: &mut Vec<Finding>) {
    let mut documented: Vec<Documented> = Vec::new();
    for (text, what) in [
        (&v.default, "the schema's `default`"),
        (&v.example, "the schema's `example`"),
    ] {
        if let Some(t) = text {
            documented.push((
                t.clone(),
                Some((ctx.schema_file, v.span.clone())),
                what.to_owned(),
            ));
        }
    }
    for s in ctx.surfaces.iter().filter(|s| s.kind != SurfaceName::Code) {
        for m in s.mentions.iter().filter(|m| m.name == v.name) {
            for st in m
                .stated
                .iter()
                .filter(|st| matches!(st.role, Role::Example | Role::Default))
            {
                if let Some(t) = st.text.as_deref().filter(|t| !t.is_empty()) {
                    documented.push((
                        t.to_owned(),
                        Some((s.file, st.span.clone())),
                        format!("the {} in {}", st.what, surface_label(s)),
                    ));
                }
            }
        }
    }
    let mut seen: Vec<&str> = Vec::new();
    for (text, at, what) in &documented {
        if seen.contains(&text.as_str()) {
            continue;
        }
        seen.push(text);
        let (Some(means), Some(reads)) = (meaning(text), r.truth.of(text)) else {
            continue;
        };
        if means == reads {
            continue;
        }
        let message = format!(
            "`{}`: {what} says `{text}`, which is {} for a bool, but this read takes `{text}` as {}",
            v.name,
            on_off(means),
            on_off(reads)
        );
        let mut f = ctx
            .finding(&RULE, r.surface, r.mention.span.clone(), v, message)
            .label(format!("`{text}` is {} here", on_off(reads)))
            .values(Some(&reads.to_string()), Some(&means.to_string()))
            .help(format!(
                "write a spelling this read takes as {}, or make it accept `{text}`",
                on_off(means)
            ));
        if let Some((file, span)) = at
            && *file != ctx.schema_file
        {
            f = f.related(*file, span.clone(), format!("`{text}` stated here"));
        }
        out.push(f);
    }
}

#[cfg(test)]
mod tests {
    use super::meaning;

    #[test]
    fn spellings_mean_what_a_bool_means() {
        assert_eq!(meaning("1"), Some(true));
        assert_eq!(meaning("Off"), Some(false));
        assert_eq!(meaning("enabled"), None);
    }
}
