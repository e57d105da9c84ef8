//! The prose adapter: what decision records and guides claim about the other files —
//! cited lines (`path:LINE`, `path#L1-L9`, "`path` lines A-B"), images and volumes of
//! compose services, lists of a profile's variables — and the owned names they mention.
//!
//! Markdown is read with pulldown-cmark, code spans, links and tables included. A claim
//! is judged against the sentence (or table row, or list item) it sits in: the names it
//! gives in backticks are what the cited lines must hold. Tables whose header has a
//! `Change` column are history, not claims, and are not judged.

use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};

use crate::facts::{Claim, LineRef, Mention, MentionKind, Surface};
use crate::schema::{SurfaceName, is_env_name, normal_path};
use crate::source::{FileId, SourceFile, Span};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum PieceKind {
    Text,
    Code,
    Link,
}

#[derive(Debug, Clone)]
struct Piece {
    kind: PieceKind,
    text: String,
    /// Where the text is in the file; `exact` when `text` is those bytes.
    span: Span,
    exact: bool,
    cell: usize,
}

#[derive(Debug, Default)]
struct Unit {
    span: Span,
    pieces: Vec<Piece>,
    /// For a table row: the header's cell texts.
    header: Option<Vec<String>>,
    history: bool,
}

/// Reads a prose file. `load` gives a file's text by its path relative to the root
/// (`None`: no such file); `services` and `volumes` are the compose file's.
pub fn read(
    file: FileId,
    source: &SourceFile,
    services: &[String],
    load: &mut dyn FnMut(&str) -> Option<std::sync::Arc<String>>,
) -> Surface {
    let text: &str = &source.text;
    let mut surface = Surface {
        complete: false,
        ..Surface::new(SurfaceName::Prose, file)
    };
    let dir = source
        .name
        .rsplit_once('/')
        .map_or("", |(d, _)| d)
        .to_owned();
    for unit in units(text) {
        mentions(&unit, &mut surface.mentions);
        if unit.history {
            continue;
        }
        for sentence in sentences(&unit) {
            claims(&unit, &sentence, &dir, services, load, &mut surface.claims);
        }
        cell_claims(&unit, services, &mut surface.claims);
    }
    surface
}

/// The paragraphs, headings, list items and table rows of a Markdown text.
fn units(text: &str) -> Vec<Unit> {
    let options = Options::ENABLE_TABLES | Options::ENABLE_YAML_STYLE_METADATA_BLOCKS;
    let mut out = Vec::new();
    let mut stack: Vec<Unit> = Vec::new();
    let mut header: Option<Vec<String>> = None;
    let mut history = false;
    let mut cell = 0;
    for (event, range) in Parser::new_ext(text, options).into_offset_iter() {
        match event {
            Event::Start(Tag::Paragraph | Tag::Heading { .. } | Tag::Item | Tag::TableRow) => {
                cell = 0;
                stack.push(Unit {
                    span: range,
                    header: header.clone(),
                    history,
                    ..Unit::default()
                });
            }
            Event::Start(Tag::TableHead) => {
                cell = 0;
                stack.push(Unit {
                    span: range,
                    ..Unit::default()
                });
            }
            Event::End(TagEnd::TableHead) => {
                if let Some(u) = stack.pop() {
                    let mut cells = vec![String::new(); cell + 1];
                    for p in &u.pieces {
                        cells[p.cell].push_str(&p.text);
                    }
                    let cells: Vec<String> =
                        cells.into_iter().map(|c| c.trim().to_owned()).collect();
                    history = cells
                        .iter()
                        .any(|c| c.to_ascii_lowercase().contains("change"));
                    header = Some(cells);
                }
            }
            Event::Start(Tag::Table(_)) | Event::End(TagEnd::Table) => {
                header = None;
                history = false;
            }
            Event::End(
                TagEnd::Paragraph | TagEnd::Heading(_) | TagEnd::Item | TagEnd::TableRow,
            ) => {
                if let Some(u) = stack.pop()
                    && !u.pieces.is_empty()
                {
                    out.push(u);
                }
            }
            Event::End(TagEnd::TableCell) => cell += 1,
            Event::Text(t) => push(&mut stack, text, PieceKind::Text, &t, range, cell),
            Event::Code(t) => push(&mut stack, text, PieceKind::Code, &t, range, cell),
            Event::SoftBreak | Event::HardBreak => {
                push(&mut stack, text, PieceKind::Text, " ", range, cell);
            }
            Event::Start(Tag::Link { dest_url, .. }) => {
                push(&mut stack, text, PieceKind::Link, &dest_url, range, cell);
            }
            _ => {}
        }
    }
    out
}

fn push(stack: &mut [Unit], text: &str, kind: PieceKind, t: &str, range: Span, cell: usize) {
    let Some(unit) = stack.last_mut() else { return };
    // Where `t` is inside the event's range: a code span's content, a link's target.
    let raw = &text[range.clone()];
    let (span, exact) = match raw.find(t).filter(|_| !t.is_empty()) {
        Some(i) => (range.start + i..range.start + i + t.len(), true),
        None => (range, false),
    };
    unit.pieces.push(Piece {
        kind,
        text: t.to_owned(),
        span,
        exact,
        cell,
    });
}

/// The sentences of a unit, as ranges of its pieces' bytes: (piece, offset) to (piece,
/// offset). A table row or heading is one sentence; a paragraph or item splits after `. `,
/// `? ` and `! ` in text.
fn sentences(unit: &Unit) -> Vec<Vec<(usize, Span)>> {
    let mut out: Vec<Vec<(usize, Span)>> = vec![Vec::new()];
    for (i, p) in unit.pieces.iter().enumerate() {
        if p.kind != PieceKind::Text || unit.header.is_some() {
            out.last_mut()
                .expect("one at least")
                .push((i, 0..p.text.len()));
            continue;
        }
        let mut from = 0;
        let b = p.text.as_bytes();
        for (k, w) in b.windows(2).enumerate() {
            if matches!(w[0], b'.' | b'?' | b'!') && w[1] == b' ' {
                out.last_mut().expect("one at least").push((i, from..k + 1));
                out.push(Vec::new());
                from = k + 2;
            }
        }
        out.last_mut()
            .expect("one at least")
            .push((i, from..p.text.len()));
    }
    out.retain(|s| s.iter().any(|(_, r)| !r.is_empty()));
    out
}

/// The owned-looking names of a unit: `UPPER_CASE` words, in code or text.
fn mentions(unit: &Unit, out: &mut Vec<Mention>) {
    for p in &unit.pieces {
        if p.kind == PieceKind::Link {
            continue;
        }
        for (at, word) in words(&p.text) {
            let after = p.text[at + word.len()..].chars().next();
            let shape = word.contains('_')
                && !word.ends_with('_')
                && word.chars().any(|c| c.is_ascii_uppercase())
                && !word.chars().any(|c| c.is_ascii_lowercase());
            if !shape || after == Some('*') || !is_env_name(word) {
                continue;
            }
            let span = if p.exact {
                p.span.start + at..p.span.start + at + word.len()
            } else {
                p.span.clone()
            };
            out.push(Mention {
                name: word.to_owned(),
                span: span.clone(),
                kind: MentionKind::Comment,
                block: span,
                scope: None,
                stated: Vec::new(),
                via: None,
            });
        }
    }
}

/// The words of `text` made of letters, digits and `_`, with their offsets.
fn words(text: &str) -> impl Iterator<Item = (usize, &str)> {
    let mut out = Vec::new();
    let mut start = None;
    for (i, c) in text
        .char_indices()
        .chain(std::iter::once((text.len(), ' ')))
    {
        let word = c.is_ascii_alphanumeric() || c == '_';
        match (word, start) {
            (true, None) => start = Some(i),
            (false, Some(s)) => {
                out.push((s, &text[s..i]));
                start = None;
            }
            _ => {}
        }
    }
    out.into_iter()
}

/// The claims of one sentence of `unit`.
fn claims(
    unit: &Unit,
    sentence: &[(usize, Span)],
    dir: &str,
    services: &[String],
    load: &mut dyn FnMut(&str) -> Option<std::sync::Arc<String>>,
    out: &mut Vec<Claim>,
) {
    let pieces: Vec<(&Piece, &str, usize)> = sentence
        .iter()
        .map(|(i, r)| (&unit.pieces[*i], &unit.pieces[*i].text[r.clone()], r.start))
        .collect();
    // The names the sentence gives in backticks (`QDRANT_HOST=qdrant` gives its name).
    let names: Vec<String> = pieces
        .iter()
        .filter(|(p, ..)| p.kind == PieceKind::Code)
        .map(|(_, t, _)| {
            let t = t.trim();
            match t.split_once('=') {
                Some((name, _)) if crate::schema::is_env_name(name.trim_end()) => name.trim_end(),
                _ => t,
            }
        })
        .filter(|t| {
            !t.is_empty()
                && t.chars()
                    .next()
                    .is_some_and(|c| c.is_alphabetic() || c == '_')
                && t.chars()
                    .all(|c| c.is_alphanumeric() || c == '_' || c == '$')
        })
        .map(str::to_owned)
        .collect();
    let mut refs: Vec<Found> = Vec::new();
    for (k, (p, t, off)) in pieces.iter().enumerate() {
        let at = |r: Span| -> Option<Span> {
            p.exact
                .then(|| p.span.start + off + r.start..p.span.start + off + r.end)
        };
        match p.kind {
            PieceKind::Code | PieceKind::Link => {
                if let Some((path, from, to, nums)) = whole_ref(t, p.kind == PieceKind::Link) {
                    let span = at(0..t.len()).unwrap_or(p.span.clone());
                    let numbers = nums.and_then(|(a, b)| Some((at(a)?, b.and_then(&at))));
                    refs.push((span, path, from, to, numbers));
                } else if p.kind == PieceKind::Code && looks_like_path(t) {
                    // "`path` lines A-B", "`path` line N" in the text after it.
                    if let Some((next, nt, noff)) = pieces.get(k + 1)
                        && next.kind == PieceKind::Text
                        && let Some((from, to, a, b)) = lines_after(nt)
                    {
                        let here = |r: Span| {
                            next.exact.then(|| {
                                next.span.start + noff + r.start..next.span.start + noff + r.end
                            })
                        };
                        let numbers = here(a.clone()).map(|a| (a, b.clone().and_then(here)));
                        let end = b.unwrap_or(a).end;
                        let span = p.span.start..here(0..end).map_or(p.span.end, |s| s.end);
                        refs.push((span, t.trim().to_owned(), from, to, numbers));
                    }
                }
            }
            PieceKind::Text => {
                for (r, path, from, to, nums) in text_refs(t) {
                    let span = at(r).unwrap_or(p.span.clone());
                    let numbers = nums.and_then(|(a, b)| Some((at(a)?, b.and_then(&at))));
                    refs.push((span, path, from, to, numbers));
                }
            }
        }
    }
    for (span, path, from, to, numbers) in refs {
        // Relative to the root, else to the Markdown file; never outside the root.
        let candidates: Vec<String> = [normal_path(&path), normal_path(&format!("{dir}/{path}"))]
            .into_iter()
            .filter(|c| !c.starts_with("..") && !path.starts_with('/'))
            .collect();
        if candidates.is_empty() {
            continue;
        }
        let found = candidates
            .iter()
            .find_map(|c| load(c).map(|t| (c.clone(), t)));
        let (resolved, lines, names, block_end) = match found {
            Some((rel, body)) => {
                let lines = body.lines().count();
                let mentioned: Vec<(String, Vec<usize>)> = names
                    .iter()
                    .filter(|n| **n != path && !path.ends_with(n.as_str()))
                    .map(|n| (n.clone(), lines_with(&body, n)))
                    .collect();
                let block = (from == to).then(|| block_end(&body, from)).flatten();
                (Some(rel), lines, mentioned, block)
            }
            None => (None, 0, Vec::new(), None),
        };
        out.push(Claim::Lines(LineRef {
            span,
            path,
            resolved,
            from,
            to,
            block_end,
            numbers,
            lines,
            names,
        }));
    }
    sentence_claims(&pieces, services, out);
}

/// Image, volume, list and count claims of a sentence.
fn sentence_claims(pieces: &[(&Piece, &str, usize)], services: &[String], out: &mut Vec<Claim>) {
    let at = |p: &Piece, off: usize, r: Span| -> Span {
        if p.exact {
            p.span.start + off + r.start..p.span.start + off + r.end
        } else {
            p.span.clone()
        }
    };
    let named: Vec<String> = services
        .iter()
        .filter(|s| {
            pieces.iter().any(|(p, t, _)| {
                p.kind != PieceKind::Link && words_dashed(t).any(|w| w == s.as_str())
            })
        })
        .cloned()
        .collect();
    let mentions_volume = pieces
        .iter()
        .any(|(p, t, _)| p.kind == PieceKind::Text && t.to_ascii_lowercase().contains("volume"));
    let mut list: Vec<(String, Span)> = Vec::new();
    for (k, (p, t, off)) in pieces.iter().enumerate() {
        if p.kind == PieceKind::Link {
            continue;
        }
        for (i, w) in tokens(t) {
            let span = at(p, *off, i..i + w.len());
            if is_image(w) && !named.is_empty() {
                out.push(Claim::Image {
                    span: span.clone(),
                    image: w.to_owned(),
                    services: named.clone(),
                });
            }
            let volume_word = k > 0 || i > 0;
            if mentions_volume && volume_word && is_volume(w) && after_volume(pieces, k, t, i) {
                out.push(Claim::Volume {
                    span: span.clone(),
                    name: w.to_owned(),
                });
            }
            if let Some(prefix) = w.strip_suffix('*')
                && prefix.ends_with('_')
                && let Some(count) = count_after(pieces, k, t, i + w.len())
            {
                out.push(Claim::Count {
                    span: span.clone(),
                    prefix: prefix.to_owned(),
                    count,
                });
            }
        }
        for (i, w) in words(t) {
            if w.contains('_') && !w.ends_with('_') && w == w.to_ascii_uppercase() && is_env_name(w)
            {
                let next = t[i + w.len()..].chars().next();
                if next != Some('*') {
                    list.push((w.to_owned(), at(p, *off, i..i + w.len())));
                }
            }
        }
    }
    if list.len() >= 3 {
        let span = list[0].1.start..list[list.len() - 1].1.end;
        out.push(Claim::List { span, names: list });
    }
}

/// Claims of a table row's cells: a `Service` cell names a service that must exist.
fn cell_claims(unit: &Unit, services: &[String], out: &mut Vec<Claim>) {
    let Some(header) = &unit.header else { return };
    let Some(col) = header
        .iter()
        .position(|h| h.eq_ignore_ascii_case("service"))
    else {
        return;
    };
    let cell: Vec<&Piece> = unit.pieces.iter().filter(|p| p.cell == col).collect();
    let name: String = cell
        .iter()
        .map(|p| p.text.as_str())
        .collect::<String>()
        .trim()
        .to_owned();
    if name.is_empty() || services.contains(&name) {
        return;
    }
    let span = cell.first().map_or(unit.span.clone(), |p| p.span.clone());
    out.push(Claim::Service { span, name });
}

/// Words that may hold `-` (service names).
fn words_dashed(text: &str) -> impl Iterator<Item = &str> {
    text.split(|c: char| !(c.is_ascii_alphanumeric() || c == '_' || c == '-'))
        .filter(|w| !w.is_empty())
}

/// Tokens separated by blanks and punctuation that never sits inside an image or path.
fn tokens(text: &str) -> Vec<(usize, &str)> {
    let mut out = Vec::new();
    let mut start = None;
    let sep =
        |c: char| c.is_whitespace() || matches!(c, ',' | ';' | '(' | ')' | '"' | '\'' | '`' | '|');
    for (i, c) in text
        .char_indices()
        .chain(std::iter::once((text.len(), ' ')))
    {
        match (sep(c), start) {
            (false, None) => start = Some(i),
            (true, Some(s)) => {
                let w = text[s..i].trim_end_matches(['.', ':']);
                if !w.is_empty() {
                    out.push((s, w));
                }
                start = None;
            }
            _ => {}
        }
    }
    out
}

/// `name:tag` or `registry/path/name:tag`: lowercase names, a tag of letters, digits,
/// `.`, `_` and `-`; not `file.ts:12`, a line reference.
fn is_image(w: &str) -> bool {
    let Some((name, tag)) = w.rsplit_once(':') else {
        return false;
    };
    let part = |s: &str| {
        !s.is_empty()
            && s.chars().all(|c| {
                c.is_ascii_lowercase() || c.is_ascii_digit() || matches!(c, '.' | '_' | '-')
            })
    };
    let last = name.rsplit('/').next().unwrap_or_default();
    let file = last.rsplit_once('.').is_some_and(|(stem, ext)| {
        !stem.is_empty() && ext.chars().all(|c| c.is_ascii_alphabetic()) && !ext.is_empty()
    });
    let line_ref = tag.chars().all(|c| c.is_ascii_digit() || c == '-') && file;
    !w.contains("://")
        && !tag.is_empty()
        && tag
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-'))
        && name.split('/').all(part)
        && name.chars().any(|c| c.is_ascii_lowercase())
        && !line_ref
}

/// A volume name: lowercase words joined by `_` or `-`, two at least.
fn is_volume(w: &str) -> bool {
    w.contains(['_', '-'])
        && w.chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || matches!(c, '_' | '-'))
        && w.split(['_', '-']).filter(|p| !p.is_empty()).count() >= 2
}

/// Whether the token at `i` of piece `k` comes right after the word "volume(s)" (in the
/// same text, or the text before a code span).
fn after_volume(pieces: &[(&Piece, &str, usize)], k: usize, t: &str, i: usize) -> bool {
    let before = if i > 0 {
        &t[..i]
    } else {
        pieces.get(k.wrapping_sub(1)).map_or("", |(_, t, _)| *t)
    };
    let last = before
        .split_whitespace()
        .last()
        .unwrap_or_default()
        .to_ascii_lowercase();
    last.starts_with("volume")
}

/// `(N vars)` after a `PREFIX_*` (the rest of its text, or the text after its code span).
fn count_after(pieces: &[(&Piece, &str, usize)], k: usize, t: &str, end: usize) -> Option<usize> {
    let rest = if end < t.len() {
        &t[end..]
    } else {
        pieces.get(k + 1).map(|(_, t, _)| *t)?
    };
    let rest = rest.trim_start().strip_prefix('(')?;
    let digits: String = rest.chars().take_while(char::is_ascii_digit).collect();
    let after = rest[digits.len()..].trim_start();
    (!digits.is_empty() && (after.starts_with("var") || after.starts_with("variable")))
        .then(|| digits.parse().ok())
        .flatten()
}

/// Whether a text looks like a path of a file (a `/` or an extension of letters).
fn looks_like_path(t: &str) -> bool {
    let t = t.trim();
    !t.is_empty()
        && !t.contains("://")
        && !t.contains(char::is_whitespace)
        && (t.contains('/')
            || t.rsplit_once('.').is_some_and(|(stem, ext)| {
                !stem.is_empty()
                    && (1..=8).contains(&ext.len())
                    && ext.chars().all(|c| c.is_ascii_alphanumeric())
                    && ext.chars().any(|c| c.is_ascii_alphabetic())
            }))
        && t.chars().all(|c| {
            c.is_alphanumeric() || matches!(c, '/' | '.' | '_' | '-' | '[' | ']' | '@' | '+')
        })
}

/// Numbers `A` or `A-B` at the start of `t` (a `-`, `–` or `..` between): the lines and
/// the numbers' spans.
fn numbers(t: &str) -> Option<(usize, usize, Span, Option<Span>)> {
    let d1 = t.chars().take_while(char::is_ascii_digit).count();
    if d1 == 0 {
        return None;
    }
    let from: usize = t[..d1].parse().ok()?;
    let rest = &t[d1..];
    for sep in ["-", "–", "..", "-L"] {
        if let Some(r) = rest.strip_prefix(sep) {
            let r = r.strip_prefix('L').unwrap_or(r);
            let skip = t.len() - r.len();
            let d2 = r.chars().take_while(char::is_ascii_digit).count();
            if d2 > 0 {
                let to: usize = r[..d2].parse().ok()?;
                return Some((from, to, 0..d1, Some(skip..skip + d2)));
            }
        }
    }
    Some((from, from, 0..d1, None))
}

type Ref = (String, usize, usize, Option<(Span, Option<Span>)>);
/// A reference found: its span, then as [`Ref`].
type Found = (Span, String, usize, usize, Option<(Span, Option<Span>)>);

/// A whole code span or link target that is a reference: `path:12`, `path:12-20`,
/// `path#L12-L20`, `path#L12`.
fn whole_ref(t: &str, link: bool) -> Option<Ref> {
    let t = t.trim();
    if link && let Some((path, frag)) = t.split_once("#L") {
        let (from, to, a, b) = numbers(frag)?;
        let off = path.len() + 2;
        let shift = |s: Span| s.start + off..s.end + off;
        if !looks_like_path(path)
            || from + to == 0
            || off + b.as_ref().map_or(a.end, |b| b.end) != t.len()
        {
            return None;
        }
        return Some((path.to_owned(), from, to, Some((shift(a), b.map(shift)))));
    }
    let (path, nums) = t.rsplit_once(':')?;
    let (from, to, a, b) = numbers(nums)?;
    let off = path.len() + 1;
    if !looks_like_path(path) || off + b.as_ref().map_or(a.end, |b| b.end) != t.len() {
        return None;
    }
    let shift = |s: Span| s.start + off..s.end + off;
    Some((path.to_owned(), from, to, Some((shift(a), b.map(shift)))))
}

/// References written in text: `path:12` and `path:12-20` tokens.
fn text_refs(t: &str) -> Vec<Found> {
    let mut out = Vec::new();
    for (i, w) in tokens(t) {
        if let Some((path, from, to, nums)) = whole_ref(w, false) {
            let shift = |s: Span| s.start + i..s.end + i;
            let nums = nums.map(|(a, b)| (shift(a), b.map(shift)));
            out.push((i..i + w.len(), path, from, to, nums));
        }
    }
    out
}

/// ` lines A-B` or ` line N` at the start of `t`: the lines and the numbers' spans in `t`.
fn lines_after(t: &str) -> Option<(usize, usize, Span, Option<Span>)> {
    let trimmed = t.trim_start();
    let lead = t.len() - trimmed.len();
    let word = ["lines ", "line "]
        .into_iter()
        .find(|w| trimmed.starts_with(w))?;
    let at = lead + word.len();
    let (from, to, a, b) = numbers(&t[at..])?;
    let shift = |s: Span| s.start + at..s.end + at;
    Some((from, to, shift(a), b.map(shift)))
}

/// The last line of the block line `at` (1-based) opens: braces counted from its `{` to
/// the one that closes it, or the lines indented deeper than it below a line ending in
/// `:`. `None` when the line opens no block.
fn block_end(body: &str, at: usize) -> Option<usize> {
    let lines: Vec<&str> = body.lines().collect();
    let line = lines.get(at.checked_sub(1)?)?;
    let code = line.split("//").next().unwrap_or(line);
    let code = code.split(" #").next().unwrap_or(code).trim_end();
    if code.ends_with('{') {
        let mut depth: i64 = 0;
        for (i, l) in lines.iter().enumerate().skip(at - 1) {
            for c in braces(l) {
                depth += if c == '{' { 1 } else { -1 };
            }
            if depth <= 0 {
                return (i + 1 > at).then_some(i + 1);
            }
        }
        return None;
    }
    if code.ends_with(':') {
        let indent = |l: &str| l.len() - l.trim_start().len();
        let own = indent(line);
        let mut last = None;
        for (i, l) in lines.iter().enumerate().skip(at) {
            if l.trim().is_empty() {
                continue;
            }
            if indent(l) <= own {
                break;
            }
            last = Some(i + 1);
        }
        return last;
    }
    None
}

/// The braces of a line of code, outside strings and a `//` comment.
fn braces(line: &str) -> Vec<char> {
    let mut out = Vec::new();
    let mut quote: Option<char> = None;
    let mut chars = line.chars().peekable();
    while let Some(c) = chars.next() {
        match (quote, c) {
            (Some(_), '\\') => {
                chars.next();
            }
            (Some(q), c) if c == q => quote = None,
            (None, '"' | '\'' | '`') => quote = Some(c),
            (None, '/') if chars.peek() == Some(&'/') => break,
            (None, '{' | '}') => out.push(c),
            _ => {}
        }
    }
    out
}

/// The 1-based lines of `body` holding `name` as a whole word.
fn lines_with(body: &str, name: &str) -> Vec<usize> {
    let word = |c: Option<char>| c.is_some_and(|c| c.is_alphanumeric() || c == '_' || c == '$');
    body.lines()
        .enumerate()
        .filter(|(_, line)| {
            line.match_indices(name).any(|(i, _)| {
                !word(line[..i].chars().next_back()) && !word(line[i + name.len()..].chars().next())
            })
        })
        .map(|(k, _)| k + 1)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_line_that_opens_a_block_stands_for_it() {
        let ts = "import x;\nexport function normalize(c: Config) {\n  const s = \"}\";\n  if (c) {\n    return c;\n  }\n}\nconst after = 1;\n";
        assert_eq!(block_end(ts, 2), Some(7));
        assert_eq!(block_end(ts, 4), Some(6));
        assert_eq!(block_end(ts, 1), None);
        let py = "def load():\n    host = os.getenv(\"X\")\n\n    return host\nafter = 1\n";
        assert_eq!(block_end(py, 1), Some(4));
        assert_eq!(block_end(py, 5), None);
        assert_eq!(block_end(py, 9), None, "past the end");
    }

    #[test]
    fn references_in_their_written_forms() {
        assert_eq!(
            whole_ref("src/lib/memory/qdrant.ts:60", false).map(|r| (r.0, r.1, r.2)),
            Some(("src/lib/memory/qdrant.ts".to_owned(), 60, 60))
        );
        assert_eq!(
            whole_ref("docker-compose.yml:12-20", false).map(|r| (r.1, r.2)),
            Some((12, 20))
        );
        assert_eq!(
            whole_ref("src/a.ts#L3-L9", true).map(|r| (r.0, r.1, r.2)),
            Some(("src/a.ts".to_owned(), 3, 9))
        );
        assert_eq!(whole_ref("qdrant/qdrant:v1.12.4", false), None);
        assert_eq!(whole_ref("http://bifrost:8080", false), None);
        assert_eq!(whole_ref("localhost:6333", false), None);
        assert_eq!(
            lines_after(" lines 1672-1683)").map(|r| (r.0, r.1)),
            Some((1672, 1683))
        );
        assert_eq!(lines_after(" line 7.").map(|r| (r.0, r.1)), Some((7, 7)));
    }

    #[test]
    fn images_and_volumes_have_their_shapes() {
        for image in [
            "qdrant/qdrant:v1.12.4",
            "ghcr.io/maximhq/bifrost:1.5.21",
            "redis:7-alpine",
            "caddy:2.8-alpine",
        ] {
            assert!(is_image(image), "{image}");
        }
        for not in ["src/a.ts:60", "http://x:1", "Status:", "QDRANT_HOST:6333"] {
            assert!(!is_image(not), "{not}");
        }
        assert!(is_volume("omniroute_qdrant_data"));
        assert!(!is_volume("data") && !is_volume("Qdrant_data"));
    }

    #[test]
    fn a_history_table_is_not_judged() {
        let text = "| File | Change |\n| --- | --- |\n| `.env.example` | lines 1-2, `QDRANT_*` (6 vars) |\n";
        let units = units(text);
        assert!(
            units.iter().all(|u| u.history || u.pieces.is_empty()),
            "{units:?}"
        );
    }

    proptest::proptest! {
        /// Whatever the Markdown, reading it never panics and every span is a character
        /// range of it.
        #[test]
        fn never_panics_and_spans_stay_on_char_boundaries(
            text in "(?s)[|`#*_\\-:./ a-zQDRANT_0-9\n()é☕\\[\\]]{0,240}"
        ) {
            let source = SourceFile::new("docs/a.md", text.clone());
            let s = read(FileId(0), &source, &["qdrant".to_owned()], &mut |_| Some(std::sync::Arc::new("a\nb\n".to_owned())));
            let spans = s.mentions.iter().map(|m| m.span.clone()).chain(s.claims.iter().map(|c| match c {
                Claim::Lines(r) => r.span.clone(),
                Claim::Image { span, .. } | Claim::Service { span, .. } | Claim::Volume { span, .. }
                | Claim::List { span, .. } | Claim::Count { span, .. } => span.clone(),
            }));
            for span in spans {
                proptest::prop_assert!(text.get(span.clone()).is_some(), "{:?} in {:?}", span, text);
            }
        }
    }
}
