//! `profile-mismatch`: the compose service or profile a variable declares is not there.

use super::{Context, Finding, declare_rule};
use crate::facts::{Service, Surface};
use crate::schema::{SurfaceName, VarDecl};

declare_rule! {
    /// ## What it does
    /// Checks each `service` and `profile` the schema declares against the compose
    /// files: the service must be defined, and be in the declared profile; a profile
    /// declared without a service must be used by some service. Several compose files
    /// are merged as compose merges them (a later file's `profiles` replace earlier ones).
    /// One finding per distinct service and profile, on the first variable declaring it.
    ///
    /// ## Why it matters
    /// The variables of an opt-in sidecar only matter when its profile is up. A renamed
    /// service, or one dropped from its profile, leaves the variables configuring
    /// nothing, or starts the sidecar where nobody asked for it.
    ///
    /// ## Example
    /// `QDRANT_PORT` declares `profile = "memory"` and `service = "qdrant"`, but the
    /// `qdrant` service in `docker-compose.yml` has `profiles: [vector]`.
    ///
    /// ## Fix
    /// Correct the compose file, or the schema's `profile` / `service`.
    name: "profile-mismatch", code: "EL009", severity: Error,
    summary: "a declared compose service or profile is missing, or the service is not in the profile",
    check: check,
}

fn check(ctx: &Context, out: &mut Vec<Finding>) {
    let files: Vec<&Surface> = ctx
        .surfaces
        .iter()
        .filter(|s| s.kind == SurfaceName::Compose)
        .collect();
    let Some(first) = files.first() else {
        return;
    };
    let services = merged(&files);
    let mut seen = foldhash::HashSet::default();
    for v in &ctx.schema.variables {
        let key = (v.service.as_deref(), v.profile.as_deref());
        if key == (None, None) || !seen.insert(key) {
            continue;
        }
        let others = ctx
            .schema
            .variables
            .iter()
            .filter(|x| (x.service.as_deref(), x.profile.as_deref()) == key)
            .count()
            - 1;
        let who = match others {
            0 => format!("`{}`", v.name),
            1 => format!("`{}` and 1 more variable", v.name),
            n => format!("`{}` and {n} more variables", v.name),
        };
        let profile_exists = |p: &str| {
            services
                .iter()
                .any(|(_, s)| s.profiles.iter().any(|x| x == p))
        };
        match key {
            (Some(name), profile) => {
                let Some((file, service)) = services.iter().find(|(_, s)| s.name == name) else {
                    let near = services
                        .iter()
                        .map(|(_, s)| s.name.as_str())
                        .min_by_key(|s| super::undeclared_variable::distance(s, name))
                        .filter(|s| super::undeclared_variable::distance(s, name) <= 3);
                    let f = finding(ctx, first, first.append_at..first.append_at, v, format!(
                        "service `{name}`, declared for {who}, is not defined in the compose file"
                    ))
                    .label(format!("no service `{name}` under here"));
                    out.push(match near {
                        Some(n) => f.help(format!("did you mean `{n}`?")),
                        None => f.help("define the service, or correct `service` in the schema"),
                    });
                    continue;
                };
                let Some(p) = profile.filter(|p| !service.profiles.iter().any(|x| x == p)) else {
                    continue;
                };
                let span = service
                    .profiles_span
                    .clone()
                    .unwrap_or(service.span.clone());
                let has = if service.profiles.is_empty() {
                    "no profiles (it always runs)".to_owned()
                } else {
                    format!("profiles [{}]", service.profiles.join(", "))
                };
                let message = if profile_exists(p) {
                    format!(
                        "service `{name}` is not in profile `{p}`, declared for {who}; it has {has}"
                    )
                } else {
                    format!(
                        "profile `{p}`, declared for {who}, does not exist in the compose file; service `{name}` has {has}"
                    )
                };
                out.push(
                    finding(ctx, file, span, v, message)
                        .label(format!("`{p}` is not among these"))
                        .help(format!("add `{p}` to the service's `profiles`, or correct `profile` in the schema")),
                );
            }
            (None, Some(p)) if !profile_exists(p) => {
                out.push(
                    finding(
                        ctx,
                        first,
                        first.append_at..first.append_at,
                        v,
                        format!(
                            "profile `{p}`, declared for {who}, is not used by any compose service"
                        ),
                    )
                    .label(format!("no service here has profile `{p}`")),
                );
            }
            _ => {}
        }
    }
}

fn finding(
    ctx: &Context,
    s: &Surface,
    span: crate::source::Span,
    v: &VarDecl,
    message: String,
) -> Finding {
    ctx.finding(&RULE, s, span, v, message)
}

/// The services of all files, merged in order: a later definition of a service replaces
/// its profiles when it states them.
fn merged<'a>(files: &[&'a Surface]) -> Vec<(&'a Surface, Service)> {
    let mut out: Vec<(&Surface, Service)> = Vec::new();
    for file in files {
        for s in &file.services {
            match out.iter_mut().find(|(_, x)| x.name == s.name) {
                Some(existing) if s.profiles_span.is_some() => *existing = (file, s.clone()),
                Some(_) => {}
                None => out.push((file, s.clone())),
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::facts::Service;

    fn service(name: &str, profiles: &[&str]) -> Service {
        Service {
            name: name.to_owned(),
            profiles: profiles.iter().map(|p| (*p).to_owned()).collect(),
            profiles_span: (!profiles.is_empty()).then_some(0..1),
            ..Service::default()
        }
    }

    #[test]
    fn a_later_file_replaces_profiles_it_states() {
        let mut base = Surface::new(SurfaceName::Compose, crate::source::FileId(1));
        base.services = vec![service("qdrant", &["memory"]), service("app", &[])];
        let mut over = Surface::new(SurfaceName::Compose, crate::source::FileId(2));
        over.services = vec![service("qdrant", &["vector"]), service("app", &[])];
        let m = merged(&[&base, &over]);
        assert_eq!(m.len(), 2);
        assert_eq!(m[0].1.profiles, vec!["vector"]);
        assert_eq!(m[0].0.file, crate::source::FileId(2));
        assert_eq!(
            m[1].0.file,
            crate::source::FileId(1),
            "no profiles stated: kept"
        );
    }
}
