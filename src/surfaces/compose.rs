//! The compose adapter: services, profiles, `environment` entries, interpolations and
//! names in comments of a docker compose file, with byte spans.

pub mod interpolation;
mod yaml;

use foldhash::HashSet;

use crate::error::Error;
use crate::facts::{Mention, MentionKind, Rejected, Rejection, Role, Service, Stated, Surface};
use crate::schema::{SurfaceName, is_env_name};
use crate::source::{FileId, SourceFile, Span};
pub use interpolation::{Interpolation, Op};
use yaml::{Kind, Node};

/// Parses a compose file: a YAML mapping.
pub fn read(source: &SourceFile) -> Result<Node, Error> {
    let doc = yaml::parse(source)?;
    match doc.kind {
        Kind::Map(_) => Ok(doc),
        Kind::Null => Ok(Node {
            kind: Kind::Map(Vec::new()),
            ..doc
        }),
        Kind::Seq(_) | Kind::Scalar(_) => Err(Error::parse(
            source,
            doc.span.start..doc.span.start,
            "a compose file is a mapping (`services:` and the like), not a list or a scalar",
        )),
    }
}

/// The facts of a parsed compose file.
pub fn facts(file: FileId, source: &SourceFile, doc: &Node) -> Result<Surface, Error> {
    let text: &str = &source.text;
    let mut surface = Surface::new(SurfaceName::Compose, file);
    surface.append_at = doc.key("services").map_or(0, |k| k.span.start);
    let mut nodes = Vec::new();
    doc.walk(&mut nodes);

    // Interpolations in every scalar value (keys hold none), each definition once.
    let keys: HashSet<usize> = nodes
        .iter()
        .filter_map(|n| match &n.kind {
            Kind::Map(pairs) => Some(pairs.iter().map(|(k, _)| k.span.start)),
            _ => None,
        })
        .flatten()
        .collect();
    for n in &nodes {
        let Some(value) = n.scalar() else { continue };
        if keys.contains(&n.span.start) || !value.contains('$') {
            continue;
        }
        let (found, invalid) = scalar_interpolations(text, &n.span, value);
        surface.mentions.extend(found);
        surface.rejected.extend(
            invalid
                .into_iter()
                .map(|(span, template, reason)| Rejected {
                    kind: Rejection::Interpolation,
                    message: format!("compose refuses `{}`: {reason}", excerpt(&template)),
                    span,
                    fatal: true,
                    value: None,
                }),
        );
    }

    if let Some(volumes) = doc.get("volumes") {
        surface.volumes = volumes
            .entries()
            .iter()
            .filter_map(|e| e.key.scalar().map(str::to_owned))
            .collect();
    }
    surface.project = doc.get("name").and_then(Node::scalar).map(str::to_owned);
    // Where the `services:` block ends: the next top-level key, or the end of the file.
    let keys: Vec<usize> = doc.entries().iter().map(|e| e.key.span.start).collect();
    let services_end = doc
        .key("services")
        .and_then(|k| keys.iter().copied().filter(|&at| at > k.span.start).min())
        .unwrap_or(text.len());
    if let Some(services) = doc.get("services") {
        let mut stated_once = HashSet::default();
        for e in services.entries() {
            let Some(name) = e.key.scalar() else { continue };
            surface.services.push(service(name, e.key, e.value));
            if let [.., previous, last] = surface.services.as_mut_slice() {
                previous.body.end = last.span.start;
            }
            if let Some(env) = e
                .value
                .entries()
                .into_iter()
                .find(|x| x.key.scalar() == Some("environment"))
            {
                let via = e.value.via.as_ref().or(env.merged_via);
                environment(
                    text,
                    name,
                    env.value,
                    via,
                    &mut stated_once,
                    &mut surface.mentions,
                );
            }
        }
        if let Some(last) = surface.services.last_mut() {
            last.body.end = services_end.max(last.body.start);
        }
    }

    let mut scalars: Vec<Span> = nodes
        .iter()
        .filter(|n| n.scalar().is_some())
        .map(|n| n.span.clone())
        .collect();
    scalars.sort_by_key(|s| s.start);
    surface.mentions.extend(comment_mentions(text, &scalars));
    surface.mentions.sort_by_key(|m| m.span.start);
    Ok(surface)
}

/// The interpolations of a scalar whose source is `text[span]` and whose value YAML decodes
/// to `value`, read from the value as compose reads it (a double-quoted scalar's escapes
/// resolved, a single-quoted one's quotes undoubled, block scalars folded), with spans
/// into the source; and the templates compose refuses (span, template, reason). Where
/// value and source cannot be matched byte for byte, the source is read.
fn scalar_interpolations(
    text: &str,
    span: &Span,
    value: &str,
) -> (Vec<Mention>, Vec<(Span, String, &'static str)>) {
    let Some(map) = yaml::decoded_map(&text[span.clone()], value) else {
        let (found, invalid) = interpolation::scan(text, content(text, span));
        return (
            found
                .iter()
                .map(|i| interpolation_mention(text, i))
                .collect(),
            invalid
                .into_iter()
                .map(|i| (i.span.clone(), text[i.span].to_owned(), i.reason))
                .collect(),
        );
    };
    // A span of the value as a span of the source.
    let source = |s: &Span| {
        let start = span.start + map[s.start].0;
        let end = if s.end > s.start {
            span.start + map[s.end - 1].1
        } else {
            start
        };
        start..end.max(start)
    };
    let (found, invalid) = interpolation::scan(value, 0..value.len());
    let mentions = found
        .iter()
        .map(|i| {
            let mut m = interpolation_mention(value, i);
            m.span = source(&m.span);
            m.block = source(&m.block);
            for st in &mut m.stated {
                st.span = source(&st.span);
            }
            m
        })
        .collect();
    let invalid = invalid
        .into_iter()
        .map(|i| (source(&i.span), value[i.span].to_owned(), i.reason))
        .collect();
    (mentions, invalid)
}

/// At most 40 characters of a template, for a message.
fn excerpt(template: &str) -> String {
    match template.char_indices().nth(40) {
        Some((at, _)) => format!("{}…", &template[..at]),
        None => template.to_owned(),
    }
}

/// A key's name when it is one as the file spells it (YAML 1.1 reads `n` as `false`).
fn spelled<'a>(text: &str, n: &'a Node) -> Option<&'a str> {
    n.scalar()
        .filter(|s| *s == &text[content(text, &n.span)] && is_env_name(s))
}

/// The text inside a scalar's quotes (the whole span when it is not quoted).
fn content(text: &str, span: &Span) -> Span {
    let raw = &text[span.clone()];
    let quoted = raw.len() >= 2
        && ((raw.starts_with('"') && raw.ends_with('"'))
            || (raw.starts_with('\'') && raw.ends_with('\'')));
    if quoted {
        span.start + 1..span.end - 1
    } else {
        span.clone()
    }
}

pub(crate) fn interpolation_mention(text: &str, i: &Interpolation) -> Mention {
    let mut stated = Vec::new();
    // `${V:-}` passes the variable on, empty when unset: no default of its own.
    if i.op.states_default()
        && let Some(arg) = &i.arg
        && !arg.is_empty()
        && !has_interpolation(&text[arg.clone()])
    {
        stated.push(Stated::new(
            Role::Default,
            Some(text[arg.clone()].replace("$$", "$")),
            arg.clone(),
            "interpolation default",
        ));
    }
    if i.op == Op::Required {
        // `${V:?message}`: compose refuses to start without it.
        stated.push(Stated::new(
            Role::Required,
            Some("true".to_owned()),
            i.span.clone(),
            "interpolation",
        ));
    }
    Mention {
        name: i.name.clone(),
        span: i.name_span.clone(),
        kind: MentionKind::Interpolation,
        block: i.span.clone(),
        scope: None,
        stated,
        via: None,
    }
}

/// Whether `value` interpolates anything: a `$` before a name or a `{` (`$$` is a literal
/// `$`, and so is a `$` before anything else). It stops at the first one, which in a
/// nested default is where the inner `${` starts: the defaults of deep nesting are read
/// once in all, not once per level.
fn has_interpolation(value: &str) -> bool {
    let b = value.as_bytes();
    let mut from = 0;
    while let Some(at) = memchr::memchr(b'$', &b[from..]) {
        match b.get(from + at + 1) {
            Some(b'$') => from += at + 2,
            Some(&c) if c == b'{' || c == b'_' || c.is_ascii_alphabetic() => return true,
            _ => from += at + 1,
        }
    }
    false
}

fn service(name: &str, key: &Node, value: &Node) -> Service {
    let strings = |n: Option<&Node>| -> Vec<String> {
        match n.map(|n| &n.kind) {
            Some(Kind::Scalar(s)) => vec![s.clone()],
            Some(Kind::Seq(items)) => items
                .iter()
                .filter_map(|i| i.scalar().or_else(|| i.get("path").and_then(Node::scalar)))
                .map(str::to_owned)
                .collect(),
            _ => Vec::new(),
        }
    };
    Service {
        name: name.to_owned(),
        span: key.span.clone(),
        profiles: strings(value.get("profiles")),
        profiles_span: value
            .key("profiles")
            .map(|k| k.via.clone().unwrap_or(k.span.clone())),
        image: value.get("image").and_then(Node::scalar).map(str::to_owned),
        env_file: strings(value.get("env_file")),
        // Set by `facts` to run to the next service's key: a mapping's own span is empty.
        body: key.span.start..value.span.end,
    }
}

/// The entries of one service's `environment` (list `- K=V` or map `K: V`, merges
/// applied). `via` is set when the whole block is inherited through a merge.
fn environment(
    text: &str,
    service: &str,
    env: &Node,
    via: Option<&Span>,
    stated_once: &mut HashSet<usize>,
    out: &mut Vec<Mention>,
) {
    let mut entry =
        |name: &str, name_span: Span, value: Option<(String, Span)>, via: Option<Span>| {
            let mut stated = Vec::new();
            if let Some((value, span)) = value
                && !has_interpolation(&value)
                && stated_once.insert(span.start)
            {
                stated.push(Stated::new(
                    Role::Value,
                    Some(value.replace("$$", "$")),
                    span,
                    "environment value",
                ));
            }
            out.push(Mention {
                name: name.to_owned(),
                block: name_span.clone(),
                span: name_span,
                kind: MentionKind::Entry,
                scope: Some(service.to_owned()),
                stated,
                via,
            });
        };
    match &env.kind {
        Kind::Seq(items) => {
            for item in items {
                let Some(value) = item.scalar() else { continue };
                let inner = content(text, &item.span);
                let raw = &text[inner.clone()];
                let (name, rest) = value
                    .split_once('=')
                    .map_or((value, None), |(n, v)| (n, Some(v)));
                let name = name.trim();
                if !is_env_name(name) {
                    continue;
                }
                // A name is what the file spells: YAML 1.1 reads `n` or `yes` as a bool.
                let Some(at) = raw.find(name).map(|i| inner.start + i) else {
                    continue;
                };
                let value = rest.map(|v| {
                    let eq = raw.find('=').map_or(inner.end, |i| inner.start + i + 1);
                    (v.to_owned(), eq..inner.end)
                });
                entry(
                    name,
                    at..at + name.len(),
                    value,
                    item.via.clone().or(via.cloned()),
                );
            }
        }
        Kind::Map(_) => {
            for e in env.entries() {
                let Some(name) = spelled(text, e.key) else {
                    continue;
                };
                // A key set beside a `<<` merge overrides the merged one (YAML's merge):
                // it is this service's value, and the merged entry is not.
                let entry_via = e.merged_via.cloned().or(e.key.via.clone()).or(via.cloned());
                let value = e
                    .value
                    .scalar()
                    .map(|v| (v.to_owned(), content(text, &e.value.span)));
                entry(name, content(text, &e.key.span), value, entry_via);
            }
        }
        Kind::Scalar(_) | Kind::Null => {}
    }
}

/// Names in YAML comments: a `#` at the start of a line or after a blank, outside every
/// scalar (`scalars` sorted by start). A name is one mention per comment block (lines of
/// comment in a row), however many of its lines name it.
fn comment_mentions(text: &str, scalars: &[Span]) -> Vec<Mention> {
    let inside = |p: usize| {
        let i = scalars.partition_point(|s| s.start <= p);
        i > 0 && p < scalars[i - 1].end
    };
    let mut out = Vec::new();
    let mut line_start = 0;
    // The names the current block of whole-line comments has mentioned.
    let mut block: Vec<String> = Vec::new();
    for line in text.split_inclusive('\n') {
        let bytes = line.as_bytes();
        let hash = (0..bytes.len()).find(|&i| {
            bytes[i] == b'#'
                && (i == 0 || bytes[i - 1] == b' ' || bytes[i - 1] == b'\t')
                && !inside(line_start + i)
        });
        let whole_line = hash.is_some_and(|h| line[..h].trim().is_empty());
        if !whole_line {
            block.clear();
        }
        if let Some(h) = hash {
            let mut p = h + 1;
            while p < bytes.len() {
                let word = p + bytes[p..]
                    .iter()
                    .take_while(|b| b.is_ascii_alphanumeric() || **b == b'_')
                    .count();
                if word > p {
                    let name = &line[p..word];
                    if is_env_name(name) && name.contains('_') && !block.iter().any(|b| b == name) {
                        if whole_line {
                            block.push(name.to_owned());
                        }
                        out.push(Mention {
                            name: name.to_owned(),
                            span: line_start + p..line_start + word,
                            kind: MentionKind::Comment,
                            block: line_start + p..line_start + word,
                            scope: None,
                            stated: Vec::new(),
                            via: None,
                        });
                    }
                    p = word;
                } else {
                    p += line[p..].chars().next().map_or(1, char::len_utf8);
                }
            }
        }
        line_start += line.len();
    }
    out
}

#[cfg(test)]
mod tests;
