//! The top-level statements of a script that its reads can depend on, found by a scan of
//! its bytes before it is parsed.
//!
//! [`slice`] cuts the module at the lines that start a top-level declaration and keeps, of
//! those parts, the ones that hold an owned prefix or an environment object (`env`,
//! `process`, an accessor) and what they depend on, as [`super::super::slicing`] says.
//!
//! The scan knows strings, template literals, comments and regular expressions. Where it
//! cannot tell a regular expression from a division (`}`, `++`, `--` or `!` before a `/`),
//! where a
//! string or a regular expression runs to the end of its line, where a bracket does not
//! close or where a file may hold JSX, it gives up and the whole file is parsed.

use std::ops::Range;

#[cfg(test)]
use super::super::slicing::MAX_SEARCHES;
use super::super::slicing::{Piece, byte_table, keep_and_blank, word_spans};
use super::super::stack::is_word;

pub use super::super::slicing::Sliced;

/// What a part starts with.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Head {
    /// Anything the scan does not take for a declaration: always kept.
    Other,
    /// `export {...}`, `export * from`: changes no value of this file, declares nothing.
    Export,
    /// `import ...`: declares the words it holds; its bindings cannot be changed, so what
    /// mentions them is not kept for its sake.
    Import,
    /// `function f`, `class C`, `enum E`, `interface I`, `type T`, `namespace N`.
    Named(Range<usize>),
    /// `const`/`let`/`var`: declares the words from the keyword's end to the first `:`,
    /// `=` or `;` outside brackets.
    Binding(usize),
}

#[derive(Debug)]
struct Part {
    start: usize,
    end: usize,
    head: Head,
    /// The first `=` of an assignment at the top level of the part.
    first_eq: Option<usize>,
    /// The first `:`, assignment `=` or `;` at the top level of the part.
    binding_end: Option<usize>,
    /// A top-level `,` after `first_eq`: a second declarator (or a sequence).
    comma_after_eq: bool,
}

/// `text` with the parts no read depends on blanked, or `None` when nothing would be
/// blanked or the scan cannot vouch for its cuts. `keep` finds the bytes whose presence
/// keeps a part (the owned prefixes); `words` are names whose mention keeps one (the
/// accessors).
pub fn slice(text: &str, keep: &[memchr::memmem::Finder<'_>], words: &[String]) -> Option<Sliced> {
    let b = text.as_bytes();
    let parts = parts(b)?;
    // What is kept whatever it says: the part before the first declaration (comments,
    // directives), every part the scan does not take for a declaration, a binding of
    // several declarators.
    let pieces: Vec<Piece<'_>> = parts
        .iter()
        .enumerate()
        .map(|(i, p)| Piece {
            start: p.start,
            end: p.end,
            always: i == 0
                || p.head == Head::Other
                || (p.comma_after_eq && matches!(p.head, Head::Binding(_))),
            import: p.head == Head::Import,
            declares: declared(b, p),
        })
        .collect();
    let words: Vec<&str> = ["env", "process"]
        .into_iter()
        .chain(words.iter().map(String::as_str))
        .collect();
    keep_and_blank(text, &pieces, keep, &words)
}

/// The names a part declares (a superset: type names of an annotation, every word of an
/// import).
fn declared<'b>(b: &'b [u8], p: &Part) -> Vec<&'b [u8]> {
    const NOT_NAMES: &[&[u8]] = &[
        b"import", b"from", b"as", b"type", b"typeof", b"const", b"let", b"var",
    ];
    let span = match &p.head {
        Head::Other | Head::Export => return Vec::new(),
        Head::Named(r) => return vec![&b[r.clone()]],
        Head::Import => p.start..p.end,
        Head::Binding(from) => *from..p.binding_end.unwrap_or(p.end),
    };
    let base = span.start;
    word_spans(&b[span])
        .map(|w| &b[base + w.start..base + w.end])
        .filter(|w| !NOT_NAMES.contains(w) && !w[0].is_ascii_digit())
        .collect()
}

/// What a `/` that starts no comment is, from what comes before it.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Slash {
    Regex,
    Division,
    /// `}`, `++`, `--`, `!` (`x! / 2` or `!/re/`), a `/` or `*/`: the scan cannot tell.
    Unsure,
}

/// What a `/` after the word `w` (not a property name) is.
fn after_word(w: &[u8]) -> Slash {
    match w {
        // Words after which an expression starts.
        b"return" | b"typeof" | b"instanceof" | b"in" | b"of" | b"new" | b"delete" | b"void"
        | b"throw" | b"case" | b"do" | b"else" | b"yield" | b"await" | b"extends" => Slash::Regex,
        _ => Slash::Division,
    }
}

/// The word that ends at `end` (exclusive) and where it starts.
fn word_before(b: &[u8], end: usize) -> (usize, &[u8]) {
    let start = end - b[..end].iter().rev().take_while(|&&c| is_word(c)).count();
    (start, &b[start..end])
}

/// Where the last byte before `i` that is not white space is.
fn last_token_end(b: &[u8], i: usize) -> Option<usize> {
    b[..i]
        .iter()
        .rposition(|c| !matches!(c, b' ' | b'\t' | b'\n' | b'\r' | 0x0b | 0x0c))
}

/// What the `/` at `i` is; `control` is where the last `)` that closed the parenthesis
/// of `if`, `while`, `for` or `with` is.
fn slash(b: &[u8], i: usize, control: Option<usize>) -> Slash {
    let Some(last) = last_token_end(b, i) else {
        return Slash::Regex;
    };
    match b[last] {
        byte if is_word(byte) => {
            let (start, w) = word_before(b, last + 1);
            let property = start > 0 && b[start - 1] == b'.' && (start < 2 || b[start - 2] != b'.');
            if property || w[0].is_ascii_digit() {
                Slash::Division
            } else {
                after_word(w)
            }
        }
        b')' if control == Some(last) => Slash::Regex,
        b')' | b']' | b'"' | b'\'' | b'`' => Slash::Division,
        b'+' | b'-' if last > 0 && b[last - 1] == b[last] => Slash::Unsure,
        b'}' | b'!' | b'/' => Slash::Unsure,
        _ => Slash::Regex,
    }
}

/// The bytes the scan stops at; it passes over every other at once.
static SPECIAL: [bool; 256] = byte_table(b"()[]{}'\"`/\n\r=,:;");

/// The file's parts: each starts at a line that starts, outside every bracket, string,
/// template and comment, with a declaration keyword (or the decorators before one), and
/// ends where the next starts. `None` when the scan cannot vouch for what it saw.
fn parts(b: &[u8]) -> Option<Vec<Part>> {
    let mut parts = vec![Part {
        start: 0,
        end: b.len(),
        head: Head::Other,
        first_eq: None,
        binding_end: None,
        comma_after_eq: false,
    }];
    // `(`, `c` (a control statement's parenthesis), `[`, `{`, `$` (a template's `${`).
    let mut stack: Vec<u8> = Vec::new();
    // Where the last `)` closing a control statement's parenthesis is.
    let mut control = None;
    let mut decorators: Option<usize> = None;
    let mut i = 0;
    if b.starts_with(b"#!") {
        i = memchr::memchr2(b'\n', b'\r', b).unwrap_or(b.len());
    }
    let mut line_start = i == 0;
    loop {
        if line_start && stack.is_empty() {
            line(b, i, &mut parts, &mut decorators);
        }
        line_start = false;
        while i < b.len() && !SPECIAL[usize::from(b[i])] {
            i += 1;
        }
        let Some(&c) = b.get(i) else { break };
        match c {
            b'\n' | b'\r' => {
                line_start = true;
                i += 1;
            }
            b'"' | b'\'' => i = string(b, i)?,
            b'`' => i = template(b, i + 1, &mut stack)?,
            b'/' => match b.get(i + 1) {
                Some(b'/') => {
                    i = memchr::memchr2(b'\n', b'\r', &b[i..]).map_or(b.len(), |n| i + n);
                }
                Some(b'*') => {
                    i = memchr::memmem::find(&b[i + 2..], b"*/").map(|n| i + 2 + n + 2)?;
                }
                _ => match slash(b, i, control) {
                    Slash::Division => i += 1,
                    Slash::Regex => i = regex(b, i + 1)?,
                    Slash::Unsure => return None,
                },
            },
            b'(' => {
                let is_control = last_token_end(b, i).is_some_and(|p| {
                    let (start, w) = word_before(b, p + 1);
                    matches!(w, b"if" | b"while" | b"for" | b"with")
                        && (start == 0 || b[start - 1] != b'.')
                });
                stack.push(if is_control { b'c' } else { b'(' });
                i += 1;
            }
            b'[' | b'{' => {
                stack.push(c);
                i += 1;
            }
            b')' => {
                match stack.pop()? {
                    b'(' => {}
                    b'c' => control = Some(i),
                    _ => return None,
                }
                i += 1;
            }
            b']' => {
                (stack.pop()? == b'[').then_some(())?;
                i += 1;
            }
            b'}' => match stack.pop()? {
                b'$' => i = template(b, i + 1, &mut stack)?,
                b'{' => i += 1,
                _ => return None,
            },
            _ if !stack.is_empty() => i += 1,
            // `=`, `,`, `:` and `;` outside brackets.
            _ => {
                top_level(b, i, parts.last_mut().expect("one part at least"));
                i += 1;
            }
        }
    }
    stack.is_empty().then_some(parts)
}

/// At the start of a line outside every bracket, whose first token is after `i`: starts a
/// part when the line starts a declaration (or the decorators of one).
fn line(b: &[u8], i: usize, parts: &mut Vec<Part>, decorators: &mut Option<usize>) {
    /// What a line that continues the one before ends in (`function f<\n  const T>`).
    const CONTINUED: &[u8] = b"<,=:?|&+-*.!~^%";
    let j = i + b[i..]
        .iter()
        .take_while(|&&c| c == b' ' || c == b'\t')
        .count();
    match b.get(j) {
        Some(b'@') => {
            decorators.get_or_insert(i);
        }
        Some(b'\n' | b'\r') | None => {}
        Some(_) => {
            let continues = last_token_end(b, i).is_some_and(|last| CONTINUED.contains(&b[last]));
            if let Some(head) = head(b, j).filter(|_| !continues) {
                let start = decorators.unwrap_or(i);
                parts.last_mut().expect("one part at least").end = start;
                parts.push(Part {
                    start,
                    end: b.len(),
                    head,
                    first_eq: None,
                    binding_end: None,
                    comma_after_eq: false,
                });
            }
            *decorators = None;
        }
    }
}

/// Records a `=`, `,`, `:` or `;` at `i`, outside every bracket, on the part it is in.
fn top_level(b: &[u8], i: usize, part: &mut Part) {
    /// What comes before the `=` of a comparison or a compound assignment.
    const NOT_ASSIGN: &[u8] = b"=!<>+-*/%&|^?";
    match b[i] {
        b',' => part.comma_after_eq |= part.first_eq.is_some(),
        b'=' => {
            let compared = i > 0 && NOT_ASSIGN.contains(&b[i - 1]);
            let assigns = !compared && !matches!(b.get(i + 1), Some(b'=' | b'>'));
            if assigns {
                part.first_eq.get_or_insert(i);
                part.binding_end.get_or_insert(i);
            }
        }
        _ => {
            part.binding_end.get_or_insert(i);
        }
    }
}

/// The end of the string whose quote is at `i`; `None` when it runs past its line.
fn string(b: &[u8], i: usize) -> Option<usize> {
    let q = b[i];
    let mut k = i + 1;
    loop {
        let at = k + memchr::memchr3(q, b'\\', b'\n', b.get(k..)?)?;
        // A lone `\r` ends a line too.
        if memchr::memchr(b'\r', &b[k..at]).is_some() {
            return None;
        }
        match b[at] {
            b'\\' => {
                k = at
                    + if b[at + 1..].starts_with(b"\r\n") {
                        3
                    } else {
                        2
                    }
            }
            b'\n' => return None,
            _ => return Some(at + 1),
        }
    }
}

/// Reads a template literal from `i` (after its backtick or a `}` closing a `${`): the
/// index after its closing backtick, or after a `${` (then pushed on `stack`).
fn template(b: &[u8], mut i: usize, stack: &mut Vec<u8>) -> Option<usize> {
    loop {
        i += memchr::memchr3(b'`', b'\\', b'$', b.get(i..)?)?;
        match b[i] {
            b'`' => return Some(i + 1),
            b'\\' => i += 2,
            _ if b.get(i + 1) == Some(&b'{') => {
                stack.push(b'$');
                return Some(i + 2);
            }
            _ => i += 1,
        }
    }
}

/// The end of the regular expression whose body starts at `i` (after its `/`); `None`
/// when it runs past its line.
fn regex(b: &[u8], mut i: usize) -> Option<usize> {
    let mut class = false;
    while let Some(&c) = b.get(i) {
        match c {
            b'\\' => i += 1,
            b'\n' | b'\r' => return None,
            b'[' => class = true,
            b']' => class = false,
            b'/' if !class => return Some(i + 1),
            _ => {}
        }
        i += 1;
    }
    None
}

/// What a line whose first token is at `j` starts, when it starts a declaration (or a
/// statement the scan keeps whatever it says, after `export`).
fn head(b: &[u8], j: usize) -> Option<Head> {
    let word_at = |k: usize| -> Option<Range<usize>> {
        let k = k + b[k.min(b.len())..]
            .iter()
            .take_while(|&&c| c == b' ' || c == b'\t')
            .count();
        let n = b.get(k..)?.iter().take_while(|&&c| is_word(c)).count();
        (n > 0).then_some(k..k + n)
    };
    let next_is =
        |r: &Range<usize>, c: u8| b[r.end..].iter().find(|&&x| x != b' ' && x != b'\t') == Some(&c);
    let mut w = word_at(j)?;
    let exported = &b[w.clone()] == b"export";
    if exported {
        w = match word_at(w.end) {
            Some(next) if &b[next.clone()] == b"type" && next_is(&next, b'{') => {
                return Some(Head::Export);
            }
            Some(next) => next,
            None if next_is(&w, b'{') || next_is(&w, b'*') => return Some(Head::Export),
            None => return Some(Head::Other),
        };
    }
    let other = if exported { Some(Head::Other) } else { None };
    if &b[w.clone()] == b"declare" {
        w = word_at(w.end)?;
    }
    let named =
        |r: Range<usize>| word_at(r.end).map_or(Some(Head::Other), |n| Some(Head::Named(n)));
    match &b[w.clone()] {
        b"import" if !exported => {
            if next_is(&w, b'(') || next_is(&w, b'.') {
                None
            } else {
                Some(Head::Import)
            }
        }
        b"const" => match word_at(w.end) {
            Some(n) if &b[n.clone()] == b"enum" => named(n),
            _ => Some(Head::Binding(w.end)),
        },
        b"let" | b"var" => Some(Head::Binding(w.end)),
        b"async" => match word_at(w.end) {
            Some(n) if &b[n.clone()] == b"function" => Some(function(b, n.end, word_at)),
            _ => other,
        },
        b"function" => Some(function(b, w.end, word_at)),
        b"abstract" => match word_at(w.end) {
            Some(n) if &b[n.clone()] == b"class" => named(n),
            _ => other,
        },
        b"class" | b"interface" | b"enum" => named(w),
        b"type" | b"namespace" | b"module" => match word_at(w.end) {
            Some(n) if !next_is(&w, b'.') => Some(Head::Named(n)),
            _ => other,
        },
        _ => other,
    }
}

/// `function NAME` or `function* NAME` from `k` (after the keyword).
fn function(b: &[u8], mut k: usize, word_at: impl Fn(usize) -> Option<Range<usize>>) -> Head {
    k += b[k..]
        .iter()
        .take_while(|&&c| c == b' ' || c == b'\t')
        .count();
    if b.get(k) == Some(&b'*') {
        k += 1;
    }
    word_at(k).map_or(Head::Other, Head::Named)
}

#[cfg(test)]
mod tests;
