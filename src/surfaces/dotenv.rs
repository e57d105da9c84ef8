//! The dotenv adapter: a statement scanner with byte spans for `.env.example` files, in
//! the dialect of the program that reads the file (see `dialect`).
//!
//! Every dialect reads `[export] NAME=VALUE [# comment]` lines; they differ in quotes,
//! escapes, comments after values, `KEY: value`, bare `KEY` lines and line endings. A
//! commented line (`# NAME=value`, the name right before `=`) is an entry when its dialect
//! reads the text after `#` as exactly one statement on that line, otherwise it is prose.
//! A line the dialect's reader refuses is recorded (a `parse-error` finding) and reading
//! goes on; only a misplaced region marker stops the scan.

pub mod dialect;

use std::fmt::Write as _;

use crate::edit::Place;
use crate::error::Error;
use crate::facts::{LooseNote, Mention, MentionKind, Rejected, Rejection, Role, Stated, Surface};
use crate::schema::{Dialect, EntryStyle, SurfaceName, VarDecl};
use crate::source::{BOM, FileId, SourceFile, Span};
use crate::surfaces::compose::{Interpolation, interpolation};
use dialect::{Read, Stmt};

/// One entry, set or commented out.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    pub name: String,
    pub name_span: Span,
    pub commented: bool,
    /// The value as its reader makes it; `None` for a bare `KEY` line (compose passes the
    /// variable on from the environment).
    pub value: Option<String>,
    /// The value as written, quotes included, without inline comment or trailing blanks
    /// (empty, at the end of the name, for a bare line).
    pub value_span: Span,
    /// From the first comment line of the entry's comment block to the end of its last
    /// line, line ending and the blank lines after it included.
    pub block: Span,
    /// The comment lines directly above (no blank line between), `#` included.
    pub comments: Vec<Span>,
    /// A `Default: X` note in those comments: `None` inside states "no default".
    pub prose_default: Option<(Option<String>, Span)>,
}

/// The scanned file.
#[derive(Debug, Clone, Default)]
pub struct DotenvFile {
    pub dialect: Dialect,
    pub entries: Vec<Entry>,
    /// The byte offset just past the last line with content (where a new group goes).
    pub end_of_content: usize,
    /// Comment blocks with no entry under them (an entry's note left behind, a header).
    pub loose: Vec<LooseNote>,
    /// The lines between `# envlint:begin` and `# envlint:end`: where new entries go.
    pub region: Option<Span>,
    /// `${V}` and `$V` in set values the dialect expands: reads of `V`.
    pub reads: Vec<Interpolation>,
    /// What the dialect's reader refuses, and why.
    pub rejected: Vec<(Span, String)>,
    /// For each refusal, the name its line sets and the rest of that line, when it has one.
    pub refused_values: Vec<Option<(String, Span)>>,
}

/// The comment that opens the region generated entries go into.
pub const REGION_BEGIN: &str = "envlint:begin";
/// The comment that closes it.
pub const REGION_END: &str = "envlint:end";

/// Scans a dotenv file as `dialect` reads it. Fails only on misplaced region markers: a
/// line the reader refuses is recorded in `rejected` and the scan goes on.
pub fn scan(source: &SourceFile, dialect: Dialect) -> Result<DotenvFile, Error> {
    let text: &str = &source.text;
    let mut pos = if text.starts_with(BOM) { BOM.len() } else { 0 };
    // An empty file's content ends after its BOM: new entries go there, not before it.
    let mut out = DotenvFile {
        dialect,
        end_of_content: pos,
        ..DotenvFile::default()
    };
    let mut comments: Vec<Span> = Vec::new();
    let mut begin: Option<(Span, usize)> = None;
    while pos < text.len() {
        let line_end = line_break(dialect, text, pos);
        let next = after_break(text, line_end);
        let line = strip_cr(&text[pos..line_end]);
        let indent = line.len() - line.trim_start().len();
        let body = &line[indent..];
        if body.is_empty() {
            flush_note(&mut out, &mut comments, pos, text.len());
            pos = next;
            continue;
        }
        if let Some(note) = out.loose.last_mut()
            && note.to == text.len()
        {
            note.to = pos;
        }
        out.end_of_content = next;
        if let Some(after_hash) = body.strip_prefix('#') {
            let marker = after_hash.trim();
            if marker == REGION_BEGIN || marker == REGION_END {
                // A marker line ends the comment block above it, like a blank line.
                flush_note(&mut out, &mut comments, pos, pos);
                let line = pos + indent..pos + line.len();
                region_marker(source, &mut out, &mut begin, line, pos..next)?;
                pos = next;
                continue;
            }
            let hash = pos + indent;
            let rest_start = hash + 1 + (after_hash.len() - after_hash.trim_start().len());
            let line_stop = pos + line.len();
            match commented_entry(dialect, text, rest_start, line_stop) {
                Some(e) => finish(&mut out, e, &mut comments, text, pos, next),
                None => comments.push(pos..pos + line.len()),
            }
            pos = next;
            continue;
        }
        match dialect::read(dialect, text, pos + indent, text.len()) {
            Read::Entry(stmt) => pos = set_entry(&mut out, &mut comments, text, pos, stmt),
            Read::Skip(to) => {
                flush_note(&mut out, &mut comments, pos, pos);
                pos = if to > pos { to } else { next };
            }
            Read::Reject {
                span,
                message,
                resume,
            } => {
                flush_note(&mut out, &mut comments, pos, pos);
                let stop = pos + line.len();
                out.refused_values
                    .push(assignment(text, pos + indent, stop, &span));
                out.rejected.push((span, message));
                pos = if resume > pos { resume } else { next };
            }
        }
    }
    let end = out.end_of_content;
    flush_note(&mut out, &mut comments, end, text.len());
    if let Some((b, _)) = begin
        && out.region.is_none()
    {
        return Err(Error::parse(
            source,
            b,
            "`# envlint:begin` without a `# envlint:end` below it",
        ));
    }
    // An entry's block takes in the blank lines after it: a sibling added after it goes
    // after them, laid out like one added before the next entry.
    for e in &mut out.entries {
        while let Some(line_end) = text[e.block.end..].find('\n').map(|i| e.block.end + i)
            && text[e.block.end..line_end].trim().is_empty()
        {
            e.block.end = line_end + 1;
        }
    }
    Ok(out)
}

/// Records the set entry `stmt` read on the line at `pos` (its reads too) and returns
/// where reading goes on.
fn set_entry(
    out: &mut DotenvFile,
    comments: &mut Vec<Span>,
    text: &str,
    pos: usize,
    stmt: Stmt,
) -> usize {
    let value_end = stmt.value.as_ref().map_or(stmt.name.end, |v| v.1.end);
    let last_end = after_break(text, line_break(out.dialect, text, value_end));
    out.end_of_content = last_end;
    if stmt.expands
        && let Some((_, raw)) = &stmt.value
    {
        reads_in(out, text, raw, out.dialect);
    }
    let resume = stmt.next;
    finish(out, entry(text, stmt, false), comments, text, pos, last_end);
    // compose reads on after a closing quote in mid-line: `A="1" B=2` is two.
    if resume < last_end && statement_follows(text, resume, last_end) {
        resume
    } else {
        last_end
    }
}

/// Where the line holding `at` ends: its line break (for Node a lone `\r` is one too),
/// or the end of the text.
fn line_break(dialect: Dialect, text: &str, at: usize) -> usize {
    let rest = &text.as_bytes()[at..];
    let found = match dialect {
        Dialect::Node | Dialect::Python => memchr::memchr2(b'\n', b'\r', rest).map(|i| {
            // `\r\n` is one break: its `\r` stays with the line (stripped as usual).
            if rest[i] == b'\r' && rest.get(i + 1) == Some(&b'\n') {
                i + 1
            } else {
                i
            }
        }),
        Dialect::Compose | Dialect::Dotenvy => memchr::memchr(b'\n', rest),
    };
    found.map_or(text.len(), |i| at + i)
}

/// The start of the line after the break at `at`.
fn after_break(text: &str, at: usize) -> usize {
    (at + 1).min(text.len()).max(at)
}

/// Whether another statement follows `at` before `line_end` (not blanks, not a comment).
fn statement_follows(text: &str, at: usize, line_end: usize) -> bool {
    let rest = text[at..line_end].trim_start();
    !rest.is_empty() && !rest.starts_with('#')
}

/// The name a refused line at `start` sets and its value as far as the line (or, for an
/// unterminated quote at `refused`, that quote's line) goes.
fn assignment(text: &str, start: usize, stop: usize, refused: &Span) -> Option<(String, Span)> {
    let mut name = name_at(text, start, stop)?;
    if &text[name.clone()] == "export" {
        let after = skip_blanks(text, name.end, stop);
        if let Some(n) = name_at(text, after, stop).filter(|_| after > name.end) {
            name = n;
        }
    }
    let eq = skip_blanks(text, name.end, stop);
    if !matches!(text.as_bytes().get(eq), Some(b'=' | b':')) || eq >= stop {
        return None;
    }
    let end = if refused.start > stop {
        text[refused.start..]
            .find('\n')
            .map_or(text.len(), |i| refused.start + i)
    } else {
        stop
    };
    Some((text[name].to_owned(), eq + 1..end))
}

/// The entry a statement makes.
fn entry(text: &str, stmt: Stmt, commented: bool) -> Entry {
    let (value, value_span) = match stmt.value {
        Some((v, span)) => (Some(v), span),
        None => (None, stmt.name.end..stmt.name.end),
    };
    Entry {
        name: text[stmt.name.clone()].to_owned(),
        name_span: stmt.name,
        commented,
        value,
        value_span,
        block: 0..0,
        comments: Vec::new(),
        prose_default: None,
    }
}

/// The text after `# ` read as a commented-out entry: one statement of the dialect on that
/// line whose name stands right before `=` (`# Note = ...` is prose).
fn commented_entry(dialect: Dialect, text: &str, start: usize, stop: usize) -> Option<Entry> {
    if dialect == Dialect::Dotenvy {
        return entry_at(text, start, stop, true).ok().flatten();
    }
    let mut name = name_at(text, start, stop)?;
    if &text[name.clone()] == "export" {
        let after = skip_blanks(text, name.end, stop);
        if after > name.end {
            name = name_at(text, after, stop)?;
        }
    }
    if text.as_bytes().get(name.end) != Some(&b'=') || name.end >= stop {
        return None;
    }
    match dialect::read(dialect, text, start, stop) {
        Read::Entry(stmt)
            if stmt.value.is_some()
                && stmt.name == name
                && !statement_follows(text, stmt.next.min(stop), stop) =>
        {
            let mut e = entry(text, stmt, true);
            // No program reads a commented-out line: `# K= # note` is an empty value and a
            // note, whatever the dialect makes of a `#` right after `=`.
            let raw = &text[e.value_span.clone()];
            if raw.trim_start().starts_with('#') {
                e.value = Some(String::new());
                e.value_span = e.value_span.start..e.value_span.start;
            }
            Some(e)
        }
        _ => None,
    }
}

/// Records the reads in a value the dialect expands (`raw` as written): compose and
/// dotenvy refuse a malformed template, and a `\$` in double quotes is a literal `$`.
fn reads_in(out: &mut DotenvFile, text: &str, raw: &Span, dialect: Dialect) {
    if !text[raw.clone()].contains('$') {
        return;
    }
    let quoted = text[raw.clone()].starts_with('"');
    let inner = if quoted && raw.len() >= 2 {
        raw.start + 1..raw.end - 1
    } else {
        raw.clone()
    };
    let escaped = |at: usize| quoted && at > inner.start && text.as_bytes()[at - 1] == b'\\';
    let (found, invalid) = interpolation::scan(text, inner.clone());
    // python-dotenv expands `${V}` and `${V:-d}` only, and refuses nothing.
    if dialect == Dialect::Python {
        out.reads.extend(
            found
                .into_iter()
                .filter(|i| text[i.span.clone()].starts_with("${")),
        );
        return;
    }
    out.reads
        .extend(found.into_iter().filter(|i| !escaped(i.span.start)));
    for i in invalid.into_iter().filter(|i| !escaped(i.span.start)) {
        let who = if dialect == Dialect::Compose {
            "compose"
        } else {
            "dotenvy"
        };
        out.refused_values.push(None);
        out.rejected.push((
            i.span,
            format!("{who} refuses this value's `$` template: {}", i.reason),
        ));
    }
}

/// Records the comment block in `comments`, if any, as a note with no entry under it.
fn flush_note(out: &mut DotenvFile, comments: &mut Vec<Span>, content_end: usize, to: usize) {
    if let Some(first) = comments.first() {
        out.loose.push(LooseNote {
            from: first.start,
            content_end,
            to,
        });
        comments.clear();
    }
}

/// Handles a `# envlint:begin` or `# envlint:end` marker at `line`, on the line `whole`
/// (line ending included): one region per file, opened before it is closed.
fn region_marker(
    source: &SourceFile,
    out: &mut DotenvFile,
    begin: &mut Option<(Span, usize)>,
    line: Span,
    whole: Span,
) -> Result<(), Error> {
    let opens = source.text[line.clone()].trim_start_matches('#').trim() == REGION_BEGIN;
    match (opens, &*begin, &out.region) {
        (true, None, None) => *begin = Some((line, whole.end)),
        (false, Some((_, from)), None) => out.region = Some(*from..whole.start),
        (true, ..) => {
            return Err(Error::parse(
                source,
                line,
                "a second `# envlint:begin`: a file has one generated region",
            ));
        }
        (false, ..) => {
            return Err(Error::parse(
                source,
                line,
                "`# envlint:end` without a `# envlint:begin` above it",
            ));
        }
    }
    Ok(())
}

fn finish(
    out: &mut DotenvFile,
    mut e: Entry,
    comments: &mut Vec<Span>,
    text: &str,
    line_start: usize,
    end: usize,
) {
    e.block = comments.first().map_or(line_start, |c| c.start)..end;
    e.prose_default = comments.iter().find_map(|c| {
        prose_default(&text[c.clone()]).map(|(v, s)| (v, c.start + s.start..c.start + s.end))
    });
    e.comments = std::mem::take(comments);
    out.entries.push(e);
}

fn strip_cr(line: &str) -> &str {
    line.strip_suffix('\r').unwrap_or(line)
}

/// dotenvy's reading of the statement at `start`: `[export ]NAME=VALUE[ # comment]`,
/// a value being unquoted text without blanks (`\` escapes `\\ \' \" \$`, a blank and
/// `n`), `'single'` (literal) and `"double"` (the same escapes, across lines) segments.
pub(crate) fn dotenvy_statement(text: &str, start: usize, stop: usize) -> Read {
    let line_end = text[start..stop].find('\n').map_or(stop, |i| start + i);
    let resume_after = |at: usize| dialect::next_line(text, at, stop);
    match entry_at(text, start, stop, false) {
        Ok(Some(e)) => {
            let next = resume_after(e.value_span.end.max(e.name_span.end));
            let expands = !text[e.value_span.clone()].starts_with('\'');
            Read::Entry(Stmt {
                name: e.name_span,
                value: e.value.map(|v| (v, e.value_span)),
                next,
                expands,
            })
        }
        Ok(None) => Read::Reject {
            span: start..start + strip_cr(&text[start..line_end]).len(),
            message: "dotenvy expects `NAME=value`, a `# comment` or a blank line".to_owned(),
            resume: resume_after(start),
        },
        Err((span, reason)) => Read::Reject {
            resume: resume_after(span.start),
            span,
            message: format!("dotenvy refuses this line: {reason}"),
        },
    }
}

/// Parses `[export ]NAME=VALUE[ # comment]` starting at `start`. `Ok(None)` when the
/// text there is not an entry; `Err` when it is one whose value is malformed (a malformed
/// commented line is prose: `Ok(None)`). `stop` bounds a commented line.
fn entry_at(
    text: &str,
    start: usize,
    stop: usize,
    commented: bool,
) -> Result<Option<Entry>, ValueError> {
    let mut p = start;
    let mut name_span = name_at(text, p, stop);
    if let Some(span) = &name_span
        && &text[span.clone()] == "export"
    {
        let after = skip_blanks(text, span.end, stop);
        if after > span.end && text.as_bytes().get(after) != Some(&b'=') {
            name_span = name_at(text, after, stop);
        }
    }
    let Some(name_span) = name_span else {
        return Ok(None);
    };
    p = name_span.end;
    if !commented {
        p = skip_blanks(text, p, stop);
    }
    if text.as_bytes().get(p) != Some(&b'=') || p >= stop {
        return Ok(None);
    }
    p = skip_blanks(text, p + 1, stop);
    let value = match scan_value(text, p, stop, commented) {
        Ok(v) => v,
        Err(_) if commented => return Ok(None),
        Err(e) => return Err(e),
    };
    Ok(Some(Entry {
        name: text[name_span.clone()].to_owned(),
        name_span,
        commented,
        value: Some(value.0),
        value_span: value.1,
        block: 0..0,
        comments: Vec::new(),
        prose_default: None,
    }))
}

fn name_at(text: &str, start: usize, stop: usize) -> Option<Span> {
    let bytes = text.as_bytes();
    let first = *bytes.get(start)?;
    if start >= stop || !(first.is_ascii_alphabetic() || first == b'_') {
        return None;
    }
    let end = (start..stop)
        .find(|&i| !(bytes[i].is_ascii_alphanumeric() || bytes[i] == b'_' || bytes[i] == b'.'))
        .unwrap_or(stop);
    Some(start..end)
}

fn skip_blanks(text: &str, mut p: usize, stop: usize) -> usize {
    while p < stop && matches!(text.as_bytes()[p], b' ' | b'\t') {
        p += 1;
    }
    p
}

type ValueError = (Span, &'static str);

/// Scans a value from `start`; returns the unquoted value and its raw span.
/// Single-line values stop at `stop` (a commented line's end); set values at the line end,
/// unless a quote is open.
fn scan_value(
    text: &str,
    start: usize,
    stop: usize,
    single_line: bool,
) -> Result<(String, Span), ValueError> {
    let bytes = text.as_bytes();
    let line_end = |p: usize| text[p..stop].find(['\n', '\r']).map_or(stop, |i| p + i);
    let mut out = String::new();
    let mut p = start;
    let mut end = start;
    let mut eol = line_end(p);
    while p < eol {
        let c = text[p..]
            .chars()
            .next()
            .expect("p is on a char boundary below eol");
        match c {
            '#' if p == start => break,
            ' ' | '\t' => {
                let q = skip_blanks(text, p, eol);
                if q >= eol || bytes[q] == b'#' {
                    break;
                }
                return Err((p..q, "an unquoted value cannot hold a blank (quote it)"));
            }
            '\\' => {
                p += 1;
                p += escape(text, p, eol, &mut out).ok_or((p - 1..p, UNKNOWN_ESCAPE))?;
            }
            '\'' | '"' => {
                let open = p;
                p += 1;
                loop {
                    let Some(ch) = text[p..].chars().next().filter(|_| p < stop) else {
                        return Err((
                            open..open + 1,
                            if c == '"' {
                                "unterminated double-quoted value"
                            } else {
                                "unterminated single-quoted value"
                            },
                        ));
                    };
                    if single_line && (ch == '\n' || ch == '\r') {
                        return Err((open..open + 1, "unterminated quoted value"));
                    }
                    p += ch.len_utf8();
                    if ch == c {
                        break;
                    }
                    if c == '"' && ch == '\\' {
                        p += escape(text, p, stop, &mut out).ok_or((p - 1..p, UNKNOWN_ESCAPE))?;
                    } else {
                        out.push(ch);
                    }
                }
                // A closed multi-line quote moves the line end.
                eol = line_end(p);
            }
            _ => {
                out.push(c);
                p += c.len_utf8();
            }
        }
        end = p;
    }
    Ok((out, start..end))
}

const UNKNOWN_ESCAPE: &str = "dotenvy knows only the escapes `\\\\ \\' \\\" \\$ \\n` and `\\ `";

/// Applies the escape whose character starts at `p` (just after a backslash) and returns
/// the bytes it consumed; `None` for one dotenvy refuses.
fn escape(text: &str, p: usize, stop: usize, out: &mut String) -> Option<usize> {
    match text[p..stop.max(p)].chars().next() {
        Some(c @ ('\\' | '\'' | '"' | '$' | ' ')) => {
            out.push(c);
            Some(1)
        }
        Some('n') => {
            out.push('\n');
            Some(1)
        }
        _ => None,
    }
}

/// Finds `Default: X` in a comment line. `X` is a backticked or quoted text, or the word
/// up to a blank, a comma before a blank, a semicolon or a parenthesis, less one final
/// period (`Default: relay,cache.` is `relay,cache`). `unset`, `none`,
/// `empty` and the like state "no default". Returns the value and its span in `line`.
pub fn prose_default(line: &str) -> Option<(Option<String>, Span)> {
    const KEY: &[u8] = b"default:";
    let bytes = line.as_bytes();
    // The first `default:`, any case, not inside a word: found from its colon.
    let at = memchr::memchr_iter(b':', bytes).find_map(|colon| {
        let start = (colon + 1).checked_sub(KEY.len())?;
        (bytes[start..=colon].eq_ignore_ascii_case(KEY)
            && (start == 0 || !bytes[start - 1].is_ascii_alphanumeric()))
        .then_some(start)
    })?;
    let mut p = at + KEY.len();
    p += line[p..].len() - line[p..].trim_start().len();
    let rest = &line[p..];
    let first = rest.chars().next()?;
    // A marker is one only as a whole word: `*(unset)*e` is not one.
    let ends_word =
        |c: Option<char>| c.is_none_or(|c| c.is_whitespace() || matches!(c, '.' | ',' | ';' | ')'));
    if let Some(marker) = ["_(unset)_", "*(unset)*", "(unset)", "(none)"]
        .iter()
        .find(|m| {
            rest.as_bytes()
                .get(..m.len())
                .is_some_and(|head| head.eq_ignore_ascii_case(m.as_bytes()))
                && ends_word(rest[m.len()..].chars().next())
        })
    {
        return Some((None, p..p + marker.len()));
    }
    let (value, len) = if matches!(first, '`' | '"' | '\'') {
        let close = rest[1..].find(first)?;
        (rest[1..=close].to_owned(), close + 2)
    } else {
        // A comma ends the word only before a blank or the end: `relay,cache` is a list.
        let len = rest
            .char_indices()
            .find(|&(i, c)| {
                c.is_whitespace()
                    || matches!(c, ';' | '(' | ')')
                    || (c == ',' && rest[i + 1..].chars().next().is_none_or(char::is_whitespace))
            })
            .map_or(rest.len(), |(i, _)| i);
        let word = &rest[..len];
        let word = word.strip_suffix('.').unwrap_or(word);
        if word.is_empty() {
            return None;
        }
        (word.to_owned(), word.len())
    };
    let none = matches!(
        value
            .to_ascii_lowercase()
            .trim_matches(['_', '*', '(', ')']),
        "unset" | "none" | "empty" | "n/a" | "-"
    );
    Some(((!none).then_some(value), p..p + len))
}

/// The facts of a scanned file.
///
/// Commented entries are read as people mean them: one directly above a set entry of the
/// same name (`# K=hint` then `K=`) is a hint, and one giving a name the file already has
/// another value is an alternative (`# PROVIDER=bedrock`), and one restating a name the
/// file already lists commented is a restatement: none is an entry of its own (a set entry
/// and another of one name are a duplicate); in a file whose
/// entries are mostly set, a commented entry is a suggestion ("uncomment to enable") that
/// states no value; in one whose entries are mostly commented (an example file that lists
/// every setting), it states the documented value. A `Default:` note with a unit (`10s`,
/// `30 seconds`) states a number only for a name that carries the same unit (`_SECONDS`).
pub fn facts(file: FileId, text: &str, scanned: &DotenvFile, style: Option<EntryStyle>) -> Surface {
    let mut mentions = Vec::new();
    let suggestions = style.unwrap_or_else(|| style_of(&scanned.entries)) == EntryStyle::Set;
    for (i, e) in scanned.entries.iter().enumerate() {
        // A hint right above its entry, or an alternative to an entry the file already has
        // (`# PROVIDER=bedrock` under `PROVIDER=openai`): no entry of its own.
        let hint = scanned
            .entries
            .get(i + 1)
            .is_some_and(|next| hint_above(text, e, next));
        let alternative = scanned.entries[..i]
            .iter()
            .any(|x| x.name == e.name && x.value != e.value);
        // A commented entry restating one the file already lists commented (the same
        // setting shown in two sections) is no entry of its own.
        let restated = scanned.entries[..i]
            .iter()
            .any(|x| x.name == e.name && x.commented);
        if e.commented && (hint || alternative || restated) {
            continue;
        }
        let mut stated = Vec::new();
        if let Some(value) = &e.value
            && !(e.commented && suggestions)
        {
            stated.push(Stated::new(
                Role::Example,
                Some(value.clone()),
                e.value_span.clone(),
                "example value",
            ));
        }
        if let Some((value, span)) = &e.prose_default {
            let line_end = text[span.end..]
                .find('\n')
                .map_or(text.len(), |n| span.end + n);
            if let Some(value) = with_unit(&e.name, value.as_deref(), &text[span.end..line_end]) {
                stated.push(Stated::new(
                    Role::Default,
                    value,
                    span.clone(),
                    "`Default:` note",
                ));
            }
        }
        mentions.push(Mention {
            name: e.name.clone(),
            span: e.name_span.clone(),
            kind: MentionKind::Entry,
            block: e.block.clone(),
            scope: None,
            stated,
            via: None,
        });
    }
    mentions.extend(
        scanned
            .reads
            .iter()
            .map(|i| crate::surfaces::compose::interpolation_mention(text, i)),
    );
    mentions.sort_by_key(|m| m.span.start);
    let fatal = scanned.dialect == Dialect::Compose;
    let rejected = scanned
        .rejected
        .iter()
        .zip(&scanned.refused_values)
        .map(|((span, message), value)| Rejected {
            kind: Rejection::Line,
            span: span.clone(),
            message: message.clone(),
            fatal,
            value: value.clone(),
        })
        .collect();
    Surface {
        mentions,
        append_at: scanned.end_of_content,
        region: scanned.region.clone(),
        loose: scanned.loose.clone(),
        rejected,
        dialect: Some(scanned.dialect),
        ..Surface::new(SurfaceName::Dotenv, file)
    }
}

/// How most entries of a file are written (ties: commented, the example-file habit).
fn style_of(entries: &[Entry]) -> EntryStyle {
    let set = entries.iter().filter(|e| !e.commented).count();
    if set * 2 > entries.len() {
        EntryStyle::Set
    } else {
        EntryStyle::Commented
    }
}

/// How most entries of `text` are written, read line by line (`K=V` against `# K=V`).
pub fn written_style(text: &str) -> EntryStyle {
    let entry = |l: &str| {
        let l = l
            .trim_start()
            .strip_prefix("export ")
            .unwrap_or(l.trim_start());
        l.split_once('=')
            .is_some_and(|(k, _)| crate::schema::is_env_name(k.trim()))
    };
    let (mut set, mut commented) = (0, 0);
    for line in text.lines() {
        match line.trim_start().strip_prefix('#') {
            Some(rest) => commented += usize::from(entry(rest)),
            None => set += usize::from(entry(line)),
        }
    }
    if set > commented {
        EntryStyle::Set
    } else {
        EntryStyle::Commented
    }
}

/// Whether commented entry `e` is a hint for the set entry `next` right below it: the same
/// name, nothing but comment lines between them.
fn hint_above(text: &str, e: &Entry, next: &Entry) -> bool {
    !next.commented
        && next.name == e.name
        && text[e.name_span.end..next.name_span.start]
            .lines()
            .skip(1)
            .all(|l| l.trim_start().starts_with('#'))
}

/// A unit of time a value or a name carries.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Unit {
    Milliseconds,
    Seconds,
    Minutes,
    Hours,
    Days,
    /// Sizes and anything else: never compared as a number.
    Other,
}

fn unit_word(w: &str) -> Option<Unit> {
    Some(match w.to_ascii_lowercase().as_str() {
        "ms" | "msec" | "msecs" | "millis" | "millisecond" | "milliseconds" => Unit::Milliseconds,
        "s" | "sec" | "secs" | "second" | "seconds" => Unit::Seconds,
        "m" | "min" | "mins" | "minute" | "minutes" => Unit::Minutes,
        "h" | "hr" | "hrs" | "hour" | "hours" => Unit::Hours,
        "d" | "day" | "days" => Unit::Days,
        "b" | "kb" | "mb" | "gb" | "kib" | "mib" | "gib" | "bytes" | "k" | "%" => Unit::Other,
        _ => return None,
    })
}

/// What a `Default:` note states for `name`: `value` as it is when it has no unit; its
/// number when its unit (`10s`, `30 seconds`) is the one the name carries (`_SECONDS`);
/// nothing to compare (`None`) when the units differ or the name carries none.
#[allow(
    clippy::option_option,
    reason = "nothing to compare, a note of no default, or a default"
)]
fn with_unit(name: &str, value: Option<&str>, after: &str) -> Option<Option<String>> {
    let Some(v) = value else {
        return Some(None);
    };
    let digits = v
        .find(|c: char| !(c.is_ascii_digit() || c == '.'))
        .unwrap_or(v.len());
    if digits == 0 {
        return Some(Some(v.to_owned()));
    }
    let (number, suffix) = v.split_at(digits);
    let unit = if suffix.is_empty() {
        let next = after
            .trim_start()
            .split(|c: char| !c.is_alphanumeric() && c != '%')
            .next()
            .unwrap_or("");
        // The unit must follow right after a blank: `30 seconds`, not `30 (the default)`.
        after.starts_with(' ').then(|| unit_word(next)).flatten()
    } else {
        Some(unit_word(suffix)?)
    };
    let Some(unit) = unit else {
        return Some(Some(v.to_owned()));
    };
    let carried = name
        .rsplit('_')
        .next()
        .and_then(unit_word)
        .filter(|u| *u != Unit::Other);
    (unit != Unit::Other && carried == Some(unit)).then(|| Some(number.to_owned()))
}

#[cfg(test)]
mod tests;

/// A value as `dialect` reads it back: bare when it is plain, else quoted the way that
/// reader unquotes it.
pub fn quote_value(value: &str, dialect: Dialect) -> String {
    let plain = value
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || "_./:@%+,=-".contains(c));
    if plain {
        return value.to_owned();
    }
    if dialect == Dialect::Node {
        return node_quoted(value);
    }
    // compose and dotenvy both read `\"`, `\\`, `\$` and `\n` in double quotes.
    let mut out = String::from("\"");
    for c in value.chars() {
        match c {
            '"' | '\\' | '$' => {
                out.push('\\');
                out.push(c);
            }
            '\n' => out.push_str("\\n"),
            _ => out.push(c),
        }
    }
    out.push('"');
    out
}

/// A value quoted for Node's `dotenv`, which has no escapes but `\n` and `\r` in double
/// quotes: the first quote the value does not hold (single quotes keep everything as
/// written, line breaks included).
fn node_quoted(value: &str) -> String {
    let ends_clean = |q: char| !value.contains(q);
    let escapable = ends_clean('"') && !value.contains("\\n") && !value.contains("\\r");
    // Node reads every line break in the file as `\n`: a `\r` is only written as `\r`.
    if value.contains('\r') && escapable {
        return format!("\"{}\"", value.replace('\n', "\\n").replace('\r', "\\r"));
    }
    if ends_clean('\'') {
        return format!("'{value}'");
    }
    if escapable {
        return format!("\"{}\"", value.replace('\n', "\\n").replace('\r', "\\r"));
    }
    if ends_clean('`') {
        return format!("`{value}`");
    }
    // All three quotes inside: single quotes still hold it when no `'` ends a line.
    format!("'{value}'")
}

/// The edit that states `value` at `span`: an entry's value, or a `Default:` note's word.
pub fn render_value(
    text: &str,
    span: &Span,
    role: Role,
    value: Option<&str>,
    dialect: Dialect,
) -> crate::edit::Edit {
    let new = if role == Role::Default {
        match value {
            None => "unset".to_owned(),
            Some(v) if text[span.clone()].starts_with('`') => format!("`{v}`"),
            Some(v) => v.to_owned(),
        }
    } else {
        let mut v = quote_value(value.unwrap_or_default(), dialect);
        // A bare `KEY` line gets its `=` with its value.
        let line_start = text[..span.start].rfind('\n').map_or(0, |i| i + 1);
        if span.is_empty() && !text[line_start..span.start].contains(['=', ':']) {
            v.insert(0, '=');
        }
        // `#` right after `=` starts a comment; after a value it would be part of it.
        if !v.is_empty() && text[span.end..].starts_with('#') {
            v.push(' ');
        }
        v
    };
    crate::edit::Edit {
        range: span.clone(),
        text: new,
    }
}

/// New entries for `vars` (in order), each its description as comment lines and the entry,
/// laid out for where they go (`at`): before a sibling, after one, or as a new group at the
/// end of the file or region.
pub fn render_entries(
    text: &str,
    at: usize,
    schema: &crate::schema::Schema,
    place: Place,
    vars: &[&VarDecl],
    dialect: Dialect,
) -> String {
    let commented = schema
        .dotenv
        .as_ref()
        .and_then(|d| d.style)
        .unwrap_or_else(|| written_style(text))
        == EntryStyle::Commented;
    let entry = |v: &VarDecl| {
        let mut out = String::new();
        for line in wrap(&v.description, 76) {
            out.push_str("# ");
            out.push_str(&line);
            out.push('\n');
        }
        if commented {
            out.push_str("# ");
        }
        out.push_str(&v.name);
        out.push('=');
        out.push_str(&quote_value(v.example_value(), dialect));
        out.push('\n');
        out
    };
    let mut out = String::new();
    let mut group: Option<&str> = None;
    for v in vars {
        match place {
            Place::Before | Place::After => {
                out.push_str(&entry(v));
                out.push('\n');
            }
            Place::End => {
                let prefix = schema.owner(&v.name);
                if group != prefix || group.is_none() {
                    group = prefix;
                    if !out.is_empty() || needs_gap(&text[..at]) {
                        out.push('\n');
                    }
                    let title = prefix.map_or(String::new(), |p| format!("{p}*"));
                    let profile = v
                        .profile
                        .as_deref()
                        .map_or(String::new(), |p| format!(" (profile: {p})"));
                    let _ = writeln!(out, "# ── {title}{profile} ──");
                } else {
                    out.push('\n');
                }
                out.push_str(&entry(v));
            }
        }
    }
    out
}

/// Whether a group starting after `before` needs a blank line first: it does after a line
/// with content other than the region's opening marker.
fn needs_gap(before: &str) -> bool {
    let before = before.strip_suffix('\n').unwrap_or(before);
    let before = before.strip_suffix('\r').unwrap_or(before);
    let last = before[before.rfind('\n').map_or(0, |i| i + 1)..]
        .trim()
        .trim_start_matches(BOM);
    !last.is_empty() && last.strip_prefix('#').map(str::trim) != Some(REGION_BEGIN)
}

/// Splits prose into lines of at most `width` characters (a longer word stands alone).
fn wrap(text: &str, width: usize) -> Vec<String> {
    wrap_joined(text.split_whitespace(), " ", width)
}

/// `items` joined with `sep` into lines of at most `width` characters (a longer item
/// stands alone).
pub(crate) fn wrap_joined<'a>(
    items: impl IntoIterator<Item = &'a str>,
    sep: &str,
    width: usize,
) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    let mut line = String::new();
    for item in items {
        if !line.is_empty()
            && line.chars().count() + sep.chars().count() + item.chars().count() > width
        {
            lines.push(std::mem::take(&mut line));
        }
        if !line.is_empty() {
            line.push_str(sep);
        }
        line.push_str(item);
    }
    if !line.is_empty() {
        lines.push(line);
    }
    lines
}
