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

/// What may follow the name in `${NAME…`, two-byte operators first (`:-` before `-`);
/// a `}` right after the name is no operator.
const OPERATORS: [(&str, Op); 7] = [
    ("}", Op::Plain),
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

/// A `${` without its closing `}`, at this offset.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unclosed(pub usize);

/// The interpolations in `text[range]` (offsets absolute), nested ones (inside a default)
/// included, in order of their `$`. One pass with a stack of the `${` still open, so
/// nesting costs neither recursion nor rescanning.
pub fn scan(text: &str, range: Span) -> Result<Vec<Interpolation>, Unclosed> {
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    let mut open: Vec<Open> = Vec::new();
    let mut p = range.start;
    while p < range.end {
        // Inside `${}`, `${1…}` or after `${V%`, nothing is read but the braces.
        let reading = open.last().is_none_or(|o| o.reads_inside);
        match bytes[p] {
            b'}' if !open.is_empty() => {
                let o = open.pop().expect("not empty");
                if let Some(name_end) = o.name_end {
                    out.push(Interpolation {
                        name: text[o.dollar + 2..name_end].to_owned(),
                        name_span: o.dollar + 2..name_end,
                        span: o.dollar..p + 1,
                        op: o.op,
                        arg: (o.op != Op::Plain).then_some(o.arg_start..p),
                    });
                }
                p += 1;
            }
            b'$' => match bytes.get(p + 1).filter(|_| p + 1 < range.end) {
                Some(b'$') => p += 2,
                Some(b'{') => {
                    let o = if reading {
                        Open::braced(text, p, range.end)
                    } else {
                        Open::skipped(p)
                    };
                    p = o.arg_start;
                    open.push(o);
                }
                Some(_) if reading => {
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
                _ => p += 1,
            },
            _ => p += 1,
        }
    }
    if let Some(o) = open.first() {
        return Err(Unclosed(o.dollar));
    }
    out.sort_by_key(|i| i.span.start);
    Ok(out)
}

/// A `${` whose `}` is still to come.
struct Open {
    dollar: usize,
    /// The end of its name; `None` for `${}`, `${1}` and `${` inside those.
    name_end: Option<usize>,
    op: Op,
    /// Where its argument (or its body, when it has no operator) starts.
    arg_start: usize,
    /// Whether interpolations inside it are read (in an argument; not after `${V%`).
    reads_inside: bool,
}

impl Open {
    /// The `${` at `dollar`: its name and operator.
    fn braced(text: &str, dollar: usize, stop: usize) -> Self {
        let name_end = name_end(text.as_bytes(), dollar + 2, stop);
        if name_end == dollar + 2 {
            // `${}` or `${1}`: compose rejects it; not a variable.
            return Self::skipped(dollar);
        }
        let rest = &text[name_end..stop];
        let Some(&(written, op)) = OPERATORS.iter().find(|(o, _)| rest.starts_with(o)) else {
            // `${V%x}` and the like: not compose syntax; take the name only.
            return Self {
                name_end: Some(name_end),
                arg_start: name_end,
                ..Self::skipped(dollar)
            };
        };
        let skip = if op == Op::Plain { 0 } else { written.len() };
        Self {
            dollar,
            name_end: Some(name_end),
            op,
            arg_start: name_end + skip,
            reads_inside: op != Op::Plain,
        }
    }

    /// A `${` at `dollar` that is no variable, or inside one whose body is not read.
    fn skipped(dollar: usize) -> Self {
        Self {
            dollar,
            name_end: None,
            op: Op::Plain,
            arg_start: dollar + 2,
            reads_inside: false,
        }
    }
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
        // The outermost `${` left open, however deep the one inside it.
        assert_eq!(scan("${A:-${B}", 0..9), Err(Unclosed(0)));
        assert_eq!(scan("x ${A:-${B:-${C", 0..15), Err(Unclosed(2)));
    }

    #[test]
    fn what_is_not_a_variable_hides_what_it_holds() {
        // `${1…}` and `${V%…}` are not read inside, but their braces still pair.
        assert_eq!(found("${1:-$A} $B"), one("B", Op::Plain, None));
        assert_eq!(
            found("${V%${A}} ${B}"),
            vec![
                ("V".to_owned(), Op::Plain, None),
                ("B".to_owned(), Op::Plain, None)
            ]
        );
    }

    #[test]
    fn deep_nesting_is_one_pass() {
        // 100,000 levels: a recursive scan overflowed the stack (and rescanned each level).
        let n = 100_000;
        let text = format!("{}x{}", "${A:-".repeat(n), "}".repeat(n));
        let all = scan(&text, 0..text.len()).expect("closed");
        assert_eq!(all.len(), n);
        assert!(all.windows(2).all(|w| w[0].span.start < w[1].span.start));
        assert_eq!(all[n - 1].span, 5 * (n - 1)..text.len() - (n - 1));
    }

    #[test]
    fn spans_are_absolute() {
        let text = "é: \"${QDRANT_PORT:-6333}\"";
        let i = &scan(text, 5..text.len() - 1).unwrap()[0];
        assert_eq!(&text[i.name_span.clone()], "QDRANT_PORT");
        assert_eq!(&text[i.arg.clone().unwrap()], "6333");
    }
}
