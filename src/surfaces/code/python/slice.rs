//! The top-level statements of a Python module that its reads can depend on, found by a
//! scan of its bytes before it is parsed.
//!
//! [`slice`] cuts the module at the lines that start a top-level statement (a line that
//! begins at column 0 outside every bracket, string and continuation, other than `else`,
//! `elif`, `except` and `finally`, which continue the statement before; decorators go with
//! what they decorate) and keeps, of those parts, the ones that hold an owned prefix in
//! either case or name `environ`/`getenv`, and what they depend on, as
//! [`super::super::slicing`] says. A `def` or `class` declares its name, an assignment its
//! targets, an import its names; any other statement is kept whatever it says.
//!
//! The scan knows comments, strings of every prefix (triple-quoted, raw, bytes) and the
//! replacement fields of f-strings. Where a one-line string runs past its line, a bracket
//! does not close, or an f-string's field holds the string's own quote or a comment (what
//! Python 3.12 allows), it gives up and the whole file is parsed.

use std::ops::Range;

use super::super::slicing::{Piece, Sliced, byte_table, keep_and_blank, word_spans};
use super::super::stack::is_word;

/// What a part starts with.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Head {
    /// Anything else: always kept.
    Other,
    /// `import ...`, `from ... import ...`: declares the words it holds.
    Import,
    /// `def f`, `async def f`, `class C` (decorated or not).
    Named(Range<usize>),
    /// `A = ...`, `A: T = ...`, `A, B = ...`: declares the targets.
    Binding(Range<usize>),
}

#[derive(Debug)]
struct Part {
    start: usize,
    end: usize,
    head: Head,
}

/// The names an environment is read through: a part that names one is kept.
const ENV_WORDS: &[&str] = &["environ", "getenv"];

/// `text` with the parts no read depends on blanked, or `None` when nothing would be
/// blanked or the scan cannot vouch for its cuts. `keep` finds the bytes whose presence
/// keeps a part (the owned prefixes, in upper and lower case).
pub fn slice(text: &str, keep: &[memchr::memmem::Finder<'_>]) -> Option<Sliced> {
    let b = text.as_bytes();
    let parts = parts(b)?;
    let pieces: Vec<Piece<'_>> = parts
        .iter()
        .map(|p| Piece {
            start: p.start,
            end: p.end,
            always: p.head == Head::Other,
            import: p.head == Head::Import,
            declares: declared(b, p),
        })
        .collect();
    keep_and_blank(text, &pieces, keep, ENV_WORDS)
}

/// The names a part declares (a superset: every word of an import or of the targets).
fn declared<'b>(b: &'b [u8], p: &Part) -> Vec<&'b [u8]> {
    const NOT_NAMES: &[&[u8]] = &[b"import", b"from", b"as"];
    let span = match &p.head {
        Head::Other => return Vec::new(),
        Head::Named(r) => return vec![&b[r.clone()]],
        Head::Import => p.start..p.end,
        Head::Binding(r) => r.clone(),
    };
    let base = span.start;
    word_spans(&b[span])
        .map(|w| &b[base + w.start..base + w.end])
        .filter(|w| !NOT_NAMES.contains(w) && !w[0].is_ascii_digit())
        .collect()
}

/// The bytes the scan stops at; it passes over every other at once.
static SPECIAL: [bool; 256] = byte_table(b"()[]{}'\"#\\\n\r");

/// The module's parts: each starts at a line that starts a top-level statement (or the
/// decorators before one) and ends where the next starts; what comes before the first
/// belongs to it. `None` when the scan cannot vouch for what it saw.
fn parts(b: &[u8]) -> Option<Vec<Part>> {
    let mut parts: Vec<Part> = Vec::new();
    let mut stack: Vec<u8> = Vec::new();
    let mut decorated = false;
    let mut i = 0;
    let mut line_start = true;
    loop {
        if line_start && stack.is_empty() {
            line(b, i, &mut parts, &mut decorated);
        }
        line_start = false;
        while i < b.len() && !SPECIAL[usize::from(b[i])] {
            i += 1;
        }
        let Some(&c) = b.get(i) else { break };
        match c {
            b'\n' => {
                line_start = true;
                i += 1;
            }
            b'\r' => {
                line_start = true;
                i += if b.get(i + 1) == Some(&b'\n') { 2 } else { 1 };
            }
            b'#' => i = memchr::memchr2(b'\n', b'\r', &b[i..]).map_or(b.len(), |n| i + n),
            // A continuation: the next line starts no statement.
            b'\\' => i = after_line_break(b, i + 1)?,
            b'"' | b'\'' => i = string(b, i)?,
            b'(' | b'[' | b'{' => {
                stack.push(c);
                i += 1;
            }
            _ => {
                let open = match c {
                    b')' => b'(',
                    b']' => b'[',
                    _ => b'{',
                };
                (stack.pop()? == open).then_some(())?;
                i += 1;
            }
        }
    }
    if !stack.is_empty() {
        return None;
    }
    if let Some(first) = parts.first_mut() {
        first.start = 0;
    }
    let ends: Vec<usize> = parts.iter().skip(1).map(|p| p.start).collect();
    for (p, end) in parts.iter_mut().zip(ends) {
        p.end = end;
    }
    if let Some(last) = parts.last_mut() {
        last.end = b.len();
    }
    Some(parts)
}

/// Where the line after the `\` ending at `i` starts; `None` when the `\` ends no line.
fn after_line_break(b: &[u8], i: usize) -> Option<usize> {
    match b.get(i) {
        Some(b'\r') if b.get(i + 1) == Some(&b'\n') => Some(i + 2),
        Some(b'\n' | b'\r') => Some(i + 1),
        _ => None,
    }
}

/// At the start of a line outside every bracket: starts a part when the line starts a
/// top-level statement at column 0 (decorators start the part of what they decorate).
fn line(b: &[u8], i: usize, parts: &mut Vec<Part>, decorated: &mut bool) {
    match b.get(i) {
        None | Some(b' ' | b'\t' | b'\x0c' | b'\n' | b'\r' | b'#') => return,
        Some(b'@') => {
            if !*decorated {
                *decorated = true;
                parts.push(Part {
                    start: i,
                    end: i,
                    head: Head::Other,
                });
            }
            return;
        }
        Some(_) => {}
    }
    let first = word_at(b, i);
    if let Some(w) = &first
        && matches!(&b[w.clone()], b"else" | b"elif" | b"except" | b"finally")
    {
        return;
    }
    let head = head(b, i, first);
    if std::mem::take(decorated) {
        if let Some(last) = parts.last_mut() {
            last.head = head;
        }
        return;
    }
    parts.push(Part {
        start: i,
        end: i,
        head,
    });
}

/// The word at `k` after any spaces and tabs.
fn word_at(b: &[u8], k: usize) -> Option<Range<usize>> {
    let k = k + b[k.min(b.len())..]
        .iter()
        .take_while(|&&c| c == b' ' || c == b'\t')
        .count();
    let n = b.get(k..)?.iter().take_while(|&&c| is_word(c)).count();
    (n > 0).then_some(k..k + n)
}

/// What the statement whose first word (if any) is `first`, at `i`, starts.
fn head(b: &[u8], i: usize, first: Option<Range<usize>>) -> Head {
    let Some(w) = first else {
        return Head::Other;
    };
    let named = |r: Range<usize>| word_at(b, r.end).map_or(Head::Other, Head::Named);
    // Statements after a `;` would declare what the scan does not look at.
    let line_end = memchr::memchr2(b'\n', b'\r', &b[i..]).map_or(b.len(), |n| i + n);
    if memchr::memchr(b';', &b[i..line_end]).is_some() {
        return Head::Other;
    }
    match &b[w.clone()] {
        b"def" | b"class" => named(w),
        b"async" => match word_at(b, w.end) {
            Some(n) if &b[n.clone()] == b"def" => named(n),
            _ => Head::Other,
        },
        b"import" | b"from" => Head::Import,
        _ => binding(b, i).map_or(Head::Other, Head::Binding),
    }
}

/// The words that start a statement other than an assignment (`try:` is no annotation).
const KEYWORDS: &[&[u8]] = &[
    b"assert",
    b"async",
    b"await",
    b"break",
    b"class",
    b"continue",
    b"def",
    b"del",
    b"elif",
    b"else",
    b"except",
    b"finally",
    b"for",
    b"from",
    b"global",
    b"if",
    b"import",
    b"lambda",
    b"nonlocal",
    b"pass",
    b"raise",
    b"return",
    b"try",
    b"while",
    b"with",
    b"yield",
];

/// The targets of an assignment at `i` (`A = `, `A, B = `, `A = B = `, `A: T = `): the
/// span from `i` to its last `=` or its annotation's `:`; `None` for any other statement.
fn binding(b: &[u8], i: usize) -> Option<Range<usize>> {
    // A target list from `k`: where its `=` or `:` is, and which.
    let targets = |mut k: usize| -> Option<(usize, u8)> {
        loop {
            let w = word_at(b, k)?;
            k = w.end
                + b[w.end..]
                    .iter()
                    .take_while(|&&c| c == b' ' || c == b'\t')
                    .count();
            match b.get(k) {
                Some(b',') => k += 1,
                Some(b':') => return Some((k, b':')),
                Some(b'=') if b.get(k + 1) != Some(&b'=') => return Some((k, b'=')),
                _ => return None,
            }
        }
    };
    let first = word_at(b, i)?;
    if KEYWORDS.contains(&&b[first]) {
        return None;
    }
    let (mut end, how) = targets(i)?;
    if how == b'=' {
        while let Some((next, b'=')) = targets(end + 1) {
            end = next;
        }
    }
    Some(i..end)
}

/// The end of the string whose quote is at `i` (its prefix, if any, just before it).
/// `None` when a one-line string runs past its line or an f-string's field is one the scan
/// cannot read.
fn string(b: &[u8], i: usize) -> Option<usize> {
    let quote = b[i];
    let prefix = b[..i]
        .iter()
        .rev()
        .take_while(|&&c| is_word(c))
        .map(u8::to_ascii_lowercase)
        .collect::<Vec<_>>();
    let formatted = prefix.len() <= 2 && prefix.iter().any(|&c| c == b'f' || c == b't');
    let triple = b.get(i + 1) == Some(&quote) && b.get(i + 2) == Some(&quote);
    let mut k = if triple { i + 3 } else { i + 1 };
    loop {
        let c = *b.get(k)?;
        match c {
            b'\\' => {
                k += if b[k + 1..].starts_with(b"\r\n") {
                    3
                } else {
                    2
                }
            }
            b'\n' | b'\r' if !triple => return None,
            _ if c == quote => {
                if !triple {
                    return Some(k + 1);
                }
                if b.get(k + 1) == Some(&quote) && b.get(k + 2) == Some(&quote) {
                    return Some(k + 3);
                }
                k += 1;
            }
            b'{' if formatted => {
                if b.get(k + 1) == Some(&b'{') {
                    k += 2;
                } else {
                    k = field(b, k + 1, quote)?;
                }
            }
            _ => k += 1,
        }
    }
}

/// The end of an f-string's replacement field whose text starts at `k` (after its `{`):
/// after its closing `}`. Brackets nest; a string inside is read whole; the enclosing
/// string's quote or a `#` inside makes the scan give up.
fn field(b: &[u8], mut k: usize, q: u8) -> Option<usize> {
    let mut depth = 0usize;
    loop {
        let c = *b.get(k)?;
        match c {
            b'}' if depth == 0 => return Some(k + 1),
            b'(' | b'[' | b'{' => depth += 1,
            b')' | b']' | b'}' => depth = depth.checked_sub(1)?,
            b'#' => return None,
            b'"' | b'\'' if c == q => return None,
            b'"' | b'\'' => {
                k = string(b, k)?;
                continue;
            }
            _ => {}
        }
        k += 1;
    }
}

#[cfg(test)]
mod tests;
