//! The judgement of one stated value against its declaration: the one notion of "the same
//! value" that rules, the docs adapter and docs regeneration share.

use super::{Role, Stated};
use crate::schema::{VarDecl, VarType};

/// The value a stated text should have: the example value, or the default.
pub fn expected(v: &VarDecl, role: Role) -> Option<String> {
    match role {
        Role::Example => Some(v.example_value().to_owned()),
        _ => v.default.clone(),
    }
}

/// The values of a code declaration's `enum(a|b)` type word.
pub fn enum_values(ty: &str) -> Option<Vec<String>> {
    let inner = ty.strip_prefix("enum(")?.strip_suffix(')')?;
    Some(inner.split('|').map(str::to_owned).collect())
}

/// The declared types a type word of the docs (a `Type` column) allows; `None` for a word
/// that says nothing comparable (`*`, `Any`, prose).
pub fn type_word(word: &str) -> Option<&'static [VarType]> {
    let w = word.trim().trim_matches('`').to_ascii_lowercase();
    let w = w.trim_end_matches(" string").trim();
    Some(match w {
        "number" | "numeric" => &[VarType::Int, VarType::Float, VarType::Port],
        "int" | "integer" => &[VarType::Int, VarType::Port],
        "float" | "double" | "decimal" => &[VarType::Float, VarType::Int],
        "bool" | "boolean" | "flag" => &[VarType::Bool],
        "port" => &[VarType::Port, VarType::Int],
        "url" | "uri" => &[VarType::Url, VarType::String],
        "string" | "str" | "text" => &[VarType::String, VarType::Url, VarType::Enum],
        _ if w.starts_with("enum") => &[VarType::Enum, VarType::String, VarType::Bool],
        _ => return None,
    })
}

/// The judgement of one stated value or default; each outcome belongs to exactly one rule,
/// so one drift is reported once.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Verdict {
    Agrees,
    /// A secret with a value that looks real (`secret-exposed`), and why it does.
    SecretExposed(String),
    /// Not a value of the declared type (`type-mismatch`), with the reason.
    BadType(String),
    /// A valid value that differs from the schema (`default-mismatch`), with what was expected.
    Differs(Option<String>),
    /// The surface calls it required or optional, or gives a required variable a default,
    /// and the schema disagrees (`required-mismatch`); whether the schema requires it.
    Requirement(bool),
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
        // What a declaration in the code says of it is init's to use, not a restatement.
        Role::Description if st.what == "declared description" => return Verdict::Agrees,
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
        // Whether the variable must be set: `true` or `false`.
        Role::Required => {
            let says = st.text.as_deref() == Some("true");
            return if says == v.required {
                Verdict::Agrees
            } else {
                Verdict::Requirement(v.required)
            };
        }
        // Code that declares a string takes any text: its consumers decide what it is.
        Role::Type if st.what == "declared type" && st.text.as_deref() == Some("string") => {
            return Verdict::Agrees;
        }
        // What the docs call its type (`Number`, `Boolean`): one the declared type can be.
        Role::Type => {
            return match st.text.as_deref().and_then(type_word) {
                Some(kinds) if !kinds.contains(&v.ty) && st.what == "declared type" => {
                    Verdict::BadType(format!("contradicts the schema's `{}`", v.ty.name()))
                }
                Some(kinds) if !kinds.contains(&v.ty) => Verdict::BadType(format!(
                    "says it is a {}, but it is a `{}`",
                    st.text.as_deref().unwrap_or_default(),
                    v.ty.name()
                )),
                _ => Verdict::Agrees,
            };
        }
        // A default in words, or alternatives: shown, never compared.
        Role::Prose => return Verdict::Agrees,
        // How code reads a flag says nothing of a secret's value.
        Role::Reading if v.secret => return Verdict::Agrees,
        Role::Example | Role::Default | Role::Reading | Role::Value => {}
    }
    // A secret's value is judged on evidence: a placeholder an example ships on purpose
    // is none, and a secret has no default to compare with. What code falls back to
    // (`"keyless"`, `"disabled"`) is exposed only with a credential's shape.
    if v.secret {
        let evidence = match st.what {
            "computed default" | "declared default" => {
                text.and_then(crate::schema::secret::credential)
            }
            _ => text.and_then(|t| crate::schema::secret::exposure(&v.name, t)),
        };
        return match evidence {
            Some(evidence) => Verdict::SecretExposed(evidence.to_string()),
            None => Verdict::Agrees,
        };
    }
    // A required variable has no default: a surface that gives it one disagrees.
    if v.required && st.role == Role::Default && text.is_some() {
        return Verdict::Requirement(true);
    }
    if let Some(t) = text
        && let Some(why) = v.ty.reject(t, &v.values)
    {
        return Verdict::BadType(why);
    }
    // A service's own setting is no default to compare.
    if st.role == Role::Value {
        return Verdict::Agrees;
    }
    let expected = match st.role {
        Role::Example => Some(v.example_value()).filter(|e| !e.is_empty()),
        _ => v.default.as_deref(),
    };
    match (text, expected) {
        (None, None) => Verdict::Agrees,
        // An unset flag is off: "no default" says what a default of off says.
        (None, Some(d)) if v.ty == crate::schema::VarType::Bool && v.ty.same(d, "false") => {
            Verdict::Agrees
        }
        (Some(a), Some(b)) if v.ty.same(a, b) => Verdict::Agrees,
        _ => Verdict::Differs(expected.map(str::to_owned)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::schema::Schema;

    /// An unset flag is off: a surface saying "no default" agrees with a default of off,
    /// never with one of on, and never for a variable of another type.
    #[test]
    fn no_default_agrees_with_an_off_flag_only() {
        let schema = Schema::parse(
            "envlint.toml",
            "version = 1\nprefixes = [\"Q_\"]\n\n[[variable]]\nname = \"Q_OFF\"\ntype = \"bool\"\ndefault = \"false\"\ndescription = \"x\"\n\n[[variable]]\nname = \"Q_OFF_0\"\ntype = \"bool\"\ndefault = \"0\"\ndescription = \"x\"\n\n[[variable]]\nname = \"Q_ON\"\ntype = \"bool\"\ndefault = \"true\"\ndescription = \"x\"\n\n[[variable]]\nname = \"Q_N\"\ntype = \"int\"\ndefault = \"0\"\ndescription = \"x\"\n",
        )
        .expect("valid");
        let none = Stated::new(Role::Default, None, 0..0, "Default cell");
        let judged = |name: &str| verdict(schema.get(name).expect("declared"), &none);
        assert_eq!(judged("Q_OFF"), Verdict::Agrees);
        assert_eq!(judged("Q_OFF_0"), Verdict::Agrees);
        assert_eq!(judged("Q_ON"), Verdict::Differs(Some("true".to_owned())));
        assert_eq!(judged("Q_N"), Verdict::Differs(Some("0".to_owned())));
    }
}
