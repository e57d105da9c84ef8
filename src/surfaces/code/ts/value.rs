//! The values the TypeScript evaluator knows, where each came from, and the JavaScript
//! semantics of the built-ins configuration code applies to them.

use std::sync::Arc;

use oxc_ecmascript::StringToNumber;
use oxc_syntax::number::ToJsString;

use crate::source::Span;
pub use crate::surfaces::code::{Def, Src};

/// A JavaScript value, or `Unknown` when the evaluator cannot tell.
#[derive(Debug, Clone, PartialEq)]
pub enum Val {
    Undefined,
    Null,
    Bool(bool),
    Num(f64),
    Str(String),
    /// An array literal of known elements.
    Arr(Arc<[Value]>),
    /// An object literal: its static keys and their values.
    Obj(Arc<[(String, Value)]>),
    Unknown,
}

/// A value, where it came from, and whether it depends on the variable under evaluation.
#[derive(Debug, Clone, PartialEq)]
pub struct Value {
    pub val: Val,
    pub src: Src,
    /// Whether the variable's value was consulted to produce it.
    pub env: bool,
}

impl Value {
    pub fn unknown(env: bool) -> Self {
        Self {
            val: Val::Unknown,
            src: Src::Env,
            env,
        }
    }

    pub fn code(val: Val, span: Span) -> Self {
        Self {
            val,
            src: Src::Code { span, def: None },
            env: false,
        }
    }

    /// `val`, produced from `self` by a conversion that keeps its origin.
    pub fn with(&self, val: Val) -> Self {
        Self {
            val,
            src: self.src.clone(),
            env: self.env,
        }
    }

    /// `val`, a test of `self` (and `other`) made at `span`.
    pub fn predicate(val: Val, span: Span, env: bool) -> Self {
        Self {
            val,
            src: Src::Predicate(span),
            env,
        }
    }

    /// Marks the value as chosen by something that depends on the variable.
    #[must_use]
    pub fn depending(mut self, env: bool) -> Self {
        self.env |= env;
        self
    }

    pub fn is_unknown(&self) -> bool {
        self.val == Val::Unknown
    }
}

impl Val {
    /// `ToBoolean`.
    pub fn truthy(&self) -> Option<bool> {
        Some(match self {
            Self::Undefined | Self::Null => false,
            Self::Bool(b) => *b,
            Self::Num(n) => *n != 0.0 && !n.is_nan(),
            Self::Str(s) => !s.is_empty(),
            Self::Arr(_) | Self::Obj(_) => true,
            Self::Unknown => return None,
        })
    }

    pub fn nullish(&self) -> Option<bool> {
        match self {
            Self::Unknown => None,
            v => Some(matches!(v, Self::Undefined | Self::Null)),
        }
    }

    /// `ToNumber` of a primitive.
    pub fn to_number(&self) -> Option<f64> {
        Some(match self {
            Self::Undefined => f64::NAN,
            Self::Null => 0.0,
            Self::Bool(b) => f64::from(u8::from(*b)),
            Self::Num(n) => *n,
            Self::Str(s) => s.trim_end_matches(js_whitespace).string_to_number(),
            Self::Arr(_) | Self::Obj(_) | Self::Unknown => return None,
        })
    }

    /// `ToString` of a primitive.
    pub fn to_str(&self) -> Option<String> {
        Some(match self {
            Self::Undefined => "undefined".to_owned(),
            Self::Null => "null".to_owned(),
            Self::Bool(b) => b.to_string(),
            Self::Num(n) => number_text(*n),
            Self::Str(s) => s.clone(),
            Self::Arr(_) | Self::Obj(_) | Self::Unknown => return None,
        })
    }

    pub fn type_of(&self) -> Option<&'static str> {
        Some(match self {
            Self::Undefined => "undefined",
            Self::Null | Self::Arr(_) | Self::Obj(_) => "object",
            Self::Bool(_) => "boolean",
            Self::Num(_) => "number",
            Self::Str(_) => "string",
            Self::Unknown => return None,
        })
    }

    /// `===`; composite values compare by identity, which the evaluator cannot tell.
    #[allow(clippy::float_cmp, reason = "`===` on numbers is IEEE equality")]
    pub fn strict_eq(&self, other: &Self) -> Option<bool> {
        Some(match (self, other) {
            (Self::Unknown | Self::Arr(_) | Self::Obj(_), _)
            | (_, Self::Unknown | Self::Arr(_) | Self::Obj(_)) => return None,
            // `PartialEq` on `Num` is IEEE equality too: `NaN` is not `NaN`.
            (a, b) => a == b,
        })
    }

    /// `==` on primitives.
    #[allow(clippy::float_cmp, reason = "`==` on numbers is IEEE equality")]
    pub fn loose_eq(&self, other: &Self) -> Option<bool> {
        use Val::{Bool, Null, Num, Str, Undefined};
        match (self, other) {
            (Undefined | Null, Undefined | Null) => Some(true),
            (Undefined | Null, b) | (b, Undefined | Null) => (*b != Self::Unknown).then_some(false),
            (Str(_) | Num(_) | Bool(_), Str(_) | Num(_) | Bool(_))
                if std::mem::discriminant(self) == std::mem::discriminant(other) =>
            {
                self.strict_eq(other)
            }
            (Str(_) | Num(_) | Bool(_), Str(_) | Num(_) | Bool(_)) => {
                Some(self.to_number()? == other.to_number()?)
            }
            _ => None,
        }
    }

    /// `<`, `>`, `<=`, `>=` (`op` one of them) on primitives.
    pub fn relate(&self, other: &Self, op: &str) -> Option<bool> {
        let ord = match (self, other) {
            (Self::Str(a), Self::Str(b)) => Some(a.encode_utf16().cmp(b.encode_utf16())),
            (a, b) => a.to_number()?.partial_cmp(&b.to_number()?),
        };
        let Some(ord) = ord else {
            return Some(false);
        };
        Some(match op {
            "<" => ord.is_lt(),
            ">" => ord.is_gt(),
            "<=" => ord.is_le(),
            _ => ord.is_ge(),
        })
    }
}

/// A number as JavaScript prints it (`30000`, `0.05`, `NaN`).
pub fn number_text(n: f64) -> String {
    if n == 0.0 {
        "0".to_owned()
    } else if n.is_nan() {
        "NaN".to_owned()
    } else if n.is_infinite() {
        if n > 0.0 { "Infinity" } else { "-Infinity" }.to_owned()
    } else {
        n.to_js_string()
    }
}

fn js_whitespace(c: char) -> bool {
    c.is_whitespace() || c == '\u{feff}'
}

/// `parseInt(text, radix)`.
pub fn parse_int(text: &str, radix: Option<f64>) -> f64 {
    let s = text.trim_start_matches(js_whitespace);
    let (negative, s) = match s.as_bytes().first() {
        Some(b'-') => (true, &s[1..]),
        Some(b'+') => (false, &s[1..]),
        _ => (false, s),
    };
    // `ToInt32` of the radix, for the values code writes (0, 2..=36).
    let radix = radix.filter(|r| r.is_finite()).map_or(0.0, f64::trunc);
    if !(radix == 0.0 || (2.0..=36.0).contains(&radix)) {
        return f64::NAN;
    }
    #[allow(clippy::cast_sign_loss, reason = "the radix is 0 or in 2..=36 here")]
    let mut radix = radix as u32;
    let mut s = s;
    if (radix == 0 || radix == 16)
        && let Some(rest) = s.strip_prefix("0x").or_else(|| s.strip_prefix("0X"))
    {
        s = rest;
        radix = 16;
    }
    if radix == 0 {
        radix = 10;
    }
    let digits: Vec<u32> = s.chars().map_while(|c| c.to_digit(radix)).collect();
    if digits.is_empty() {
        return f64::NAN;
    }
    let value = digits.iter().fold(0.0_f64, |acc, &d| {
        acc.mul_add(f64::from(radix), f64::from(d))
    });
    if negative { -value } else { value }
}

/// `parseFloat(text)`: the longest prefix that is a decimal literal.
pub fn parse_float(text: &str) -> f64 {
    let s = text.trim_start_matches(js_whitespace);
    let body = s.strip_prefix(['+', '-']).unwrap_or(s);
    if body.starts_with("Infinity") {
        return if s.starts_with('-') {
            f64::NEG_INFINITY
        } else {
            f64::INFINITY
        };
    }
    let b = s.as_bytes();
    let digits = |from: usize| from + b[from..].iter().take_while(|c| c.is_ascii_digit()).count();
    let int_start = s.len() - body.len();
    let mut end = digits(int_start);
    let mut any = end > int_start;
    if b.get(end) == Some(&b'.') {
        let frac_end = digits(end + 1);
        if any || frac_end > end + 1 {
            any = true;
            end = frac_end;
        }
    }
    if !any {
        return f64::NAN;
    }
    if matches!(b.get(end), Some(b'e' | b'E')) {
        let sign = usize::from(matches!(b.get(end + 1), Some(b'+' | b'-')));
        let exp_end = digits(end + 1 + sign);
        if exp_end > end + 1 + sign {
            end = exp_end;
        }
    }
    s[..end].parse().unwrap_or(f64::NAN)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    #[allow(clippy::float_cmp, reason = "conversions give exact values")]
    fn conversions_follow_javascript() {
        for (text, int, float) in [
            ("30000", 30000.0, 30000.0),
            ("  42px", 42.0, 42.0),
            ("0x1F", 31.0, 0.0),
            ("-7.5e2", -7.0, -750.0),
            ("1e3", 1.0, 1000.0),
            (".5", f64::NAN, 0.5),
            ("", f64::NAN, f64::NAN),
            ("abc", f64::NAN, f64::NAN),
            ("Infinity", f64::NAN, f64::INFINITY),
        ] {
            let (i, f) = (parse_int(text, None), parse_float(text));
            assert!(
                i == int || (i.is_nan() && int.is_nan()),
                "parseInt({text:?}) = {i}"
            );
            assert!(
                f == float || (f.is_nan() && float.is_nan()),
                "parseFloat({text:?}) = {f}"
            );
        }
        assert_eq!(parse_int("ff", Some(16.0)), 255.0);
        assert!(parse_int("9", Some(8.0)).is_nan());
        assert_eq!(Val::Str(" 12 ".into()).to_number(), Some(12.0));
        assert_eq!(Val::Str(String::new()).to_number(), Some(0.0));
        assert!(Val::Undefined.to_number().unwrap().is_nan());
        for (n, text) in [
            (30000.0, "30000"),
            (0.05, "0.05"),
            (1e21, "1e+21"),
            (-0.0, "0"),
        ] {
            assert_eq!(number_text(n), text);
        }
    }

    #[test]
    fn equality_and_truth() {
        let s = |t: &str| Val::Str(t.to_owned());
        assert_eq!(Val::Undefined.strict_eq(&s("0")), Some(false));
        assert_eq!(s("1").loose_eq(&Val::Num(1.0)), Some(true));
        assert_eq!(Val::Null.loose_eq(&Val::Undefined), Some(true));
        assert_eq!(Val::Num(0.0).loose_eq(&Val::Undefined), Some(false));
        assert_eq!(
            Val::Num(f64::NAN).strict_eq(&Val::Num(f64::NAN)),
            Some(false)
        );
        assert_eq!(s("").truthy(), Some(false));
        assert_eq!(Val::Num(f64::NAN).truthy(), Some(false));
        assert_eq!(Val::Unknown.truthy(), None);
        assert_eq!(Val::Num(f64::NAN).relate(&Val::Num(0.0), ">"), Some(false));
        assert_eq!(s("10").relate(&s("9"), "<"), Some(true));
    }
}
