//! A YAML document as a tree of nodes with byte spans, read by serde-saphyr; merge keys are
//! applied here so an override of a merged key stays visible.

use std::fmt;

use serde::de::{Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_saphyr::{Location, Spanned};

use crate::error::Error;
use crate::source::{SourceFile, Span};

/// A node: where it is defined and, when reached through an alias, where it is used.
#[derive(Debug, Clone)]
pub struct Node {
    /// The node's source text (quotes included) where it is defined.
    pub span: Span,
    /// The alias (`*common`) it was reached through, when that is elsewhere.
    pub via: Option<Span>,
    pub kind: Kind,
}

#[derive(Debug, Clone)]
pub enum Kind<N = Node> {
    /// Entries in source order; `<<` merge keys are kept as written (see [`Node::entries`]).
    Map(Vec<(N, N)>),
    Seq(Vec<N>),
    /// A scalar's value (quotes and escapes resolved).
    Scalar(String),
    Null,
}

/// An entry of a mapping after merge keys are applied.
#[derive(Debug, Clone, Copy)]
pub struct Entry<'a> {
    pub key: &'a Node,
    pub value: &'a Node,
    /// The merge (`<<: *anchor`) it came in through: the alias's span.
    pub merged_via: Option<&'a Span>,
    /// The merged entry this one overrides, if any.
    pub overrides: Option<(&'a Node, &'a Span)>,
}

impl Node {
    pub fn scalar(&self) -> Option<&str> {
        match &self.kind {
            Kind::Scalar(s) => Some(s),
            _ => None,
        }
    }

    /// The value under `key` (after merges).
    pub fn get(&self, key: &str) -> Option<&Node> {
        self.entries()
            .into_iter()
            .find(|e| e.key.scalar() == Some(key))
            .map(|e| e.value)
    }

    /// The key node of `key` (after merges).
    pub fn key(&self, key: &str) -> Option<&Node> {
        self.entries()
            .into_iter()
            .find(|e| e.key.scalar() == Some(key))
            .map(|e| e.key)
    }

    /// A mapping's entries with its `<<` merge keys applied as YAML 1.1 merges them: the
    /// mapping's own entries first, then those of each merged mapping (earlier ones first)
    /// whose key is not yet present. An own entry whose key a merge also brings records the
    /// entry it overrides. Empty for anything but a mapping.
    pub fn entries(&self) -> Vec<Entry<'_>> {
        let Kind::Map(pairs) = &self.kind else {
            return Vec::new();
        };
        let mut own: Vec<Entry> = pairs
            .iter()
            .filter(|(k, _)| k.scalar() != Some("<<"))
            .map(|(key, value)| Entry {
                key,
                value,
                merged_via: None,
                overrides: None,
            })
            .collect();
        let mut merged: Vec<Entry> = Vec::new();
        for (_, source) in pairs.iter().filter(|(k, _)| k.scalar() == Some("<<")) {
            let sources: Vec<&Node> = match &source.kind {
                Kind::Seq(items) => items.iter().collect(),
                _ => vec![source],
            };
            for src in sources {
                let via = src.via.as_ref().unwrap_or(&src.span);
                for e in src.entries() {
                    merged.push(Entry {
                        merged_via: Some(e.merged_via.unwrap_or(via)),
                        ..e
                    });
                }
            }
        }
        let mut seen: Vec<Option<&str>> = own.iter().map(|e| e.key.scalar()).collect();
        for m in merged {
            let key = m.key.scalar();
            if let Some(o) = own
                .iter_mut()
                .find(|o| o.merged_via.is_none() && o.key.scalar() == key)
            {
                o.overrides
                    .get_or_insert((m.key, m.merged_via.unwrap_or(&m.key.span)));
            }
            if !seen.contains(&key) {
                seen.push(key);
                own.push(m);
            }
        }
        own
    }

    /// Every node of the tree (keys included), each alias target once: a node reached
    /// through an alias is visited where it is defined only.
    pub fn walk<'a>(&'a self, out: &mut Vec<&'a Node>) {
        if self.via.is_some() {
            return;
        }
        out.push(self);
        match &self.kind {
            Kind::Map(pairs) => {
                for (k, v) in pairs {
                    k.walk(out);
                    v.walk(out);
                }
            }
            Kind::Seq(items) => items.iter().for_each(|n| n.walk(out)),
            Kind::Scalar(_) | Kind::Null => {}
        }
    }
}

/// How many events aliases may replay in one compose file: a file of 40 services merging
/// 10 anchors (`tests/compose.rs`) replays about 9,000; a nine-level alias bomb
/// would replay 387 million.
pub const REPLAYED_EVENTS: usize = 100_000;

/// Parses `source` as one YAML document. Duplicate keys are kept (a rule reports them) and
/// merge keys are left to [`Node::entries`]; serde-saphyr's budget refuses alias bombs and
/// deep nesting before they cost memory.
pub fn parse(source: &SourceFile) -> Result<Node, Error> {
    let mut options = serde_saphyr::Options::default();
    options.duplicate_keys = serde_saphyr::DuplicateKeyPolicy::PassThrough;
    options.merge_keys = serde_saphyr::MergeKeyPolicy::AsOrdinary;
    options.no_schema = true;
    let budget = options
        .budget
        .get_or_insert_with(serde_saphyr::Budget::default);
    // Real files merge a handful of anchors into dozens of services: many aliases per
    // anchor. What an alias bomb has and they do not is expansion cost (an alias replayed
    // inside an alias that is replayed again), so that is what is limited: events
    // replayed in all, and how deep replays nest. The count of aliases per anchor is not.
    budget.enforce_alias_anchor_ratio = false;
    budget.max_nodes = 200_000;
    budget.max_depth = 32;
    budget.flow_nesting_limit = 32;
    options.alias_limits.max_total_replayed_events = REPLAYED_EVENTS;
    options.alias_limits.max_replay_stack_depth = 16;
    let text = source
        .text
        .strip_prefix(crate::source::BOM)
        .unwrap_or(&source.text);
    let offset = source.text.len() - text.len();
    match serde_saphyr::from_str_with_options::<Spanned<Raw>>(text, options) {
        Ok(raw) => Ok(node(raw, text.len(), offset)),
        Err(e) => {
            let at = e
                .location()
                .and_then(|l| span(&l, text.len()).or_else(|| line_column(text, &l)))
                .map_or(offset..offset, |s| s.start + offset..s.start + offset);
            Err(Error::parse(source, at, reason(&e)))
        }
    }
}

/// The byte offset of a location known by line and column (characters) only.
fn line_column(text: &str, l: &Location) -> Option<Span> {
    let line = usize::try_from(l.line()).ok()?.checked_sub(1)?;
    let column = usize::try_from(l.column()).ok()?.saturating_sub(1);
    let start = if line == 0 {
        0
    } else {
        text.match_indices('\n').nth(line - 1)?.0 + 1
    };
    let rest = &text[start..];
    let line_text = &rest[..rest.find('\n').unwrap_or(rest.len())];
    let within = line_text
        .char_indices()
        .nth(column)
        .map_or(line_text.len(), |(i, _)| i);
    Some(start + within..start + within)
}

/// The parser's reason without its own snippet and location, in envlint's words where
/// a budget stopped it.
fn reason(e: &serde_saphyr::Error) -> String {
    let text = e.without_snippet().to_string();
    if text.contains("budget breached")
        || text.contains("replay limit")
        || text.contains("recursion limit")
    {
        let what = if text.contains("Depth") || text.contains("recursion") {
            "nesting deeper than 32 levels"
        } else {
            "more nodes or alias expansions than a compose file needs (an alias bomb?)"
        };
        return format!("refused: {what}");
    }
    let first = text.lines().next().unwrap_or("invalid YAML").trim();
    // "… at line 3, column 5" repeats what the diagnostic shows.
    let first = first
        .find(" at line ")
        .map_or(first, |i| &first[..i])
        .trim_end_matches(':');
    first.to_owned()
}

fn span(l: &Location, len: usize) -> Option<Span> {
    let s = l.span();
    let start = usize::try_from(s.byte_offset()?).ok()?;
    let end = start + usize::try_from(s.byte_len().unwrap_or(0)).ok()?;
    (start <= end && end <= len).then_some(start..end)
}

fn node(raw: Spanned<Raw>, len: usize, offset: usize) -> Node {
    let shift = |s: Span| s.start + offset..s.end + offset;
    let defined = span(&raw.defined, len).map(shift);
    let referenced = span(&raw.referenced, len).map(shift);
    let kind = match raw.value.0 {
        Kind::Map(pairs) => Kind::Map(
            pairs
                .into_iter()
                .map(|(k, v)| (node_of(k, len, offset), node_of(v, len, offset)))
                .collect(),
        ),
        Kind::Seq(items) => Kind::Seq(items.into_iter().map(|n| node_of(n, len, offset)).collect()),
        Kind::Scalar(s) => Kind::Scalar(s),
        Kind::Null => Kind::Null,
    };
    let span = defined.clone().or(referenced.clone()).unwrap_or(0..0);
    Node {
        via: referenced.filter(|r| Some(r) != defined.as_ref()),
        span,
        kind,
    }
}

fn node_of(raw: RawNode, len: usize, offset: usize) -> Node {
    node(raw.0, len, offset)
}

/// What serde-saphyr hands the visitor: children are spanned.
struct Raw(Kind<RawNode>);
struct RawNode(Spanned<Raw>);

impl<'de> Deserialize<'de> for RawNode {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        Spanned::<Raw>::deserialize(d).map(RawNode)
    }
}

impl<'de> Deserialize<'de> for Raw {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(RawVisitor)
    }
}

struct RawVisitor;

impl<'de> Visitor<'de> for RawVisitor {
    type Value = Raw;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a YAML node")
    }
    fn visit_str<E>(self, v: &str) -> Result<Raw, E> {
        Ok(Raw(Kind::Scalar(v.to_owned())))
    }
    fn visit_string<E>(self, v: String) -> Result<Raw, E> {
        Ok(Raw(Kind::Scalar(v)))
    }
    fn visit_bool<E>(self, v: bool) -> Result<Raw, E> {
        Ok(Raw(Kind::Scalar(v.to_string())))
    }
    fn visit_i64<E>(self, v: i64) -> Result<Raw, E> {
        Ok(Raw(Kind::Scalar(v.to_string())))
    }
    fn visit_u64<E>(self, v: u64) -> Result<Raw, E> {
        Ok(Raw(Kind::Scalar(v.to_string())))
    }
    fn visit_f64<E>(self, v: f64) -> Result<Raw, E> {
        Ok(Raw(Kind::Scalar(v.to_string())))
    }
    fn visit_unit<E>(self) -> Result<Raw, E> {
        Ok(Raw(Kind::Null))
    }
    fn visit_none<E>(self) -> Result<Raw, E> {
        Ok(Raw(Kind::Null))
    }
    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Raw, D::Error> {
        Raw::deserialize(d)
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut a: A) -> Result<Raw, A::Error> {
        let mut items = Vec::new();
        while let Some(n) = a.next_element::<RawNode>()? {
            items.push(n);
        }
        Ok(Raw(Kind::Seq(items)))
    }
    fn visit_map<A: MapAccess<'de>>(self, mut a: A) -> Result<Raw, A::Error> {
        let mut pairs = Vec::new();
        while let Some(k) = a.next_key::<RawNode>()? {
            let v = a.next_value::<RawNode>()?;
            pairs.push((k, v));
        }
        Ok(Raw(Kind::Map(pairs)))
    }
}

/// Where each byte of a scalar's decoded value comes from in its source text `raw` (the
/// node's span: quotes included, or a block scalar's content): for decoded byte `i`, the
/// source range `(start, end)` relative to `raw`, with one more entry for the end. The
/// value is matched against the source as YAML decodes it: a double-quoted scalar's
/// escapes, a single-quoted one's doubled quotes, and the line folding, indentation and
/// chomping of every style (a run of blanks and line breaks in the value stands for the
/// run in the source). `None` when the two cannot be matched.
pub fn decoded_map(raw: &str, decoded: &str) -> Option<Vec<(usize, usize)>> {
    let (body_start, body_end, style) = match raw.as_bytes().first() {
        Some(b'"') if raw.len() >= 2 && raw.ends_with('"') => (1, raw.len() - 1, b'"'),
        Some(b'\'') if raw.len() >= 2 && raw.ends_with('\'') => (1, raw.len() - 1, b'\''),
        _ => (0, raw.len(), b' '),
    };
    let r = raw.as_bytes();
    let d = decoded.as_bytes();
    let mut map = Vec::with_capacity(d.len() + 1);
    let (mut i, mut j) = (body_start, 0);
    let blank = |c: u8| matches!(c, b' ' | b'\t' | b'\n' | b'\r');
    while j < d.len() {
        if i >= body_end {
            // Chomping keeps line breaks the source spelled before the span's end.
            if blank(d[j]) {
                map.push((body_end, body_end));
                j += 1;
                continue;
            }
            return None;
        }
        if style == b'"' && r[i] == b'\\' {
            let (produced, used) = escape(&raw[i..body_end])?;
            if produced.is_empty() {
                // An escaped line break: it and the next line's indentation are nothing.
                i += used;
                continue;
            }
            if !decoded[j..].starts_with(produced.as_str()) {
                return None;
            }
            for _ in 0..produced.len() {
                map.push((i, i + used));
            }
            i += used;
            j += produced.len();
            continue;
        }
        if style == b'\'' && r[i] == b'\'' && r.get(i + 1) == Some(&b'\'') && d[j] == b'\'' {
            map.push((i, i + 2));
            i += 2;
            j += 1;
            continue;
        }
        if blank(d[j]) && blank(r[i]) {
            // Runs of blanks and line breaks stand for each other (folding, indentation).
            let run_start = i;
            while i < body_end && blank(r[i]) {
                i += 1;
            }
            while j < d.len() && blank(d[j]) {
                map.push((run_start, i));
                j += 1;
            }
            continue;
        }
        if r[i] == d[j] {
            map.push((i, i + 1));
            i += 1;
            j += 1;
            continue;
        }
        // Indentation the value drops before a character it keeps.
        if blank(r[i]) {
            i += 1;
            continue;
        }
        return None;
    }
    map.push((i, i));
    Some(map)
}

/// A double-quoted scalar's escape at the start of `s` (which begins with `\`): the text it
/// stands for (empty for an escaped line break) and how many bytes it takes, the next
/// line's indentation included after a line break.
fn escape(s: &str) -> Option<(String, usize)> {
    let b = s.as_bytes();
    let c = *b.get(1)?;
    let simple = |ch: char| Some((ch.to_string(), 2));
    match c {
        b'0' => simple('\0'),
        b'a' => simple('\u{7}'),
        b'b' => simple('\u{8}'),
        b't' | b'\t' => simple('\t'),
        b'n' => simple('\n'),
        b'v' => simple('\u{b}'),
        b'f' => simple('\u{c}'),
        b'r' => simple('\r'),
        b'e' => simple('\u{1b}'),
        b' ' => simple(' '),
        b'"' => simple('"'),
        b'/' => simple('/'),
        b'\\' => simple('\\'),
        b'N' => simple('\u{85}'),
        b'_' => simple('\u{a0}'),
        b'L' => simple('\u{2028}'),
        b'P' => simple('\u{2029}'),
        b'x' | b'u' | b'U' => {
            let digits = match c {
                b'x' => 2,
                b'u' => 4,
                _ => 8,
            };
            let hex = s.get(2..2 + digits)?;
            let ch = char::from_u32(u32::from_str_radix(hex, 16).ok()?)?;
            Some((ch.to_string(), 2 + digits))
        }
        b'\n' | b'\r' => {
            let mut used = 2;
            if c == b'\r' && b.get(2) == Some(&b'\n') {
                used = 3;
            }
            while matches!(b.get(used), Some(b' ' | b'\t')) {
                used += 1;
            }
            Some((String::new(), used))
        }
        _ => None,
    }
}
