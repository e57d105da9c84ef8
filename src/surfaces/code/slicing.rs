//! What the slicers of both languages share: given a file cut into top-level parts, keep
//! the parts its reads can depend on and blank the rest.
//!
//! A module that reads one variable in one function is mostly other code, and parsing it
//! is most of what envlint spends on it. A language's scan cuts the module at the lines
//! that start a top-level statement ([`Piece`]s); [`keep_and_blank`] keeps the pieces that
//! must be kept whatever they say, the ones that hold an owned prefix or name an
//! environment object and, to a fixed point, the pieces that declare a name a kept piece
//! mentions and the pieces that mention a name a kept piece declares (where its value
//! flows, or where it is changed). Every other piece is blanked to spaces, its line breaks
//! kept, so that every byte offset stays where it was. The parse of the result is taken
//! only when it has no error and no statement spans a cut ([`Sliced::cut_holds`]);
//! otherwise the whole file is parsed.

use std::ops::Range;

use super::stack::is_word;

/// A file with the parts no read depends on blanked.
#[derive(Debug)]
pub struct Sliced {
    /// The text to parse: as long as the original, byte for byte the same in kept parts.
    pub text: String,
    /// The kept parts one after the other: what the parser reads of `text`, for the
    /// guard against its superlinear cases (blank runs cost it nothing).
    pub kept: String,
    /// Where each kept part other than the first starts (ascending): a statement must
    /// start at each, none may span one.
    pub(super) cuts: Vec<usize>,
}

impl Sliced {
    /// Whether no statement the parser found (their spans, in order) spans a cut: then each
    /// kept part was parsed as statements of its own, as the scan cut them.
    pub fn cut_holds(&self, statements: impl Iterator<Item = Range<usize>>) -> bool {
        let mut cuts = self.cuts.iter().copied().peekable();
        for s in statements {
            while let Some(&c) = cuts.peek() {
                if c >= s.end {
                    break;
                }
                if c > s.start {
                    return false;
                }
                cuts.next();
            }
        }
        true
    }
}

/// A top-level part of a file, as a language's scan cut it.
#[derive(Debug)]
pub struct Piece<'b> {
    pub start: usize,
    pub end: usize,
    /// Kept whatever it says (a statement the scan does not take for a declaration).
    pub always: bool,
    /// An import: what mentions its names is not kept for its sake (they cannot be
    /// changed elsewhere).
    pub import: bool,
    /// The names it declares (a superset is fine: it only keeps more).
    pub declares: Vec<&'b [u8]>,
}

/// How many declared names [`keep_and_blank`] looks for before it leaves the file whole.
pub(super) const MAX_SEARCHES: usize = 64;

/// `text` with the pieces no read depends on blanked, or `None` when nothing would be
/// blanked or there are too many names to look for. `keep` finds the bytes whose presence
/// keeps a piece (the owned prefixes); `words` are names whose mention keeps one (the
/// environment objects).
pub fn keep_and_blank(
    text: &str,
    pieces: &[Piece<'_>],
    keep: &[memchr::memmem::Finder<'_>],
    words: &[&str],
) -> Option<Sliced> {
    let b = text.as_bytes();
    if pieces.len() < 2 {
        return None;
    }
    let mut kept = vec![false; pieces.len()];
    let mut work = Vec::new();
    let piece_of = |at: usize| pieces.partition_point(|p| p.start <= at) - 1;
    let mark = |i: usize, kept: &mut Vec<bool>, work: &mut Vec<usize>| {
        if !kept[i] {
            kept[i] = true;
            work.push(i);
        }
    };
    for (i, p) in pieces.iter().enumerate() {
        if p.always {
            mark(i, &mut kept, &mut work);
        }
    }
    for f in keep {
        for at in f.find_iter(b) {
            mark(piece_of(at), &mut kept, &mut work);
        }
    }
    for w in words {
        for at in mentions(b, w) {
            mark(piece_of(at), &mut kept, &mut work);
        }
    }
    // Declarations by name, for the pieces a kept one mentions.
    let mut declares: foldhash::HashMap<&[u8], Vec<usize>> = foldhash::HashMap::default();
    for (i, p) in pieces.iter().enumerate() {
        for w in &p.declares {
            declares.entry(w).or_default().push(i);
        }
    }
    // Each name a kept piece declares is looked for in the whole file: past this many, the
    // file is mostly kept anyway and parsing it whole costs less than the search.
    let mut searches = MAX_SEARCHES;
    while let Some(i) = work.pop() {
        let p = &pieces[i];
        for w in word_spans(&b[p.start..p.end]) {
            if let Some(ds) = declares.get(&b[p.start + w.start..p.start + w.end]) {
                for &d in ds {
                    mark(d, &mut kept, &mut work);
                }
            }
        }
        if !p.import {
            for name in &p.declares {
                searches = searches.checked_sub(1)?;
                let name = std::str::from_utf8(name).ok()?;
                for at in mentions(b, name) {
                    mark(piece_of(at), &mut kept, &mut work);
                }
            }
        }
    }
    if kept.iter().all(|&k| k) {
        return None;
    }
    let mut out = b.to_vec();
    let mut cuts = Vec::new();
    let mut kept_text = String::new();
    for (i, p) in pieces.iter().enumerate() {
        if kept[i] {
            if i > 0 {
                cuts.push(p.start);
            }
            kept_text.push_str(&text[p.start..p.end]);
            continue;
        }
        out[p.start..p.end].fill(b' ');
        for at in memchr::memchr2_iter(b'\n', b'\r', &b[p.start..p.end]) {
            out[p.start + at] = b[p.start + at];
        }
    }
    // Only ASCII bytes were written over whole pieces, each starting at a line start and
    // ending at the next piece's, so the text is still UTF-8.
    let text = String::from_utf8(out).ok()?;
    Some(Sliced {
        text,
        kept: kept_text,
        cuts,
    })
}

/// The spans of the words of `b` (identifiers, keywords and numbers alike, in code,
/// strings and comments alike: a mention found in a string only keeps more).
pub fn word_spans(b: &[u8]) -> impl Iterator<Item = Range<usize>> + '_ {
    let mut i = 0;
    std::iter::from_fn(move || {
        while i < b.len() && !is_word(b[i]) {
            i += 1;
        }
        if i == b.len() {
            return None;
        }
        let s = i;
        while i < b.len() && is_word(b[i]) {
            i += 1;
        }
        Some(s..i)
    })
}

/// Where `word` occurs in `b` as a whole word.
fn mentions<'b>(b: &'b [u8], word: &'b str) -> impl Iterator<Item = usize> + 'b {
    let w = word.as_bytes();
    memchr::memmem::find_iter(b, w).filter(move |&at| {
        (at == 0 || !is_word(b[at - 1])) && b.get(at + w.len()).is_none_or(|&c| !is_word(c))
    })
}

/// Which bytes are in `bytes`: the stops of a scan that passes over every other at once.
pub const fn byte_table(bytes: &[u8]) -> [bool; 256] {
    let mut t = [false; 256];
    let mut k = 0;
    while k < bytes.len() {
        t[bytes[k] as usize] = true;
        k += 1;
    }
    t
}

/// `text` as sliced, for tests: each run of lines blanked shown as one `…` line, blank
/// lines of `code` left out, and every kept line checked byte for byte.
#[cfg(test)]
pub fn shown(code: &str, text: &str) -> String {
    assert_eq!(text.len(), code.len());
    let mut out = String::new();
    let mut blank = false;
    for (line, orig) in text.split_inclusive('\n').zip(code.split_inclusive('\n')) {
        if line.trim().is_empty() && !orig.trim().is_empty() {
            if !blank {
                out.push_str("…\n");
            }
            blank = true;
        } else {
            assert_eq!(line, orig, "a kept line is byte for byte the same");
            if !line.trim().is_empty() {
                out.push_str(line);
                blank = false;
            }
        }
    }
    out
}

/// A searcher for each of `prefixes`, for tests.
#[cfg(test)]
pub fn finders(prefixes: &[&str]) -> Vec<memchr::memmem::Finder<'static>> {
    prefixes
        .iter()
        .map(|p| memchr::memmem::Finder::new(p.as_bytes()).into_owned())
        .collect()
}
