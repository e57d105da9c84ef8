//! Compose variable interpolation: `${V}`, `${V:-d}`, `${V-d}`, `${V:?m}`, `${V?m}`,
//! `${V:+a}`, `${V+a}` and `$V`; `$$` is a literal `$`.

use crate::source::Span;

/// One interpolation, spans absolute.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Interpolation {
    pub name: String,
    pub name_span: Span,
    /// The whole `${...}` or `$V`.
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

impl Op {
    /// Whether the argument is the value used in place of the variable.
    pub fn states_default(self) -> bool {
        matches!(self, Self::DefaultIfEmpty | Self::DefaultIfUnset)
    }
}

/// A `${` without its closing `}`, at this offset.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unclosed(pub usize);

/// The interpolations in `text[range]` (offsets absolute), nested ones (inside a default)
/// included, in order of their `$`.
pub fn scan(text: &str, range: Span) -> Result<Vec<Interpolation>, Unclosed> {
    let mut out = Vec::new();
    scan_into(text, range, &mut out)?;
    Ok(out)
}

fn scan_into(text: &str, range: Span, out: &mut Vec<Interpolation>) -> Result<(), Unclosed> {
    let bytes = text.as_bytes();
    let mut p = range.start;
    while p < range.end {
        if bytes[p] != b'$' {
            p += 1;
            continue;
        }
        match bytes.get(p + 1).filter(|_| p + 1 < range.end) {
            Some(b'$') => p += 2,
            Some(b'{') => {
                let close = closing_brace(bytes, p + 2, range.end).ok_or(Unclosed(p))?;
                let name_end = name_end(bytes, p + 2, close);
                if name_end == p + 2 {
                    // `${}` or `${1}`: compose rejects it; not a variable.
                    p = close + 1;
                    continue;
                }
                let rest = &text[name_end..close];
                let (op, skip) = if rest.is_empty() {
                    (Op::Plain, 0)
                } else if rest.starts_with(":-") {
                    (Op::DefaultIfEmpty, 2)
                } else if rest.starts_with(":?") {
                    (Op::Required, 2)
                } else if rest.starts_with(":+") {
                    (Op::Alternative, 2)
                } else if rest.starts_with('-') {
                    (Op::DefaultIfUnset, 1)
                } else if rest.starts_with('?') {
                    (Op::Required, 1)
                } else if rest.starts_with('+') {
                    (Op::Alternative, 1)
                } else {
                    // `${V%x}` and the like: not compose syntax; take the name only.
                    (Op::Plain, rest.len())
                };
                let arg = (op != Op::Plain).then_some(name_end + skip..close);
                out.push(Interpolation {
                    name: text[p + 2..name_end].to_owned(),
                    name_span: p + 2..name_end,
                    span: p..close + 1,
                    op,
                    arg: arg.clone(),
                });
                if let Some(arg) = arg {
                    scan_into(text, arg, out)?;
                }
                p = close + 1;
            }
            Some(_) => {
                let end = name_end(bytes, p + 1, range.end);
                if end > p + 1 {
                    out.push(Interpolation {
                        name: text[p + 1..end].to_owned(),
                        name_span: p + 1..end,
                        span: p..end,
                        op: Op::Plain,
                        arg: None,
                    });
                }
                p = end.max(p + 1);
            }
            None => p += 1,
        }
    }
    Ok(())
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

/// The `}` closing a `${` whose body starts at `start`, counting nested `${`.
fn closing_brace(bytes: &[u8], start: usize, stop: usize) -> Option<usize> {
    let mut depth = 0usize;
    let mut p = start;
    while p < stop {
        match bytes[p] {
            b'$' if bytes.get(p + 1) == Some(&b'$') => p += 1,
            b'$' if bytes.get(p + 1) == Some(&b'{') => {
                depth += 1;
                p += 1;
            }
            b'}' if depth == 0 => return Some(p),
            b'}' => depth -= 1,
            _ => {}
        }
        p += 1;
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Name, operator and argument text of an interpolation.
    type Found = (String, Op, Option<String>);

    /// (name, op, arg text) of each interpolation in `text`.
    fn found(text: &str) -> Vec<Found> {
        scan(text, 0..text.len())
            .expect("closed")
            .into_iter()
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
            ("${}", vec![]),
            ("$1", vec![]),
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
    }

    #[test]
    fn an_unclosed_brace_is_reported_at_its_dollar() {
        assert_eq!(scan("ab ${V:-x", 0..9), Err(Unclosed(3)));
    }

    #[test]
    fn spans_are_absolute() {
        let text = "é: \"${QDRANT_PORT:-6333}\"";
        let i = &scan(text, 5..text.len() - 1).unwrap()[0];
        assert_eq!(&text[i.name_span.clone()], "QDRANT_PORT");
        assert_eq!(&text[i.arg.clone().unwrap()], "6333");
    }
}
