//! How each reader of a dotenv file reads one statement. `compose` is compose-go's
//! `dotenv` parser (what `docker compose` reads `.env` and `env_file` with), `node` is
//! Node's `dotenv` (one regular expression, matched line by line; a line it does not match
//! is skipped, never an error), `dotenvy` is Rust's `dotenvy`, `python` is
//! `python-dotenv`'s parser (a statement it cannot parse is skipped with a warning).
//! Variable expansion is not performed: an example file states literal text.

use crate::schema::Dialect;
use crate::source::Span;

/// A statement as its reader reads it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Stmt {
    pub name: Span,
    /// The value as the reader makes it, and its text as written (quotes included); `None`
    /// for a bare `KEY` line, which passes the variable on from the environment.
    pub value: Option<(String, Span)>,
    /// Where reading goes on: after the line, or after a closing quote in mid-line
    /// (compose reads what follows as further statements).
    pub next: usize,
    /// Whether the reader expands `${V}` and `$V` in the value (compose and dotenvy do in
    /// unquoted and double-quoted values): each one is a read of `V`.
    pub expands: bool,
}

/// What reading at a statement's start gives.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Read {
    Entry(Stmt),
    /// The reader takes nothing from here (Node's expression does not match, or compose
    /// reads a name it ignores): reading goes on at `next`.
    Skip(usize),
    /// The reader rejects the file here (compose, dotenvy) and why; envlint reads on at
    /// `resume`.
    Reject {
        span: Span,
        message: String,
        resume: usize,
    },
}

/// Reads the statement at `start` (its first character that is not a blank), up to `stop`.
pub fn read(dialect: Dialect, text: &str, start: usize, stop: usize) -> Read {
    match dialect {
        Dialect::Compose => compose(text, start, stop),
        Dialect::Node => node(text, start, stop),
        Dialect::Dotenvy => super::dotenvy_statement(text, start, stop),
        Dialect::Python => python(text, start, stop),
    }
}

/// The position after the line `at` is on (its `\n` included), or `stop`.
pub fn next_line(text: &str, at: usize, stop: usize) -> usize {
    memchr::memchr(b'\n', &text.as_bytes()[at.min(stop)..stop]).map_or(stop, |i| at + i + 1)
}

/// compose-go's `isSpace`: blanks that are not a line break (a carriage return is one).
fn go_space(c: char) -> bool {
    matches!(
        c,
        '\t' | '\u{b}' | '\u{c}' | '\r' | ' ' | '\u{85}' | '\u{a0}'
    )
}

/// compose-go's key characters: letters and numbers of any script, `_ . - [ ]`.
fn go_key_char(c: char) -> bool {
    c.is_alphabetic() || c.is_numeric() || matches!(c, '_' | '.' | '-' | '[' | ']')
}

fn compose(text: &str, start: usize, stop: usize) -> Read {
    let rest = &text[start..stop];
    let mut p = start;
    // `export` then at least one blank (Go's `\s`: a line break counts).
    if let Some(after) = rest.strip_prefix("export")
        && after.starts_with([' ', '\t', '\n', '\u{c}', '\r'])
    {
        p = start + 6;
        p += text[p..stop].len() - text[p..stop].trim_start_matches(go_space).len();
    }
    let key_start = p;
    let mut terminator = None;
    for (i, c) in text[key_start..stop].char_indices() {
        let at = key_start + i;
        if go_space(c) {
            continue;
        }
        match c {
            '=' | ':' | '\n' => {
                terminator = Some((at, c));
                break;
            }
            c if go_key_char(c) => {}
            c => {
                return Read::Reject {
                    span: at..at + c.len_utf8(),
                    message: format!(
                        "compose reads names of letters, digits and `_ . - [ ]`, not `{c}`"
                    ),
                    resume: next_line(text, at, stop),
                };
            }
        }
    }
    let (key_end, value_start, bare) = match terminator {
        Some((at, '\n')) => (at, at + 1, true),
        Some((at, _)) => (at, at + 1, false),
        // No `=`, `:` or line break in the rest of the file: compose reads all of it as
        // the value of a variable with no name, which nobody reads.
        None if key_start < stop => return Read::Skip(stop),
        // `export` and blanks, then the end of the file.
        None => {
            return Read::Reject {
                span: start..stop,
                message: "compose refuses `export` with no name after it".to_owned(),
                resume: stop,
            };
        }
    };
    let key = text[key_start..key_end].trim_end();
    let name = key_start..key_start + key.len();
    if key.contains(' ') {
        return Read::Reject {
            span: name,
            message: "compose refuses a name with a space inside it".to_owned(),
            resume: next_line(text, key_start, stop),
        };
    }
    if bare {
        return if key.is_empty() {
            Read::Skip(value_start)
        } else {
            Read::Entry(Stmt {
                name,
                value: None,
                next: value_start,
                expands: false,
            })
        };
    }
    let (value, raw, next, expands) = match compose_value(text, value_start, stop) {
        Ok(v) => v,
        Err(reject) => return reject,
    };
    if key.is_empty() {
        // `="value"` defines a variable with no name: compose takes it, nobody reads it.
        return Read::Skip(next);
    }
    Read::Entry(Stmt {
        name,
        value: Some((value, raw)),
        next,
        expands,
    })
}

/// compose-go's value from `at` (just after the separator): the value, its text as
/// written, where reading goes on, and whether compose expands it.
fn compose_value(text: &str, at: usize, stop: usize) -> Result<(String, Span, usize, bool), Read> {
    let v = at + text[at..stop].len() - text[at..stop].trim_start_matches(go_space).len();
    let quote = text
        .as_bytes()
        .get(v)
        .copied()
        .filter(|q| v < stop && matches!(q, b'"' | b'\''));
    let Some(q) = quote else {
        let end = memchr::memchr(b'\n', &text.as_bytes()[v..stop]).map_or(stop, |i| v + i);
        let line = &text[v..end];
        let line = line.find(" #").map_or(line, |i| &line[..i]);
        let value = line.trim_end();
        return Ok((
            undouble_dollars(value),
            v..v + value.len(),
            (end + 1).min(stop),
            true,
        ));
    };
    match go_quoted(text, v, stop, q) {
        Some((raw, close)) if q == b'"' => Ok((
            undouble_dollars(&go_escapes(&raw)),
            v..close + 1,
            close + 1,
            true,
        )),
        Some((raw, close)) => Ok((raw, v..close + 1, close + 1, false)),
        None => Err(Read::Reject {
            span: v..v + 1,
            message: "compose refuses an unterminated quoted value".to_owned(),
            resume: next_line(text, v, stop),
        }),
    }
}

/// compose-go's quoted value from `open`: a backslash before the quote drops, before any
/// other character stays. The text and the closing quote's position.
fn go_quoted(text: &str, open: usize, stop: usize, quote: u8) -> Option<(String, usize)> {
    let mut out = Vec::new();
    let b = text.as_bytes();
    let mut escaped = false;
    for (i, &c) in b.iter().enumerate().take(stop).skip(open + 1) {
        if escaped {
            escaped = false;
            if c != quote {
                out.push(b'\\');
            }
            out.push(c);
            continue;
        }
        match c {
            b'\\' => escaped = true,
            c if c == quote => return Some((String::from_utf8(out).ok()?, i)),
            c => out.push(c),
        }
    }
    None
}

/// compose-go's escapes in a double-quoted value: `\a \b \f \n \r \t \v \" \\`, `\$` (a
/// literal `$`), and `\0` with up to three digits for an octal character; any other
/// backslash stays as written.
fn go_escapes(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut chars = s.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        let Some(&(_, e)) = chars.peek() else {
            out.push(c);
            break;
        };
        let simple = match e {
            'a' => Some('\u{7}'),
            'b' => Some('\u{8}'),
            'f' => Some('\u{c}'),
            'n' => Some('\n'),
            'r' => Some('\r'),
            't' => Some('\t'),
            'v' => Some('\u{b}'),
            '"' => Some('"'),
            '\\' => Some('\\'),
            _ => None,
        };
        if let Some(x) = simple {
            out.push(x);
            chars.next();
        } else if e == '$' {
            // Expansion reads `$$` as a literal `$`.
            out.push_str("$$");
            chars.next();
        } else if e == '0' {
            // `\0` and up to three digits: the three as an octal character, else as written.
            let digits: String = s[i + 2..]
                .chars()
                .take_while(char::is_ascii_digit)
                .take(3)
                .collect();
            let octal = (digits.len() == 3)
                .then(|| u32::from_str_radix(&digits, 8).ok())
                .flatten()
                .filter(|n| *n <= 0o377)
                .and_then(char::from_u32);
            chars.next();
            for _ in 0..digits.len() {
                chars.next();
            }
            if let Some(x) = octal {
                out.push(x);
            } else {
                // compose drops the `0` before it finds the digits are no octal character.
                out.push('\\');
                out.push_str(&digits);
            }
        } else {
            out.push(c);
        }
    }
    out
}

/// Expansion's one literal: `$$` is `$`.
fn undouble_dollars(s: &str) -> String {
    if s.contains("$$") {
        s.replace("$$", "$")
    } else {
        s.to_owned()
    }
}

/// The position after the line `at` is on for Node, which reads `\r\n`, `\r` and `\n`
/// alike as a line break.
fn node_next_line(text: &str, at: usize, stop: usize) -> usize {
    let b = &text.as_bytes()[..stop];
    match memchr::memchr2(b'\n', b'\r', &b[at.min(stop)..]) {
        Some(i) if b[at + i] == b'\r' && b.get(at + i + 1) == Some(&b'\n') => at + i + 2,
        Some(i) => at + i + 1,
        None => stop,
    }
}

/// JavaScript's `\s`.
fn js_space(c: char) -> bool {
    matches!(
        c,
        '\t' | '\n' | '\u{b}' | '\u{c}' | '\r' | ' ' | '\u{a0}' | '\u{1680}' | '\u{2000}'
            ..='\u{200a}'
                | '\u{2028}'
                | '\u{2029}'
                | '\u{202f}'
                | '\u{205f}'
                | '\u{3000}'
                | '\u{feff}'
    )
}

/// Whether JavaScript's multiline `$` matches at `at`: the end, or before a line break.
fn js_line_end(text: &str, at: usize, stop: usize) -> bool {
    at >= stop || text[at..stop].starts_with(['\n', '\r', '\u{2028}', '\u{2029}'])
}

fn skip(text: &str, from: usize, stop: usize, f: impl Fn(char) -> bool) -> usize {
    from + text[from..stop].len() - text[from..stop].trim_start_matches(f).len()
}

/// The tail of Node's expression after a value, `\s*(?:#.*)?$`, from `at`: whether it
/// matches, and where the statement's line ends.
fn node_tail(text: &str, at: usize, stop: usize) -> Option<usize> {
    let q = skip(text, at, stop, |c| {
        js_space(c) && !matches!(c, '\n' | '\r' | '\u{2028}' | '\u{2029}')
    });
    (js_line_end(text, q, stop) || text[q..stop].starts_with('#'))
        .then(|| node_next_line(text, q, stop))
}

/// Node's `dotenv` at a line start: its expression
/// `^\s*(?:export\s+)?([\w.-]+)(?:\s*=\s*?|:\s+?)(\s*'(?:\\'|[^'])*'|\s*"(?:\\"|[^"])*"|\s*`(?:\\`|[^`])*`|[^#\r\n]+)?\s*(?:#.*)?$`
/// as JavaScript matches it (leftmost alternative first, backtracking as it does), then
/// its clean-up of the value: trimmed, one pair of surrounding quotes removed, and in a
/// double-quoted value `\n` and `\r` made line breaks.
fn node(text: &str, start: usize, stop: usize) -> Read {
    let line_next = node_next_line(text, start, stop);
    let p = skip(text, start, stop, js_space);
    let key_at = |from: usize| {
        let end = from
            + text[from..stop]
                .bytes()
                .take_while(|b| b.is_ascii_alphanumeric() || matches!(b, b'_' | b'.' | b'-'))
                .count();
        (end > from).then_some(end)
    };
    let mut tries = Vec::new();
    if text[p..stop].starts_with("export") {
        let after = p + 6;
        let q = skip(text, after, stop, js_space);
        if q > after {
            tries.push(q);
        }
    }
    tries.push(p);
    for key_start in tries {
        let Some(key_end) = key_at(key_start) else {
            continue;
        };
        if let Some((value, next)) = node_separator_and_value(text, key_end, stop) {
            return Read::Entry(Stmt {
                name: key_start..key_end,
                value: Some(value),
                next,
                expands: false,
            });
        }
    }
    Read::Skip(line_next)
}

/// The position after the blank at `at`, if there is one: Node reads the file with its
/// `\r\n` made `\n`, so that pair is one blank.
fn after_js_space(text: &str, at: usize, stop: usize) -> Option<usize> {
    let c = text[at..stop].chars().next().filter(|c| js_space(*c))?;
    Some(if text[at..stop].starts_with("\r\n") {
        at + 2
    } else {
        at + c.len_utf8()
    })
}

/// `(?:\s*=\s*?|:\s+?)` then the value, from the end of the name.
fn node_separator_and_value(text: &str, at: usize, stop: usize) -> Option<((String, Span), usize)> {
    let eq = skip(text, at, stop, js_space);
    if text[eq..stop].starts_with('=') {
        // `\s*?`: as few blanks as let the rest match.
        let mut v = eq + 1;
        loop {
            if let Some(found) = node_value(text, v, stop) {
                return Some(found);
            }
            v = after_js_space(text, v, stop)?;
        }
    }
    if text[at..stop].starts_with(':') {
        // `:\s+?`: at least one blank, as few as let the rest match.
        let mut v = at + 1;
        loop {
            v = after_js_space(text, v, stop)?;
            if let Some(found) = node_value(text, v, stop) {
                return Some(found);
            }
        }
    }
    None
}

/// The value group and the tail from `v`, alternatives in order; the value as Node cleans
/// it up, its span as written (trimmed), and where the next line starts.
fn node_value(text: &str, v: usize, stop: usize) -> Option<((String, Span), usize)> {
    for quote in ['\'', '"', '`'] {
        let open = skip(text, v, stop, js_space);
        if !text[open..stop].starts_with(quote) {
            continue;
        }
        for close in node_closings(text, open, stop, quote) {
            if let Some(next) = node_tail(text, close + 1, stop) {
                return Some((node_clean(text, v, close + 1), next));
            }
        }
    }
    let end = v + text[v..stop].find(['#', '\r', '\n']).unwrap_or(stop - v);
    if end > v {
        let next = node_tail(text, end, stop)?;
        return Some((node_clean(text, v, end), next));
    }
    let next = node_tail(text, v, stop)?;
    Some(((String::new(), v..v), next))
}

/// Where `quote…quote` opening at `open` may close, the longest first: a body is made of
/// characters other than the quote and of backslash-quote pairs.
fn node_closings(text: &str, open: usize, stop: usize, quote: char) -> Vec<usize> {
    let b = text.as_bytes();
    let q = quote as u8;
    let mut escaped_quotes = Vec::new();
    let mut i = open + 1;
    while i < stop {
        if b[i] == b'\\' && b.get(i + 1) == Some(&q) && i + 1 < stop {
            escaped_quotes.push(i + 1);
            i += 2;
            continue;
        }
        if b[i] == q {
            let mut out = vec![i];
            out.extend(escaped_quotes.iter().rev());
            return out;
        }
        i += 1;
    }
    // No bare quote: only an escaped one can close it.
    escaped_quotes.reverse();
    escaped_quotes
}

/// Node's clean-up of the value group `text[from..to]`.
fn node_clean(text: &str, from: usize, to: usize) -> (String, Span) {
    let group = &text[from..to];
    let trimmed = group.trim_matches(js_space);
    let at = from + (group.len() - group.trim_start_matches(js_space).len());
    let span = at..at + trimmed.len();
    // Line breaks are read as `\n` (the file's `\r\n` and `\r` are normalised first).
    let value = trimmed.replace("\r\n", "\n").replace('\r', "\n");
    let first = value.chars().next();
    let mut value = strip_quotes(&value);
    if first == Some('"') {
        value = value.replace("\\n", "\n").replace("\\r", "\r");
    }
    (value, span)
}

/// `value.replace(/^(['"`])([\s\S]*)\1$/mg, '$2')`: at each line start holding a quote,
/// the text up to the last same quote that ends a line loses both quotes.
fn strip_quotes(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    let mut p = 0;
    while p < value.len() {
        let rest = &value[p..];
        let at_line_start = p == 0 || value[..p].ends_with('\n');
        let q = rest
            .chars()
            .next()
            .filter(|c| matches!(c, '\'' | '"' | '`'));
        if let (true, Some(q)) = (at_line_start, q) {
            // `[\s\S]*` is greedy: the last closing quote that ends a line.
            let close = rest
                .char_indices()
                .skip(1)
                .filter(|&(i, c)| {
                    c == q && (i + 1 == rest.len() || rest[i + 1..].starts_with('\n'))
                })
                .map(|(i, _)| i)
                .last();
            if let Some(close) = close {
                out.push_str(&rest[1..close]);
                p += close + 1;
                continue;
            }
        }
        let c = rest.chars().next().expect("p is inside");
        out.push(c);
        p += c.len_utf8();
    }
    out
}

/// Python's `\s` without the line breaks (`[^\S\r\n]`).
fn py_blank(c: char) -> bool {
    c.is_whitespace() && c != '\n' && c != '\r'
}

/// Where the line holding `at` ends, its break included (`\r\n`, `\n` or `\r`).
fn py_next_line(text: &str, at: usize, stop: usize) -> usize {
    node_next_line(text, at, stop)
}

/// `python-dotenv`'s reading of the statement at `start`: `export` and blanks, a key
/// (`'quoted'` or anything but `=`, `#` and blanks), then `=` and a value (single-quoted
/// with `\'` and `\\` escapes, double-quoted with Python's escapes, both spanning lines;
/// else the rest of the line up to a ` #` comment), or no `=` (a bare key); then only a
/// comment may follow on the line. Anything else is a statement it cannot parse: it warns,
/// and reads on after that line.
fn python(text: &str, start: usize, stop: usize) -> Read {
    let reject = |at: usize, message: &str| Read::Reject {
        span: at..py_next_line(text, at, stop).min(stop),
        message: message.to_owned(),
        resume: py_next_line(text, at, stop),
    };
    let mut p = start;
    if let Some(after) = text[p..stop].strip_prefix("export")
        && after.starts_with(py_blank)
    {
        p = skip(text, p + 6, stop, py_blank);
    }
    let (name, after_key) = if text[p..stop].starts_with('\'') {
        match text[p + 1..stop].find('\'') {
            Some(i) if i > 0 => (p + 1..p + 1 + i, p + 2 + i),
            _ => {
                return reject(
                    p,
                    "python-dotenv cannot parse this statement: an unclosed or empty quoted name",
                );
            }
        }
    } else {
        let end = p + text[p..stop]
            .char_indices()
            .find(|(_, c)| *c == '=' || *c == '#' || c.is_whitespace())
            .map_or(stop - p, |(i, _)| i);
        if end == p {
            return reject(
                p,
                "python-dotenv cannot parse this statement: no name before `=`",
            );
        }
        (p..end, end)
    };
    let eq = skip(text, after_key, stop, py_blank);
    let (value, at) = if text[eq..stop].starts_with('=') {
        match python_value(text, eq + 1, stop) {
            Ok(found) => found,
            Err(at) => {
                return reject(
                    at,
                    "python-dotenv cannot parse this statement: an unclosed quote",
                );
            }
        }
    } else {
        (None, eq)
    };
    // Only blanks and a comment may follow on the line.
    let tail = skip(text, at, stop, py_blank);
    let line_end = tail + text[tail..stop].find(['\n', '\r']).unwrap_or(stop - tail);
    if tail < line_end && !text[tail..line_end].starts_with('#') {
        return reject(
            tail,
            if value.is_some() {
                "python-dotenv cannot parse this statement: more after its value"
            } else {
                "python-dotenv cannot parse this statement: it expects `=` after the name"
            },
        );
    }
    Read::Entry(Stmt {
        name,
        expands: value
            .as_ref()
            .is_some_and(|(_, raw)| !text[raw.clone()].starts_with('\'')),
        value,
        next: py_next_line(text, line_end, stop),
    })
}

/// The value after `=` (at `from`), as `python-dotenv` reads it, with its text as written
/// and where reading goes on; `Err` where a quote does not close.
#[allow(clippy::type_complexity)]
fn python_value(
    text: &str,
    from: usize,
    stop: usize,
) -> Result<(Option<(String, Span)>, usize), usize> {
    let start = skip(text, from, stop, py_blank);
    let spaced = start > from;
    let rest = &text[start..stop];
    if let Some(quote) = rest.chars().next().filter(|c| *c == '\'' || *c == '"') {
        // The closing quote: the first one not escaped.
        let bytes = text.as_bytes();
        let mut at = start + 1;
        let close = loop {
            if at >= stop {
                return Err(start);
            }
            match bytes[at] {
                b'\\' if bytes.get(at + 1) == Some(&(quote as u8)) => at += 2,
                byte if byte == quote as u8 => break at,
                _ => at += 1,
            }
        };
        let decoded = py_unescape(&text[start + 1..close], quote);
        return Ok((Some((decoded, start..close + 1)), close + 1));
    }
    if rest.is_empty() || rest.starts_with(['\n', '\r']) {
        return Ok((Some((String::new(), start..start)), start));
    }
    let line_end = start + rest.find(['\n', '\r']).unwrap_or(rest.len());
    let part = &text[start..line_end];
    let kept = if spaced && part.starts_with('#') {
        ""
    } else {
        // `\s+#.*` removed, then trailing blanks.
        let cut = part
            .char_indices()
            .filter(|(_, c)| *c == '#')
            .map(|(i, _)| i)
            .find(|&i| i > 0 && part[..i].ends_with(char::is_whitespace))
            .map_or(part.len(), |i| {
                part[..i].trim_end_matches(char::is_whitespace).len()
            });
        part[..cut].trim_end()
    };
    Ok((Some((kept.to_owned(), start..start + kept.len())), line_end))
}

/// A quoted value's escapes as `python-dotenv` decodes them: in single quotes `\\` and
/// `\'`; in double quotes `\\`, `\'`, `\"` and `\a \b \f \n \r \t \v`.
fn py_unescape(s: &str, quote: char) -> String {
    let mut out = String::with_capacity(s.len());
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        let decoded = match (quote, chars.peek().copied()) {
            (_, Some('\\')) => Some('\\'),
            (_, Some('\'')) => Some('\''),
            ('"', Some('"')) => Some('"'),
            ('"', Some('a')) => Some('\u{7}'),
            ('"', Some('b')) => Some('\u{8}'),
            ('"', Some('f')) => Some('\u{c}'),
            ('"', Some('n')) => Some('\n'),
            ('"', Some('r')) => Some('\r'),
            ('"', Some('t')) => Some('\t'),
            ('"', Some('v')) => Some('\u{b}'),
            _ => None,
        };
        match decoded {
            Some(d) => {
                out.push(d);
                chars.next();
            }
            None => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// (name, value) of every statement a dialect reads in `text`.
    pub fn parse(dialect: Dialect, text: &str) -> Vec<(String, Option<String>)> {
        let text = text.strip_prefix('\u{feff}').unwrap_or(text);
        let mut out = Vec::new();
        let mut p = 0;
        while p < text.len() {
            let start = skip(text, p, text.len(), char::is_whitespace);
            if start >= text.len() {
                break;
            }
            if text[start..].starts_with('#') {
                p = next_line(text, start, text.len());
                continue;
            }
            match read(dialect, text, start, text.len()) {
                Read::Entry(s) => {
                    out.push((text[s.name].to_owned(), s.value.map(|v| v.0)));
                    p = s.next.max(start + 1);
                }
                Read::Skip(next) => p = next.max(start + 1),
                Read::Reject { resume, .. } => p = resume.max(start + 1),
            }
        }
        out
    }

    #[test]
    fn the_readers_disagree_where_their_references_do() {
        let cases: &[(&str, &str, &str, Option<&str>)] = &[
            // (text, name, compose's value, Node's value)
            ("K=a#b", "K", "a#b", Some("a")),
            ("K=\"a\\tb\"", "K", "a\tb", Some("a\\tb")),
            ("K=`x`", "K", "`x`", Some("x")),
            ("K: v", "K", "v", Some("v")),
            ("K=\"\\0123\"", "K", "S", Some("\\0123")),
        ];
        for (text, name, compose_value, node_value) in cases {
            let c = parse(Dialect::Compose, text);
            assert_eq!(
                c,
                vec![((*name).to_owned(), Some((*compose_value).to_owned()))],
                "compose {text:?}"
            );
            let n = parse(Dialect::Node, text);
            let want: Vec<_> = node_value
                .iter()
                .map(|v| ((*name).to_owned(), Some((*v).to_owned())))
                .collect();
            assert_eq!(n, want, "node {text:?}");
        }
        // A bare name passes a variable on in compose; Node skips the line.
        assert_eq!(
            parse(Dialect::Compose, "KEY\nB=1"),
            vec![
                ("KEY".to_owned(), None),
                ("B".to_owned(), Some("1".to_owned()))
            ]
        );
        assert_eq!(
            parse(Dialect::Node, "KEY\nB=1"),
            vec![("B".to_owned(), Some("1".to_owned()))]
        );
        // A lone carriage return ends a line for Node only.
        assert_eq!(parse(Dialect::Node, "A=1\rB=2").len(), 2);
        assert_eq!(
            parse(Dialect::Compose, "A=1\rB=2"),
            vec![("A".to_owned(), Some("1\rB=2".to_owned()))]
        );
    }

    /// (name, value) of every set entry the file scanner reads in `text`.
    fn scanned(dialect: Dialect, text: &str) -> Vec<(String, Option<String>)> {
        let source = crate::source::SourceFile::new(".env", text);
        crate::surfaces::dotenv::scan(&source, dialect)
            .expect("no region markers")
            .entries
            .into_iter()
            .filter(|e| !e.commented)
            .map(|e| (e.name, e.value))
            .collect()
    }

    /// One piece of a compose double-quoted value: as written, and what compose reads.
    fn compose_piece() -> impl proptest::strategy::Strategy<Value = (String, String)> {
        use proptest::prelude::*;
        prop_oneof![
            "[a-zA-Z0-9 #=:/._'-]{1,4}".prop_map(|s| (s.clone(), s)),
            Just(("\\n".to_owned(), "\n".to_owned())),
            Just(("\\t".to_owned(), "\t".to_owned())),
            Just(("\\a".to_owned(), "\u{7}".to_owned())),
            Just(("\\\\".to_owned(), "\\".to_owned())),
            Just(("\\\"".to_owned(), "\"".to_owned())),
            Just(("\\$".to_owned(), "$".to_owned())),
            Just(("$$".to_owned(), "$".to_owned())),
            Just(("\\0101".to_owned(), "A".to_owned())),
            Just(("\\0".to_owned(), "\\".to_owned())),
            Just(("\\x41".to_owned(), "\\x41".to_owned())),
            Just(("\\'".to_owned(), "\\'".to_owned())),
            Just(("é☕".to_owned(), "é☕".to_owned())),
        ]
    }

    /// Node's `LINE` expression, run as JavaScript runs it (`mg`, leftmost-first, over the
    /// whole text with `\r\n` and `\r` made `\n`), and its clean-up of each value.
    fn node_oracle(text: &str) -> Vec<(String, Option<String>)> {
        let line = regex::Regex::new(concat!(
            r"(?m)^[\s\x{feff}]*(?:export[\s\x{feff}]+)?([A-Za-z0-9_.-]+)(?:[\s\x{feff}]*=[\s\x{feff}]*?|:[\s\x{feff}]+?)",
            r#"([\s\x{feff}]*'(?:\\'|[^'])*'|[\s\x{feff}]*"(?:\\"|[^"])*"|[\s\x{feff}]*`(?:\\`|[^`])*`|[^#\r\n]+)?"#,
            r"[\s\x{feff}]*(?:#[^\n\r\x{2028}\x{2029}]*)?$"
        ))
        .unwrap();
        let text = text.replace("\r\n", "\n").replace('\r', "\n");
        line.captures_iter(&text)
            .map(|c| {
                let value = c.get(2).map_or("", |m| m.as_str());
                let value = value.trim_matches(js_space);
                let mut out = strip_quotes(value);
                if value.starts_with('"') {
                    out = out.replace("\\n", "\n").replace("\\r", "\r");
                }
                (c[1].to_owned(), Some(out))
            })
            .collect()
    }

    proptest::proptest! {
        /// compose reads a generated line as its rules say each piece reads.
        #[test]
        fn compose_reads_generated_lines_as_its_rules_say(
            indent in "[ \t]{0,2}",
            export in proptest::bool::ANY,
            key in "[A-Za-z_][A-Za-z0-9_.-]{0,8}",
            sep in proptest::sample::select(vec!["=", " = ", "= ", ": "]),
            quoted in proptest::bool::ANY,
            pieces in proptest::collection::vec(compose_piece(), 0..5),
            plain in "([a-zA-Z0-9=:/._-][a-zA-Z0-9=:/._'\"-]{0,5})?( [a-z]{1,3}){0,2}",
            comment in proptest::option::of("[a-z #]{0,5}"),
            ending in proptest::sample::select(vec!["\n", "\r\n"]),
        ) {
            let comment = comment.map(|c| format!(" #{c}")).unwrap_or_default();
            let (written, want) = if quoted {
                let written: String = pieces.iter().map(|p| p.0.as_str()).collect();
                let want: String = pieces.iter().map(|p| p.1.as_str()).collect();
                (format!("\"{written}\"{comment}"), want)
            } else {
                // The rest of the line, less the blanks after the separator, up to the
                // first ` #`, less trailing blanks.
                let line = format!("{plain}{comment}");
                let rest = line.trim_start_matches([' ', '\t']);
                let rest = rest.find(" #").map_or(rest, |i| &rest[..i]);
                (line.clone(), rest.trim_end().to_owned())
            };
            let mut text = format!("{indent}{}{key}{sep}{written}", if export { "export " } else { "" });
            text.push_str(ending);
            text.push_str("NEXT=1\n");
            let got = scanned(Dialect::Compose, &text);
            proptest::prop_assert_eq!(
                got,
                vec![(key.clone(), Some(want)), ("NEXT".to_owned(), Some("1".to_owned()))],
                "{:?}", text
            );
        }

        /// Node's reader agrees with its expression on generated files.
        #[test]
        fn node_agrees_with_its_expression(
            lines in proptest::collection::vec(
                proptest::prop_oneof![
                    "[ \t]{0,2}(export )?[A-Za-z_.-]{1,5}[ \t]{0,1}(=|: ?)[ \t]{0,1}['\"`]?[a-z #'\"`\\\\]{0,8}['\"`]?[ \t]{0,1}(#[a-z ]{0,3})?",
                    "#[ a-zA-Z=]{0,8}",
                    "[a-z ]{0,6}",
                ],
                0..8,
            ),
            ending in proptest::sample::select(vec!["\n", "\r\n", "\r"]),
        ) {
            let text = lines.join(ending);
            proptest::prop_assert_eq!(scanned(Dialect::Node, &text), node_oracle(&text), "{:?}", text);
        }
    }
}
