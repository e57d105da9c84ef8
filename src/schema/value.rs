//! Variable types: which texts a type accepts and when two texts mean the same value.

use schemars::JsonSchema;
use serde::Deserialize;

/// The declared type of a variable's value.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum VarType {
    /// Any text.
    #[default]
    String,
    /// A whole number (`-3`, `1536`).
    Int,
    /// A decimal number (`0.5`, `30`).
    Float,
    /// `true`/`false`, also `1`/`0`, `yes`/`no`, `on`/`off` (any case).
    Bool,
    /// A TCP/UDP port, 1 to 65535.
    Port,
    /// An absolute URL with a scheme (`http://bifrost:8080`).
    Url,
    /// One of `values`.
    Enum,
}

impl VarType {
    pub fn name(self) -> &'static str {
        match self {
            Self::String => "string",
            Self::Int => "int",
            Self::Float => "float",
            Self::Bool => "bool",
            Self::Port => "port",
            Self::Url => "url",
            Self::Enum => "enum",
        }
    }

    /// Why `text` cannot be a value of this type, or `None` when it can.
    pub fn reject(self, text: &str, values: &[String]) -> Option<String> {
        let ok = match self {
            Self::String => true,
            Self::Int => parse_int(text).is_some(),
            Self::Float => parse_float(text).is_some(),
            Self::Bool => parse_bool(text).is_some(),
            Self::Port => parse_int(text).is_some_and(|n| (1..=65535).contains(&n)),
            Self::Url => is_url(text),
            Self::Enum => values.iter().any(|v| v == text),
        };
        (!ok).then(|| match self {
            Self::String => unreachable!("strings accept everything"),
            Self::Int => "is not a whole number".to_owned(),
            Self::Float => "is not a number".to_owned(),
            Self::Bool => "is not a boolean (true/false, 1/0, yes/no, on/off)".to_owned(),
            Self::Port => "is not a port (1 to 65535)".to_owned(),
            Self::Url => "is not an absolute URL (scheme://host...)".to_owned(),
            Self::Enum => format!("is not one of {}", quote_list(values)),
        })
    }

    /// Whether two texts that this type accepts denote the same value:
    /// `1` and `true` for bools, `08080` and `8080` for numbers.
    pub fn same(self, a: &str, b: &str) -> bool {
        if a == b {
            return true;
        }
        match self {
            Self::Int | Self::Port => {
                matches!((parse_int(a), parse_int(b)), (Some(x), Some(y)) if x == y)
            }
            #[allow(
                clippy::float_cmp,
                reason = "two spellings of one literal parse to the same f64"
            )]
            Self::Float => matches!((parse_float(a), parse_float(b)), (Some(x), Some(y)) if x == y),
            Self::Bool => matches!((parse_bool(a), parse_bool(b)), (Some(x), Some(y)) if x == y),
            Self::String | Self::Url | Self::Enum => false,
        }
    }
}

fn parse_int(text: &str) -> Option<i128> {
    let digits = text.strip_prefix(['+', '-']).unwrap_or(text);
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    text.parse().ok()
}

fn parse_float(text: &str) -> Option<f64> {
    let body = text.strip_prefix(['+', '-']).unwrap_or(text);
    // Rust also parses `inf` and `NaN`; an environment value of that shape is a typo.
    if !body.starts_with(|c: char| c.is_ascii_digit() || c == '.') {
        return None;
    }
    text.parse::<f64>().ok().filter(|f| f.is_finite())
}

fn parse_bool(text: &str) -> Option<bool> {
    match text.to_ascii_lowercase().as_str() {
        "true" | "1" | "yes" | "on" => Some(true),
        "false" | "0" | "no" | "off" => Some(false),
        _ => None,
    }
}

fn is_url(text: &str) -> bool {
    let Some((scheme, rest)) = text.split_once("://") else {
        return false;
    };
    scheme.starts_with(|c: char| c.is_ascii_alphabetic())
        && scheme
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
        && !rest.is_empty()
        && !rest.starts_with('/')
        && !text.chars().any(char::is_whitespace)
}

pub(crate) fn quote_list(values: &[String]) -> String {
    values
        .iter()
        .map(|v| format!("`{v}`"))
        .collect::<Vec<_>>()
        .join(", ")
}

#[cfg(test)]
mod tests {
    use super::VarType::{self, *};

    #[test]
    fn acceptance_table() {
        let values = ["debug".to_owned(), "info".to_owned()];
        let cases: &[(VarType, &str, bool)] = &[
            (String, "anything at all", true),
            (Int, "1536", true),
            (Int, "-3", true),
            (Int, "1.5", false),
            (Int, "", false),
            (Float, "0.5", true),
            (Float, "30", true),
            (Float, "NaN", false),
            (Float, "inf", false),
            (Bool, "TRUE", true),
            (Bool, "0", true),
            (Bool, "off", true),
            (Bool, "enabled", false),
            (Port, "6333", true),
            (Port, "0", false),
            (Port, "65536", false),
            (Port, "63a3", false),
            (Url, "http://bifrost:8080", true),
            (Url, "https://x.example/v1", true),
            (Url, "bifrost:8080", false),
            (Url, "http:///nohost", false),
            (Url, "http://a b", false),
            (Enum, "info", true),
            (Enum, "INFO", false),
        ];
        for &(ty, text, ok) in cases {
            assert_eq!(ty.reject(text, &values).is_none(), ok, "{ty:?} {text:?}");
        }
    }

    #[test]
    fn sameness_table() {
        assert!(Bool.same("1", "true"));
        assert!(Bool.same("Off", "false"));
        assert!(!Bool.same("1", "false"));
        assert!(Port.same("06333", "6333"));
        assert!(Float.same("0.50", "0.5"));
        assert!(!Int.same("1536", "1537"));
        assert!(!String.same("a", "A"));
        assert!(!Url.same("http://x/", "http://x"));
    }
}
