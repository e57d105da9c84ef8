//! What `init` makes of one variable from what the surfaces say about it: its type,
//! default, example, description, section, service and profile, and the surfaces it must
//! be on; and the owned prefixes.

use foldhash::HashMap;

use super::find::Found;
use crate::facts::{Mention, MentionKind, Role, Surface, looks_secret};
use crate::report::Report;
use crate::schema::{SurfaceName, VarType, is_env_name};

/// What one variable's surfaces say, gathered.
#[derive(Debug, Default)]
pub(super) struct Gathered {
    /// Where it is mentioned: `dotenv` files, and the kinds of the other surfaces.
    pub(super) dotenv_files: Vec<String>,
    pub(super) on: Vec<SurfaceName>,
    /// Values stated, each with who states it (for the disagreement comment) and its role.
    pub(super) code_default: Vec<Option<String>>,
    #[allow(
        clippy::option_option,
        reason = "no row, a row saying unset, a row with a value"
    )]
    pub(super) docs_default: Option<Option<String>>,
    pub(super) docs_description: Option<String>,
    pub(super) docs_section: Option<String>,
    pub(super) example: Option<String>,
    pub(super) example_file: Option<String>,
    pub(super) notes: Vec<(String, Option<String>)>,
    pub(super) compose_defaults: Vec<(String, String)>,
    pub(super) comment: Option<String>,
    pub(super) service: Option<String>,
    pub(super) profile: Option<String>,
    /// Whether a compose file interpolates it, and the first service that does.
    pub(super) interpolated: bool,
    pub(super) interpolator: Option<String>,
    pub(super) interpolator_profile: Option<String>,
    /// The first place it appears: (surface rank, file order, position).
    pub(super) first: (usize, usize, usize),
}

/// Collects what each surface says about each name, and the names in order of appearance.
pub(super) fn gather(
    report: &Report,
    out: &mut HashMap<String, Gathered>,
    order: &mut Vec<String>,
) {
    let rank = |k: SurfaceName| match k {
        SurfaceName::Docs => 0,
        SurfaceName::Dotenv => 1,
        SurfaceName::Compose => 2,
        SurfaceName::Code => 3,
        SurfaceName::Prose => 4,
    };
    for (file_order, s) in report.surfaces.iter().enumerate() {
        let file = report.files.get(s.file);
        for m in &s.mentions {
            if m.kind == MentionKind::Comment || !is_env_name(&m.name) {
                continue;
            }
            let g = out.entry(m.name.clone()).or_insert_with(|| {
                order.push(m.name.clone());
                Gathered {
                    first: (rank(s.kind), file_order, m.span.start),
                    ..Gathered::default()
                }
            });
            g.first = g.first.min((rank(s.kind), file_order, m.span.start));
            if !g.on.contains(&s.kind) {
                g.on.push(s.kind);
            }
            match s.kind {
                SurfaceName::Dotenv => {
                    if !g.dotenv_files.contains(&file.name) {
                        g.dotenv_files.push(file.name.clone());
                    }
                    dotenv_mention(g, &file.name, &file.text, s, m);
                }
                SurfaceName::Docs => docs_mention(g, s, m),
                SurfaceName::Compose => compose_mention(g, &file.name, s, m),
                SurfaceName::Code => {
                    for st in m.stated.iter().filter(|st| st.role == Role::Default) {
                        g.code_default.push(st.text.clone());
                    }
                }
                SurfaceName::Prose => {}
            }
        }
    }
}

fn dotenv_mention(g: &mut Gathered, name: &str, text: &str, s: &Surface, m: &Mention) {
    if m.kind != MentionKind::Entry {
        return;
    }
    for st in &m.stated {
        match st.role {
            Role::Example if g.example.is_none() => {
                g.example.clone_from(&st.text);
                g.example_file = Some(name.to_owned());
            }
            Role::Default => g.notes.push((name.to_owned(), st.text.clone())),
            _ => {}
        }
    }
    if g.comment.is_none() {
        g.comment = comment_above(text, m.block.start, m.span.start);
    }
    let _ = s;
}

/// The prose of the comment lines from `from` to the line holding `entry`: `#` and
/// decoration removed, `Default:` notes kept.
fn comment_above(text: &str, from: usize, entry: usize) -> Option<String> {
    let line_start = text[..entry].rfind('\n').map_or(0, |i| i + 1);
    let mut words = Vec::new();
    for line in text[from..line_start.max(from)].lines() {
        let body = line.trim().trim_start_matches('#').trim();
        let decoration =
            body.chars().filter(|c| c.is_alphanumeric()).count() * 2 < body.chars().count();
        if body.is_empty() || decoration {
            continue;
        }
        words.push(body.to_owned());
    }
    (!words.is_empty()).then(|| words.join(" "))
}

fn docs_mention(g: &mut Gathered, s: &Surface, m: &Mention) {
    if m.kind != MentionKind::Entry || g.docs_default.is_some() {
        return;
    }
    for st in &m.stated {
        match st.role {
            Role::Default => g.docs_default = Some(st.text.clone()),
            Role::Description => g.docs_description = st.text.clone().filter(|t| !t.is_empty()),
            _ => {}
        }
    }
    if g.docs_default.is_none() {
        g.docs_default = Some(None);
    }
    g.docs_section = s
        .tables
        .iter()
        .find(|t| t.span.start <= m.span.start && m.span.end <= t.span.end)
        .and_then(|t| t.sections.last())
        .map(|h| section_key(h));
}

/// What identifies a heading as a section: its number (`25.`, `3.2`) when it starts with
/// one, else its text.
pub(super) fn section_key(heading: &str) -> String {
    let h = heading.trim();
    let number: String = h
        .chars()
        .take_while(|c| c.is_ascii_digit() || *c == '.')
        .collect();
    if number.chars().any(|c| c.is_ascii_digit()) {
        number
    } else {
        h.to_owned()
    }
}

fn compose_mention(g: &mut Gathered, file: &str, s: &Surface, m: &Mention) {
    if m.kind == MentionKind::Interpolation {
        g.interpolated = true;
    }
    for st in m.stated.iter().filter(|st| st.role == Role::Default) {
        if let Some(t) = &st.text {
            g.compose_defaults.push((file.to_owned(), t.clone()));
        }
    }
    // The service that receives it (an `environment` key), else the one whose definition
    // interpolates it.
    let interpolating = (m.kind == MentionKind::Interpolation)
        .then(|| {
            s.services
                .iter()
                .find(|x| x.body.start <= m.span.start && m.span.end <= x.body.end)
                .map(|x| x.name.clone())
        })
        .flatten();
    if m.kind == MentionKind::Interpolation
        && g.interpolator.is_none()
        && let Some(name) = interpolating
    {
        g.interpolator_profile = s
            .services
            .iter()
            .find(|x| x.name == name)
            .and_then(|x| x.profiles.first().cloned())
            .filter(|p| !p.is_empty());
        g.interpolator = Some(name);
    }
    if m.kind == MentionKind::Entry
        && g.service.is_none()
        && let Some(service) = &m.scope
    {
        g.service = Some(service.clone());
        g.profile = s
            .services
            .iter()
            .find(|x| &x.name == service)
            .and_then(|x| x.profiles.first().cloned())
            .filter(|p| !p.is_empty());
    }
}

/// Names only a compose service's `environment` sets (no other file, no interpolation):
/// another program's settings. `QDRANT__SERVICE__API_KEY` gives `QDRANT__*`.
pub(super) fn container_settings(
    order: &[String],
    gathered: &HashMap<String, Gathered>,
) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for n in order {
        let g = &gathered[n];
        if g.on != [SurfaceName::Compose] || g.interpolated {
            continue;
        }
        let pattern = match n.find("__") {
            Some(i) => format!("{}*", &n[..i + 2]),
            None => n.clone(),
        };
        if !out.contains(&pattern) {
            out.push(pattern);
        }
    }
    out
}

/// The leading `WORD_` of each name (the whole name when it has no `_` after its first
/// character), each once, sorted.
pub(super) fn infer_prefixes(names: &[String]) -> Vec<String> {
    let mut out: Vec<String> = names
        .iter()
        .map(|n| match n[1..].find('_') {
            Some(i) => n[..i + 2].to_owned(),
            None => n.clone(),
        })
        .collect();
    out.sort();
    out.dedup();
    // A prefix that another covers goes (`A_` covers `A_B_`).
    let all = out.clone();
    out.retain(|p| !all.iter().any(|q| q != p && p.starts_with(q.as_str())));
    out
}

/// One variable as written.
#[derive(Debug, Default)]
pub(super) struct Decl {
    pub(super) name: String,
    pub(super) ty: VarType,
    pub(super) values: Vec<String>,
    pub(super) default: Option<String>,
    pub(super) example: Option<String>,
    pub(super) description: String,
    pub(super) section: Option<String>,
    pub(super) profile: Option<String>,
    pub(super) service: Option<String>,
    pub(super) secret: bool,
    pub(super) on: Option<Vec<String>>,
    pub(super) disagree: Vec<String>,
}

impl Decl {
    pub(super) fn on_docs(&self, found: &Found) -> bool {
        !found.docs.is_empty()
            && self
                .on
                .as_ref()
                .is_none_or(|on| on.iter().any(|s| s == "docs"))
    }

    /// Drops the least certain thing inferred; whether anything was left to drop.
    pub(super) fn simplify(&mut self) -> bool {
        if self.ty != VarType::String {
            self.ty = VarType::String;
            self.values.clear();
        } else if self.default.is_some() || self.example.is_some() {
            self.default = None;
            self.example = None;
        } else {
            return false;
        }
        true
    }
}

pub(super) fn decl(name: &str, g: &Gathered, found: &Found) -> Decl {
    let secret = looks_secret(name);
    // The default: what the code computes, else the docs cell, else the example value.
    let code = g.code_default.first().cloned();
    let default: Option<String> = match (&code, &g.docs_default) {
        (Some(c), _) => c.clone(),
        (None, Some(d)) => d.clone(),
        (None, None) => g.example.clone().filter(|e| !e.is_empty()),
    };
    let mut values: Vec<&str> = Vec::new();
    values.extend(default.as_deref());
    values.extend(g.example.as_deref().filter(|e| !e.is_empty()));
    values.extend(g.compose_defaults.iter().map(|(_, v)| v.as_str()));
    let choices = g
        .docs_description
        .as_deref()
        .and_then(choices)
        .filter(|c| values.iter().all(|v| c.iter().any(|x| x == v)));
    let ty = match choices {
        Some(_) => VarType::Enum,
        None => infer_type(name, &values),
    };
    let same = |a: &str, b: &str| ty.same(a, b);
    let example = match (&g.example, &default) {
        (Some(e), Some(d)) if !same(e, d) => Some(e.clone()),
        (Some(e), None) if !e.is_empty() => Some(e.clone()),
        _ => None,
    };
    let description = g
        .docs_description
        .clone()
        .or_else(|| g.comment.clone())
        .unwrap_or_else(
            || match (&g.example_file, g.on.contains(&SurfaceName::Code)) {
                (Some(f), _) => format!("Set in `{f}`."),
                (None, true) => "Read by the code.".to_owned(),
                (None, false) => "Named in the compose file.".to_owned(),
            },
        );
    Decl {
        name: name.to_owned(),
        ty,
        values: choices_or_empty(ty, g),
        default: if secret { None } else { default },
        example: if secret { None } else { example },
        description,
        section: g
            .docs_section
            .clone()
            .filter(|_| g.on.contains(&SurfaceName::Docs)),
        // Both from the service that receives it, else both from one that interpolates it.
        profile: if g.service.is_some() {
            g.profile.clone()
        } else {
            g.interpolator_profile.clone()
        },
        service: g.service.clone().or_else(|| g.interpolator.clone()),
        secret,
        on: on_list(g, found),
        disagree: Vec::new(),
    }
}

fn choices_or_empty(ty: VarType, g: &Gathered) -> Vec<String> {
    if ty == VarType::Enum {
        g.docs_description
            .as_deref()
            .and_then(choices)
            .unwrap_or_default()
    } else {
        Vec::new()
    }
}

/// The choices a description lists as `a | b | c` (backticks allowed), when it does.
pub(super) fn choices(text: &str) -> Option<Vec<String>> {
    let token = |t: &str| {
        let t = t.trim().trim_matches('`');
        (!t.is_empty()
            && t.chars()
                .all(|c| c.is_alphanumeric() || matches!(c, '_' | '-' | '.')))
        .then(|| t.to_owned())
    };
    // The longest run of `|`-separated tokens in the text, words around it aside.
    let parts: Vec<&str> = text.split('|').collect();
    if parts.len() < 2 {
        return None;
    }
    let first = parts[0].split_whitespace().last().and_then(token)?;
    let mut out = vec![first];
    for (i, p) in parts[1..].iter().enumerate() {
        let last = i + 2 == parts.len();
        let word = if last {
            p.split_whitespace().next()
        } else {
            Some(p.trim())
        };
        out.push(word.and_then(|w| token(w.trim_end_matches(['.', ',', ';', ')'])))?);
    }
    Some(out)
}

/// The most specific type every value has (`port` only for a `*_PORT` name).
pub(super) fn infer_type(name: &str, values: &[&str]) -> VarType {
    if values.is_empty() {
        return VarType::String;
    }
    let fits = |t: VarType| values.iter().all(|v| t.reject(v, &[]).is_none());
    if name.ends_with("_PORT") && fits(VarType::Port) {
        return VarType::Port;
    }
    [VarType::Int, VarType::Float, VarType::Bool, VarType::Url]
        .into_iter()
        .find(|t| fits(*t))
        .unwrap_or(VarType::String)
}

/// `on` when it differs from the default (every configured surface but compose).
pub(super) fn on_list(g: &Gathered, found: &Found) -> Option<Vec<String>> {
    let configured = [
        (SurfaceName::Dotenv, !found.dotenv.is_empty()),
        (SurfaceName::Docs, !found.docs.is_empty()),
        (SurfaceName::Code, !found.code_roots.is_empty()),
    ];
    let dotenv_all = g.dotenv_files.len() == found.dotenv.len();
    let default = configured
        .iter()
        .all(|(k, present)| !present || g.on.contains(k))
        && !g.on.contains(&SurfaceName::Compose)
        && dotenv_all;
    if default {
        return None;
    }
    let mut on = Vec::new();
    for k in [
        SurfaceName::Dotenv,
        SurfaceName::Docs,
        SurfaceName::Compose,
        SurfaceName::Code,
    ] {
        if !g.on.contains(&k) {
            continue;
        }
        if k == SurfaceName::Dotenv && !dotenv_all {
            on.extend(g.dotenv_files.iter().map(|f| format!("dotenv:{f}")));
        } else {
            on.push(k.key().to_owned());
        }
    }
    Some(on)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn types_are_the_most_specific_every_value_has() {
        assert_eq!(infer_type("QDRANT_PORT", &["6333"]), VarType::Port);
        assert_eq!(infer_type("QDRANT_SIZE", &["1536", "768"]), VarType::Int);
        assert_eq!(infer_type("X_PORT", &["70000"]), VarType::Int);
        assert_eq!(infer_type("X_RATIO", &["0.5", "1"]), VarType::Float);
        assert_eq!(infer_type("X_ON", &["true", "off"]), VarType::Bool);
        assert_eq!(infer_type("X_URL", &["http://a:1"]), VarType::Url);
        assert_eq!(infer_type("X_NAME", &["a b"]), VarType::String);
        assert_eq!(infer_type("X_NONE", &[]), VarType::String);
    }

    #[test]
    fn choices_listed_in_a_description() {
        assert_eq!(
            choices("Log level: `debug` | `info` | `warn`."),
            Some(vec![
                "debug".to_owned(),
                "info".to_owned(),
                "warn".to_owned()
            ])
        );
        assert_eq!(
            choices("one of a|b"),
            Some(vec!["a".to_owned(), "b".to_owned()])
        );
        assert_eq!(choices("no choices here"), None);
        assert_eq!(choices("a | two words | c"), None);
    }

    #[test]
    fn prefixes_are_the_leading_words() {
        let names: Vec<String> = ["QDRANT_HOST", "QDRANT_PORT", "BIFROST_URL", "PORT", "A_B_C"]
            .iter()
            .map(|s| (*s).to_owned())
            .collect();
        assert_eq!(
            infer_prefixes(&names),
            vec!["A_", "BIFROST_", "PORT", "QDRANT_"]
        );
    }

    #[test]
    fn sections_are_numbers_when_headings_start_with_one() {
        assert_eq!(section_key("25. Memory and routing"), "25.");
        assert_eq!(section_key(" 3.2 Logging"), "3.2");
        assert_eq!(section_key("Sidecars"), "Sidecars");
    }
}
