//! `envlint explain VAR`: one variable across every surface, drift marked. May import:
//! `source`, `schema`, `facts`, `report`.

use std::fmt::Write as _;

use crate::facts::{MentionKind, Role};
use crate::facts::{Verdict, verdict};
use crate::report::Report;
use crate::schema::Schema;

/// A boolean reading: unset, then each compared spelling, on or off.
fn reading(unset: &str, st: &crate::facts::Stated) -> String {
    let on_off = |b: bool| if b { "on" } else { "off" };
    let mut out = format!("unset {}", on_off(unset == "true"));
    if let Some(truth) = &st.truth {
        for (p, v) in crate::facts::PROBES
            .iter()
            .zip(&truth.0)
            .take(crate::facts::COMPARED)
        {
            let p = if p.is_empty() {
                "empty".to_owned()
            } else {
                format!("`{p}`")
            };
            let _ = write!(out, ", {p} {}", v.map_or("?", on_off));
        }
    }
    out
}

/// How many services one line of `explain` names before it counts the rest.
const MAX_SERVICES: usize = 5;

/// What the schema and every surface say about `name`. Secret values are never shown.
pub fn variable(schema: &Schema, report: &Report, name: &str) -> String {
    let mut out = String::new();
    let schema_file = report.files.get(report.schema_file);
    let decl = schema.get(name);
    // The schema decides for a declared variable; an undeclared one is masked by its name.
    let hidden = decl.map_or_else(|| crate::facts::looks_secret(name), |v| v.secret);
    match decl {
        Some(v) => declaration(&mut out, schema_file, v),
        None => {
            let _ = writeln!(out, "{name}: not declared in the schema");
        }
    }
    let mut drift = 0;
    // (surface and place, service, what it says): one line per place, the services an
    // anchor or a shared block gives the same entry listed on it.
    let mut lines: Vec<(String, Vec<String>, String)> = Vec::new();
    for s in &report.surfaces {
        let file = report.files.get(s.file);
        for m in s.mentions.iter().filter(|m| m.name == name) {
            let at = file.position(m.span.start);
            let kind = match m.kind {
                MentionKind::Entry => "entry",
                MentionKind::Interpolation => "interpolation",
                MentionKind::Comment => "comment",
                MentionKind::Read => "read",
            };
            let mut said = Vec::new();
            for st in &m.stated {
                let value = stated_value(st, hidden);
                let mark = match decl.map(|v| verdict(v, st)) {
                    None | Some(Verdict::Agrees) => "",
                    Some(Verdict::SecretExposed(_)) => "  ✗ a secret with a real-looking value",
                    Some(Verdict::BadType(_)) => "  ✗ not of its type",
                    Some(Verdict::Differs(_)) => "  ✗ differs from the schema",
                    Some(Verdict::Requirement(true)) => "  ✗ the schema says it is required",
                    Some(Verdict::Requirement(false)) => "  ✗ the schema says it is optional",
                };
                if !mark.is_empty() {
                    drift += 1;
                }
                said.push(format!("{} {value}{mark}", st.what));
            }
            let said = if said.is_empty() {
                String::new()
            } else {
                format!(": {}", said.join("; "))
            };
            let place = format!(
                "  {:<8} {}:{}:{}  {kind}",
                s.kind.key(),
                file.name,
                at.line,
                at.column
            );
            match lines.last_mut() {
                Some((p, services, t))
                    if *p == place && *t == said && !services.is_empty() && m.scope.is_some() =>
                {
                    services.extend(m.scope.clone());
                }
                _ => lines.push((place, m.scope.iter().cloned().collect(), said)),
            }
        }
    }
    for (place, services, said) in lines {
        let scope = match services.as_slice() {
            [] => String::new(),
            [one] => format!(" (service {one})"),
            [first @ .., last] if services.len() <= MAX_SERVICES => {
                format!(" (services {} and {last})", first.join(", "))
            }
            many => format!(
                " (services {} and {} more)",
                many[..MAX_SERVICES - 1].join(", "),
                many.len() - (MAX_SERVICES - 1)
            ),
        };
        let _ = writeln!(out, "{place}{scope}{said}");
    }
    let findings: Vec<_> = report
        .findings
        .iter()
        .filter(|f| f.variable.as_deref() == Some(name))
        .collect();
    if findings.is_empty() && drift == 0 {
        let _ = writeln!(out, "  no drift");
    } else {
        for f in findings {
            let file = report.files.get(f.file);
            let at = file.position(f.span.start);
            let _ = writeln!(
                out,
                "  ✗ {} {} at {}:{}:{}: {}",
                f.rule.code, f.rule.name, file.name, at.line, at.column, f.message
            );
        }
    }
    out
}

/// How one stated value reads in the explanation; a secret's values are hidden.
fn stated_value(st: &crate::facts::Stated, hidden: bool) -> String {
    let hidden = hidden && st.role != Role::Description;
    match (&st.text, hidden) {
        (Some(t), _) if st.role == Role::Required => {
            if t == "true" { "required" } else { "optional" }.to_owned()
        }
        (Some(t), false) if st.role == Role::Reading => reading(t, st),
        (Some(t), false) if st.role == Role::Prose => format!("\"{t}\" (not compared)"),
        (Some(t), false) if t.is_empty() => "empty".to_owned(),
        (Some(t), false) if st.role != Role::Numeric => format!("`{t}`"),
        (Some(t), false) => t.clone(),
        (Some(t), true) if t.is_empty() => "empty".to_owned(),
        (Some(_), true) => "(value hidden)".to_owned(),
        (None, _) => "unset".to_owned(),
    }
}

/// The schema's line: what the declaration says.
fn declaration(
    out: &mut String,
    schema_file: &crate::source::SourceFile,
    v: &crate::schema::VarDecl,
) {
    let name = &v.name;
    let at = schema_file.position(v.span.start);
    let _ = writeln!(out, "{name}: {}", v.description);
    let mut facts = vec![format!("type {}", v.ty.name())];
    if !v.values.is_empty() {
        facts.push(format!("values {}", v.values.join(", ")));
    }
    match (&v.default, v.secret) {
        (_, true) => facts.push("secret".to_owned()),
        (Some(d), false) => facts.push(format!("default `{d}`")),
        (None, false) => facts.push("no default".to_owned()),
    }
    if let Some(e) = v.example.as_ref().filter(|_| !v.secret) {
        facts.push(format!("example `{e}`"));
    }
    if let Some(p) = &v.profile {
        facts.push(format!("profile {p}"));
    }
    if let Some(s) = &v.service {
        facts.push(format!("service {s}"));
    }
    let on: Vec<&str> = v.on.iter().map(|s| s.key()).collect();
    facts.push(if on.is_empty() {
        "on no surface".to_owned()
    } else {
        format!("on {}", on.join(", "))
    });
    let _ = writeln!(
        out,
        "  schema   {}:{}  {}",
        schema_file.name,
        at.line,
        facts.join("; ")
    );
}
