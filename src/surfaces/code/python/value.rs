//! The values the Python evaluator knows, where each came from, and Python's semantics of
//! the built-ins configuration code applies to them (`int`, `float`, `str`, `bool`, the
//! string methods, truthiness, comparisons).

use std::sync::Arc;

use crate::source::Span;
pub use crate::surfaces::code::Src;

/// A Python value, or `Unknown` when the evaluator cannot tell.
#[derive(Debug, Clone, PartialEq)]
pub enum PyVal {
    None,
    Bool(bool),
    Int(i64),
    Float(f64),
    Str(String),
    /// A list, tuple or set literal of known elements.
    List(Arc<[Value]>),
    Unknown,
}

/// A value, where it came from, and whether the variable under evaluation decided it.
#[derive(Debug, Clone, PartialEq)]
pub struct Value {
    pub val: PyVal,
    pub src: Src,
    pub env: bool,
}

impl Value {
    pub fn unknown(env: bool) -> Self {
        Self {
            val: PyVal::Unknown,
            src: Src::Env,
            env,
        }
    }

    pub fn code(val: PyVal, span: Span) -> Self {
        Self {
            val,
            src: Src::Code { span, def: None },
            env: false,
        }
    }

    /// `val`, made from `self` by an operation that keeps its origin.
    pub fn with(&self, val: PyVal) -> Self {
        Self {
            val,
            src: self.src.clone(),
            env: self.env,
        }
    }

    #[must_use]
    pub fn depending(mut self, env: bool) -> Self {
        self.env |= env;
        self
    }

    pub fn is_unknown(&self) -> bool {
        self.val == PyVal::Unknown
    }
}

impl PyVal {
    /// Python's truth value.
    pub fn truthy(&self) -> Option<bool> {
        Some(match self {
            Self::None => false,
            Self::Bool(b) => *b,
            Self::Int(i) => *i != 0,
            Self::Float(f) => *f != 0.0,
            Self::Str(s) => !s.is_empty(),
            Self::List(items) => !items.is_empty(),
            Self::Unknown => return None,
        })
    }

    /// `==` between two known values (`1 == 1.0`, `True == 1`).
    pub fn equals(&self, other: &Self) -> Option<bool> {
        Some(match (self, other) {
            (Self::Unknown, _) | (_, Self::Unknown) => return None,
            (Self::None, Self::None) => true,
            (Self::Str(a), Self::Str(b)) => a == b,
            (Self::List(a), Self::List(b)) => {
                if a.len() != b.len() {
                    return Some(false);
                }
                for (x, y) in a.iter().zip(b.iter()) {
                    if !x.val.equals(&y.val)? {
                        return Some(false);
                    }
                }
                true
            }
            (a, b) => match (a.number(), b.number()) {
                (Some(x), Some(y)) => x.total_cmp(&y).is_eq() || (x - y).abs() < f64::EPSILON,
                _ => false,
            },
        })
    }

    /// A number's value (`bool` is an `int`).
    pub fn number(&self) -> Option<f64> {
        #[allow(
            clippy::cast_precision_loss,
            reason = "configuration numbers are small"
        )]
        match self {
            Self::Bool(b) => Some(f64::from(u8::from(*b))),
            Self::Int(i) => Some(*i as f64),
            Self::Float(f) => Some(*f),
            _ => None,
        }
    }

    /// `x in container`.
    pub fn within(&self, container: &Self) -> Option<bool> {
        match container {
            Self::List(items) => {
                let mut unknown = false;
                for i in items.iter() {
                    match self.equals(&i.val) {
                        Some(true) => return Some(true),
                        Some(false) => {}
                        None => unknown = true,
                    }
                }
                (!unknown).then_some(false)
            }
            Self::Str(s) => match self {
                Self::Str(needle) => Some(s.contains(needle.as_str())),
                _ => None,
            },
            _ => None,
        }
    }

    /// `str(x)`.
    pub fn to_text(&self) -> Option<String> {
        Some(match self {
            Self::None => "None".to_owned(),
            Self::Bool(true) => "True".to_owned(),
            Self::Bool(false) => "False".to_owned(),
            Self::Int(i) => i.to_string(),
            Self::Float(f) => float_text(*f),
            Self::Str(s) => s.clone(),
            Self::List(_) | Self::Unknown => return None,
        })
    }
}

/// A float as Python prints it: `5.0`, `0.05`, `1e+20`.
pub fn float_text(f: f64) -> String {
    if f.is_finite() && f.fract() == 0.0 && f.abs() < 1e16 {
        format!("{f:.1}")
    } else {
        let s = format!("{f}");
        if f.is_nan() { "nan".to_owned() } else { s }
    }
}

/// `int(text)`: blanks around, a sign, digits with `_` between them; `None` where Python
/// raises.
pub fn parse_int(text: &str) -> Option<i64> {
    let t = text.trim();
    let (neg, digits) = match t.strip_prefix('-') {
        Some(d) => (true, d),
        None => (false, t.strip_prefix('+').unwrap_or(t)),
    };
    if digits.is_empty()
        || digits.starts_with('_')
        || digits.ends_with('_')
        || digits.contains("__")
        || !digits.chars().all(|c| c.is_ascii_digit() || c == '_')
    {
        return None;
    }
    let n: i64 = digits.replace('_', "").parse().ok()?;
    Some(if neg { -n } else { n })
}

/// `float(text)`; `None` where Python raises.
pub fn parse_float(text: &str) -> Option<f64> {
    let t = text.trim();
    let lower = t.to_ascii_lowercase();
    match lower.trim_start_matches(['+', '-']) {
        "inf" | "infinity" | "nan" => {}
        s if s.is_empty() || s.contains("__") || s.starts_with('_') || s.ends_with('_') => {
            return None;
        }
        _ => {}
    }
    t.replace('_', "").parse().ok()
}

/// How pydantic reads a `bool` from text: `1/true/yes/on/t/y` and their negatives, any case.
pub fn pydantic_bool(text: &str) -> Option<bool> {
    match text.trim().to_ascii_lowercase().as_str() {
        "1" | "true" | "yes" | "on" | "t" | "y" => Some(true),
        "0" | "false" | "no" | "off" | "f" | "n" => Some(false),
        _ => None,
    }
}

/// A string method configuration code calls, on a known string; `None` for any other.
pub fn string_method(s: &str, name: &str, args: &[PyVal]) -> Option<PyVal> {
    let arg = |i: usize| match args.get(i) {
        Some(PyVal::Str(a)) => Some(a.as_str()),
        _ => None,
    };
    Some(match (name, args.len()) {
        ("lower" | "casefold", 0) => PyVal::Str(s.to_lowercase()),
        ("upper", 0) => PyVal::Str(s.to_uppercase()),
        ("strip", 0) => PyVal::Str(s.trim().to_owned()),
        ("lstrip", 0) => PyVal::Str(s.trim_start().to_owned()),
        ("rstrip", 0) => PyVal::Str(s.trim_end().to_owned()),
        ("strip", 1) => PyVal::Str(
            s.trim_matches(|c| arg(0).is_some_and(|a| a.contains(c)))
                .to_owned(),
        ),
        ("startswith", 1) => PyVal::Bool(s.starts_with(arg(0)?)),
        ("endswith", 1) => PyVal::Bool(s.ends_with(arg(0)?)),
        ("replace", 2) => PyVal::Str(s.replace(arg(0)?, arg(1)?)),
        ("isdigit" | "isnumeric", 0) => {
            PyVal::Bool(!s.is_empty() && s.chars().all(|c| c.is_ascii_digit()))
        }
        ("split", 1) => {
            let sep = arg(0)?;
            if sep.is_empty() {
                return None;
            }
            PyVal::List(
                s.split(sep)
                    .map(|p| Value {
                        val: PyVal::Str(p.to_owned()),
                        src: Src::Env,
                        env: true,
                    })
                    .collect(),
            )
        }
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn conversions_as_python_makes_them() {
        assert_eq!(parse_int(" 06 "), Some(6));
        assert_eq!(parse_int("1_000"), Some(1000));
        assert_eq!(parse_int("-3"), Some(-3));
        assert_eq!(parse_int("4.2"), None);
        assert_eq!(parse_int(""), None);
        assert_eq!(parse_int("1__0"), None);
        assert_eq!(parse_float("0.5"), Some(0.5));
        assert_eq!(parse_float(" 5 "), Some(5.0));
        assert_eq!(parse_float("abc"), None);
        assert_eq!(float_text(5.0), "5.0");
        assert_eq!(float_text(0.05), "0.05");
        assert_eq!(pydantic_bool("Yes"), Some(true));
        assert_eq!(pydantic_bool("off"), Some(false));
        assert_eq!(pydantic_bool(""), None);
        assert_eq!(pydantic_bool("2"), None);
        assert_eq!(PyVal::Bool(true).equals(&PyVal::Int(1)), Some(true));
        assert_eq!(PyVal::Str("1".into()).equals(&PyVal::Int(1)), Some(false));
    }
}
