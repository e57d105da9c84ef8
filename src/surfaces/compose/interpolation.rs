//! Compose variable interpolation as compose-go's `template` package reads it: `$NAME`,
//! `${NAME}`, `${NAME:-d}`, `${NAME-d}`, `${NAME:?m}`, `${NAME?m}`, `${NAME:+a}`,
//! `${NAME+a}`; `$$` is a literal `$`, as is a `$` before anything else.
//!
//! compose-go finds `${` with a regular expression that cannot cross a line, then cuts the
//! body at its first balanced `}`, counting every `{` and `}` from the `${` on (and, as it
//! does, not counting the character right after a `{`); without a balanced one, the body
//! runs to the line's last `}`. The argument after the operator is interpolated in turn:
//! nested reads are reads. A `${` compose cannot read (`${}`, `${ foo}`, `${foo!}`, no `}`
//! on its line) makes compose refuse the file: it is reported, and scanning goes on.

use crate::source::Span;

/// One interpolation, spans absolute.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Interpolation {
    pub name: String,
    pub name_span: Span,
    /// The whole `${...}` or `$NAME`.
    pub span: Span,
    pub op: Op,
    /// The text after the operator (default, message or alternative), when there is one.
    pub arg: Option<Span>,
}

/// The operator of a braced interpolation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Op {
    /// `${V}` or `$V`.
    Plain,
    /// `${V:-d}`: `d` when unset or empty.
    DefaultIfEmpty,
    /// `${V-d}`: `d` when unset.
    DefaultIfUnset,
    /// `${V:?m}` / `${V?m}`: an error when unset (or empty).
    Required,
    /// `${V:+a}` / `${V+a}`: `a` when set.
    Alternative,
}

/// What may follow the name in `${NAME…`, two-byte operators first (`:-` before `-`).
const OPERATORS: [(&str, Op); 6] = [
    (":-", Op::DefaultIfEmpty),
    (":?", Op::Required),
    (":+", Op::Alternative),
    ("-", Op::DefaultIfUnset),
    ("?", Op::Required),
    ("+", Op::Alternative),
];

impl Op {
    /// Whether the argument is the value used in place of the variable.
    pub fn states_default(self) -> bool {
        matches!(self, Self::DefaultIfEmpty | Self::DefaultIfUnset)
    }
}

/// A template compose refuses, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Invalid {
    pub span: Span,
    pub reason: &'static str,
}

const NO_NAME: &str = "a name (a letter or `_`, then letters, digits or `_`) must follow `${`";
const NO_OPERATOR: &str =
    "the name must be followed by `}` or one of `:-`, `-`, `:?`, `?`, `:+`, `+`";
const UNCLOSED: &str = "`${` has no closing `}` on its line";

/// The interpolations in `text[range]` (offsets absolute), nested ones included, in order
/// of their `$`, and the templates compose refuses. One pass per line with a stack of the
/// `${` still open, so nesting costs neither recursion nor rescanning.
pub fn scan(text: &str, range: Span) -> (Vec<Interpolation>, Vec<Invalid>) {
    let mut out = Vec::new();
    let mut invalid = Vec::new();
    let mut start = range.start;
    while start < range.end {
        let end = memchr::memchr(b'\n', &text.as_bytes()[start..range.end])
            .map_or(range.end, |i| start + i);
        line(text, start..end, &mut out, &mut invalid);
        start = end + 1;
    }
    out.sort_by_key(|i| i.span.start);
    invalid.sort_by_key(|i| i.span.start);
    (out, invalid)
}

/// A `${NAME op` whose `}` is still to come.
struct Open {
    dollar: usize,
    name_end: usize,
    op: Op,
    arg_start: usize,
    /// The brace count before its `{`: its `}` is the one that brings the count back.
    depth: i64,
}

fn line(text: &str, range: Span, out: &mut Vec<Interpolation>, invalid: &mut Vec<Invalid>) {
    let b = text.as_bytes();
    let mut open: Vec<Open> = Vec::new();
    let mut depth: i64 = 0;
    // compose-go does not count the character right after a counted `{`.
    let mut uncounted = usize::MAX;
    let mut p = range.start;
    while p < range.end {
        match b[p] {
            b'{' if p != uncounted => {
                depth += 1;
                uncounted = p + 1;
                p += 1;
            }
            b'}' if p != uncounted => {
                depth -= 1;
                if open.last().is_some_and(|o| o.depth == depth) {
                    let o = open.pop().expect("checked");
                    out.push(close(text, &o, p));
                }
                p += 1;
            }
            b'$' if p + 1 < range.end => match b[p + 1] {
                b'$' => p += 2,
                b'{' => {
                    let name_end = name_end(b, p + 2, range.end);
                    if p + 2 >= range.end {
                        invalid.push(Invalid {
                            span: p..p + 2,
                            reason: UNCLOSED,
                        });
                        break;
                    }
                    if name_end == p + 2 {
                        invalid.push(Invalid {
                            span: p..body_end(b, p, range.end),
                            reason: NO_NAME,
                        });
                        // The `{` is counted as any other.
                        p += 1;
                        continue;
                    }
                    if b.get(name_end) == Some(&b'}') && name_end < range.end {
                        out.push(Interpolation {
                            name: text[p + 2..name_end].to_owned(),
                            name_span: p + 2..name_end,
                            span: p..name_end + 1,
                            op: Op::Plain,
                            arg: None,
                        });
                        p = name_end + 1;
                        continue;
                    }
                    let rest = &text[name_end..range.end];
                    let Some(&(written, op)) = OPERATORS.iter().find(|(o, _)| rest.starts_with(o))
                    else {
                        invalid.push(Invalid {
                            span: p..body_end(b, p, range.end),
                            reason: NO_OPERATOR,
                        });
                        p += 1;
                        continue;
                    };
                    open.push(Open {
                        dollar: p,
                        name_end,
                        op,
                        arg_start: name_end + written.len(),
                        depth,
                    });
                    // Its `{`, counted; the character after it is the name's.
                    depth += 1;
                    p = name_end + written.len();
                }
                c if c.is_ascii_alphabetic() || c == b'_' => {
                    let end = name_end(b, p + 1, range.end);
                    out.push(Interpolation {
                        name: text[p + 1..end].to_owned(),
                        name_span: p + 1..end,
                        span: p..end,
                        op: Op::Plain,
                        arg: None,
                    });
                    p = end;
                }
                _ => p += 1,
            },
            _ => p += 1,
        }
    }
    unbalanced(text, &range, &open, out, invalid);
}

/// The `${` left open at the end of a line. compose-go's expression then runs the outermost
/// one to the line's last `}` (its argument is everything before it, and what opens in
/// there without closing before it is refused); with no `}` after it, it is refused.
fn unbalanced(
    text: &str,
    range: &Span,
    open: &[Open],
    out: &mut Vec<Interpolation>,
    invalid: &mut Vec<Invalid>,
) {
    let Some(outer) = open.first() else {
        return;
    };
    let b = text.as_bytes();
    let last = memchr::memrchr(b'}', &b[outer.arg_start..range.end]).map(|i| outer.arg_start + i);
    let inner_from = match last {
        Some(last) => {
            // An interpolation inside that closed at that `}` has lost it to the outer one.
            let taken: Vec<usize> = out
                .iter()
                .enumerate()
                .filter(|(_, i)| i.span.start > outer.dollar && i.span.end == last + 1)
                .map(|(k, _)| k)
                .collect();
            for k in taken.into_iter().rev() {
                let i = out.remove(k);
                invalid.push(Invalid {
                    span: i.span.start..i.span.end - 1,
                    reason: UNCLOSED,
                });
            }
            out.push(close(text, outer, last));
            1
        }
        None => 0,
    };
    for o in &open[inner_from..] {
        invalid.push(Invalid {
            span: o.dollar..o.arg_start,
            reason: UNCLOSED,
        });
    }
}

fn close(text: &str, o: &Open, at: usize) -> Interpolation {
    Interpolation {
        name: text[o.dollar + 2..o.name_end].to_owned(),
        name_span: o.dollar + 2..o.name_end,
        span: o.dollar..at + 1,
        op: o.op,
        arg: Some(o.arg_start..at),
    }
}

/// Where a refused `${…` is shown to end: at its line's next `}`, else after `${`.
fn body_end(b: &[u8], dollar: usize, end: usize) -> usize {
    memchr::memchr(b'}', &b[dollar..end]).map_or((dollar + 2).min(end), |i| dollar + i + 1)
}

/// The end of a name `[A-Za-z_][A-Za-z0-9_]*` starting at `start` (`start` when none).
fn name_end(bytes: &[u8], start: usize, stop: usize) -> usize {
    if start >= stop || !(bytes[start].is_ascii_alphabetic() || bytes[start] == b'_') {
        return start;
    }
    let mut p = start + 1;
    while p < stop && (bytes[p].is_ascii_alphanumeric() || bytes[p] == b'_') {
        p += 1;
    }
    p
}

/// What compose-go makes of `template` with the variables in `vars` (name, value), as its
/// `Substitute` does: the result, or that it refuses the template. The reference the
/// conformance tests compare against compose-go's own cases; it reads values through
/// [`scan`], so it checks the scanner's spans as well.
pub fn substitute(template: &str, vars: &[(&str, &str)]) -> Result<String, String> {
    let lookup = |name: &str| vars.iter().find(|(n, _)| *n == name).map(|(_, v)| *v);
    let (found, invalid) = scan(template, 0..template.len());
    if let Some(i) = invalid.first() {
        return Err(format!("invalid template: {}", i.reason));
    }
    // Outermost interpolations, in order; each one's argument is substituted in turn.
    let mut out = String::new();
    let mut p = 0;
    let outer = found.iter().filter(|i| {
        !found
            .iter()
            .any(|o| o.span.start < i.span.start && i.span.end <= o.span.end)
    });
    let literal = |s: &str| {
        let mut t = String::with_capacity(s.len());
        let mut chars = s.chars().peekable();
        while let Some(c) = chars.next() {
            t.push(c);
            if c == '$' && chars.peek() == Some(&'$') {
                chars.next();
            }
        }
        t
    };
    for i in outer {
        out.push_str(&literal(&template[p..i.span.start]));
        let value = lookup(&i.name);
        let arg = || {
            i.arg
                .clone()
                .map_or(Ok(String::new()), |a| substitute(&template[a], vars))
        };
        let replaced = match i.op {
            Op::Plain => value.unwrap_or_default().to_owned(),
            Op::DefaultIfEmpty => match value {
                Some(v) if !v.is_empty() => v.to_owned(),
                _ => arg()?,
            },
            Op::DefaultIfUnset => match value {
                Some(v) => v.to_owned(),
                None => arg()?,
            },
            Op::Required => {
                let message = arg()?;
                let empty_fails = template[i.name_span.end..].starts_with(':');
                match value {
                    Some(v) if !(empty_fails && v.is_empty()) => v.to_owned(),
                    _ if message.is_empty() => {
                        return Err(format!("required variable {} is missing a value", i.name));
                    }
                    _ => {
                        return Err(format!(
                            "required variable {} is missing a value: {message}",
                            i.name
                        ));
                    }
                }
            }
            Op::Alternative => {
                let empty_counts = !template[i.name_span.end..].starts_with(':');
                match value {
                    Some(v) if empty_counts || !v.is_empty() => arg()?,
                    Some(v) => v.to_owned(),
                    None => String::new(),
                }
            }
        };
        out.push_str(&replaced);
        p = i.span.end;
    }
    out.push_str(&literal(&template[p..]));
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Name, operator and argument text of an interpolation.
    type Found = (String, Op, Option<String>);

    /// (name, op, arg text) of each interpolation in `text`.
    fn found(text: &str) -> Vec<Found> {
        let (all, invalid) = scan(text, 0..text.len());
        assert!(invalid.is_empty(), "{text}: {invalid:?}");
        all.into_iter()
            .map(|i| {
                assert_eq!(&text[i.name_span.clone()], i.name);
                (i.name, i.op, i.arg.map(|a| text[a].to_owned()))
            })
            .collect()
    }

    fn one(name: &str, op: Op, arg: Option<&str>) -> Vec<Found> {
        vec![(name.to_owned(), op, arg.map(str::to_owned))]
    }

    #[test]
    fn forms() {
        let cases: &[(&str, Vec<Found>)] = &[
            ("${V}", one("V", Op::Plain, None)),
            ("$V", one("V", Op::Plain, None)),
            ("x$V/y", one("V", Op::Plain, None)),
            ("${V:-6333}", one("V", Op::DefaultIfEmpty, Some("6333"))),
            ("${V-6333}", one("V", Op::DefaultIfUnset, Some("6333"))),
            ("${V:-}", one("V", Op::DefaultIfEmpty, Some(""))),
            ("${V:?set it}", one("V", Op::Required, Some("set it"))),
            ("${V?set it}", one("V", Op::Required, Some("set it"))),
            ("${V:+on}", one("V", Op::Alternative, Some("on"))),
            ("${V+on}", one("V", Op::Alternative, Some("on"))),
            ("$$V", vec![]),
            ("$${V}", vec![]),
            ("$$$V", one("V", Op::Plain, None)),
            ("cost: 5$", vec![]),
            ("a $ string", vec![]),
            ("$1", vec![]),
            ("$}", vec![]),
            // The body is cut at its first balanced `}`.
            (
                "${X:-{\"a\":1}}",
                one("X", Op::DefaultIfEmpty, Some("{\"a\":1}")),
            ),
            ("${X:-baz} }}}", one("X", Op::DefaultIfEmpty, Some("baz"))),
            (
                "${X:-foo?bar?value}",
                one("X", Op::DefaultIfEmpty, Some("foo?bar?value")),
            ),
            (
                "${X-myerror?msg}",
                one("X", Op::DefaultIfUnset, Some("myerror?msg")),
            ),
            ("${X?bar-baz}", one("X", Op::Required, Some("bar-baz"))),
            (
                "${EXPOSE-:80:80}",
                one("EXPOSE", Op::DefaultIfUnset, Some(":80:80")),
            ),
            // Without a balanced `}`, the body runs to the line's last `}`.
            ("${X:-{}}", one("X", Op::DefaultIfEmpty, Some("{}"))),
        ];
        for (text, want) in cases {
            assert_eq!(&found(text), want, "{text}");
        }
    }

    #[test]
    fn several_and_nested() {
        let text = "${QDRANT_BIND_HOST:-127.0.0.1}:${QDRANT_PORT:-6333}:6333";
        let f = found(text);
        assert_eq!(f.len(), 2);
        assert_eq!(
            f[1],
            one("QDRANT_PORT", Op::DefaultIfEmpty, Some("6333"))[0]
        );
        let nested = found("${A:-${B:-x}}");
        assert_eq!(nested[0].2.as_deref(), Some("${B:-x}"));
        assert_eq!(nested[1], one("B", Op::DefaultIfEmpty, Some("x"))[0]);
        let f = found("${FOO:-${BAR:-x}_test_${BAR:-y}}");
        assert_eq!(f.len(), 3);
        assert_eq!(f[0].2.as_deref(), Some("${BAR:-x}_test_${BAR:-y}"));
    }

    #[test]
    fn what_compose_refuses_is_reported_where_it_is() {
        for (text, span, reason) in [
            ("${", 0..2, UNCLOSED),
            ("${}", 0..3, NO_NAME),
            ("${ }", 0..4, NO_NAME),
            ("${ foo}", 0..7, NO_NAME),
            ("${foo }", 0..7, NO_OPERATOR),
            ("${foo!}", 0..7, NO_OPERATOR),
            ("${foo:bar}", 0..10, NO_OPERATOR),
            ("ab ${V:-x", 3..8, UNCLOSED),
            ("x ${A:-${B:-${C", 2..7, UNCLOSED),
        ] {
            let (_, invalid) = scan(text, 0..text.len());
            let first = invalid
                .first()
                .unwrap_or_else(|| panic!("{text}: accepted"));
            assert_eq!((first.span.clone(), first.reason), (span, reason), "{text}");
        }
        // The rest of the value is still read.
        let (found, invalid) = scan("${foo!} $BAR", 0..12);
        assert_eq!(invalid.len(), 1);
        assert_eq!(found[0].name, "BAR");
        // A default does not go on to the next line.
        let (found, invalid) = scan("${A:-x\n}", 0..8);
        assert!(found.is_empty());
        assert_eq!(invalid[0].reason, UNCLOSED);
    }

    #[test]
    fn deep_nesting_is_one_pass() {
        // 100,000 levels: a recursive scan overflowed the stack (and rescanned each level).
        let n = 100_000;
        let text = format!("{}x{}", "${A:-".repeat(n), "}".repeat(n));
        let (all, invalid) = scan(&text, 0..text.len());
        assert!(invalid.is_empty());
        assert_eq!(all.len(), n);
        assert!(all.windows(2).all(|w| w[0].span.start < w[1].span.start));
        assert_eq!(all[n - 1].span, 5 * (n - 1)..text.len() - (n - 1));
    }

    #[test]
    fn spans_are_absolute() {
        let text = "é: \"${QDRANT_PORT:-6333}\"";
        let (all, _) = scan(text, 5..text.len() - 1);
        assert_eq!(&text[all[0].name_span.clone()], "QDRANT_PORT");
        assert_eq!(&text[all[0].arg.clone().unwrap()], "6333");
    }
}
