//! The judgement of one stated value against its declaration: the one notion of "the same
//! value" that rules, the docs adapter and docs regeneration share.

use super::{Role, Stated};
use crate::schema::{VarDecl, VarType};

/// The value a stated text should have: the example value, or the default.
pub fn expected(v: &VarDecl, role: Role) -> Option<String> {
    match role {
        Role::Example => Some(v.example_value().to_owned()),
        Role::Default | Role::Description | Role::Test | Role::Numeric | Role::Reading => {
            v.default.clone()
        }
    }
}

/// The judgement of one stated value or default; each outcome belongs to exactly one rule,
/// so one drift is reported once.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Verdict {
    Agrees,
    /// A secret with a value (`secret-exposed`).
    SecretExposed,
    /// Not a value of the declared type (`type-mismatch`), with the reason.
    BadType(String),
    /// A valid value that differs from the schema (`default-mismatch`), with what was expected.
    Differs(Option<String>),
}

pub fn verdict(v: &VarDecl, st: &Stated) -> Verdict {
    let text = st.text.as_deref().filter(|t| !t.is_empty());
    match st.role {
        // Code converting a string to a number: only numeric types survive it.
        Role::Numeric => {
            return if matches!(v.ty, VarType::String | VarType::Url | VarType::Enum) {
                Verdict::BadType(format!(
                    "is converted to a number, but it is a `{}`",
                    v.ty.name()
                ))
            } else {
                Verdict::Agrees
            };
        }
        // A value code compares with must be one the variable can hold.
        Role::Test => {
            return match text.and_then(|t| v.ty.reject(t, &v.values)) {
                Some(why) => Verdict::BadType(why),
                None => Verdict::Agrees,
            };
        }
        // Prose: runs of whitespace do not count.
        Role::Description => {
            let normalise = |t: &str| t.split_whitespace().collect::<Vec<_>>().join(" ");
            return if normalise(st.text.as_deref().unwrap_or_default()) == normalise(&v.description)
            {
                Verdict::Agrees
            } else {
                Verdict::Differs(Some(v.description.clone()))
            };
        }
        // How code reads a flag: only a bool's reading is a default.
        Role::Reading if v.ty != VarType::Bool => return Verdict::Agrees,
        Role::Example | Role::Default | Role::Reading => {}
    }
    if v.secret {
        return if text.is_some() {
            Verdict::SecretExposed
        } else {
            Verdict::Agrees
        };
    }
    if let Some(t) = text
        && let Some(why) = v.ty.reject(t, &v.values)
    {
        return Verdict::BadType(why);
    }
    let expected = match st.role {
        Role::Example => Some(v.example_value()).filter(|e| !e.is_empty()),
        Role::Default | Role::Description | Role::Test | Role::Numeric | Role::Reading => {
            v.default.as_deref()
        }
    };
    match (text, expected) {
        (None, None) => Verdict::Agrees,
        (Some(a), Some(b)) if v.ty.same(a, b) => Verdict::Agrees,
        _ => Verdict::Differs(expected.map(str::to_owned)),
    }
}
