//! The schema text `init` writes: the header naming the files it read, the surfaces, and
//! one `[[variable]]` per name with the disagreements above it.

use std::fmt::Write as _;

use super::find::Found;
use super::infer::Decl;
use crate::schema::VarType;

/// The `[surfaces.*]` tables for `found`; `section` goes into `[surfaces.docs]`.
pub(super) fn surfaces_toml(out: &mut String, found: &Found, section: Option<&str>) {
    if !found.dotenv.is_empty() {
        let _ = writeln!(
            out,
            "\n[surfaces.dotenv]\npath = {}",
            one_or_list(&found.dotenv)
        );
    }
    if !found.docs.is_empty() {
        let _ = writeln!(
            out,
            "\n[surfaces.docs]\npath = {}",
            one_or_list(&found.docs)
        );
        if let Some(s) = section {
            let _ = writeln!(out, "section = {}", toml_str(s));
        }
    }
    if !found.compose.is_empty() {
        let _ = writeln!(
            out,
            "\n[surfaces.compose]\npath = {}",
            one_or_list(&found.compose)
        );
    }
    if !found.code_roots.is_empty() {
        let _ = writeln!(
            out,
            "\n[surfaces.code]\nroots = {}",
            toml_list(&found.code_roots)
        );
    }
}

pub(super) fn write_schema(
    found: &Found,
    prefixes: &[String],
    exclude: &[String],
    section: Option<&str>,
    decls: &[Decl],
) -> String {
    let mut out = String::new();
    let mut from: Vec<String> = Vec::new();
    from.extend(found.dotenv.iter().cloned());
    from.extend(found.docs.iter().cloned());
    from.extend(found.compose.iter().cloned());
    from.extend(found.code_roots.iter().map(|r| format!("{r}/ (code)")));
    let _ = writeln!(
        out,
        "# envlint schema, written by `envlint init` from what these files say:"
    );
    for line in crate::surfaces::dotenv::wrap_joined(from.iter().map(String::as_str), ", ", 86) {
        let _ = writeln!(out, "#   {line}");
    }
    out.push_str(
        "# Review the types, defaults and descriptions. Where the files disagree, the code's\n\
         # value was taken and a `surfaces disagree` comment names the others: the first\n\
         # `envlint check` reports exactly those.\n",
    );
    out.push_str("version = 1\n");
    let _ = writeln!(out, "prefixes = {}", toml_list(prefixes));
    if !exclude.is_empty() {
        out.push_str("# Set only on a container's `environment`: another program's settings.\n");
        let _ = writeln!(out, "exclude = {}", toml_list(exclude));
    }
    surfaces_toml(&mut out, found, section);
    let mut group: Option<&str> = None;
    for d in decls {
        let prefix = prefixes
            .iter()
            .find(|p| d.name.starts_with(p.as_str()))
            .map(String::as_str);
        if prefix != group {
            group = prefix;
            let title = prefix.unwrap_or("other");
            let rule = "─".repeat(72usize.saturating_sub(title.chars().count() + 4));
            let _ = writeln!(out, "\n# ── {title} {rule}");
        }
        out.push('\n');
        for note in &d.disagree {
            let _ = writeln!(
                out,
                "# surfaces disagree: {note} (the schema keeps the code's value)"
            );
        }
        out.push_str("[[variable]]\n");
        let _ = writeln!(out, "name = {}", toml_str(&d.name));
        let _ = writeln!(out, "type = {}", toml_str(d.ty.name()));
        if d.ty == VarType::Enum {
            let _ = writeln!(out, "values = {}", toml_list(&d.values));
        }
        if let Some(v) = &d.default {
            let _ = writeln!(out, "default = {}", toml_str(v));
        }
        if let Some(v) = &d.example {
            let _ = writeln!(out, "example = {}", toml_str(v));
        }
        let _ = writeln!(out, "description = {}", toml_str(&d.description));
        if let Some(s) = &d.section {
            let _ = writeln!(out, "section = {}", toml_str(s));
        }
        if let Some(p) = &d.profile {
            let _ = writeln!(out, "profile = {}", toml_str(p));
        }
        if let Some(s) = &d.service {
            let _ = writeln!(out, "service = {}", toml_str(s));
        }
        if d.secret {
            out.push_str("secret = true\n");
        }
        if let Some(on) = &d.on {
            let _ = writeln!(out, "on = {}", toml_list(on));
        }
    }
    out
}

/// A TOML basic string.
pub(super) fn toml_str(s: &str) -> String {
    let mut out = String::from("\"");
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            c if c.is_control() => {
                let _ = write!(out, "\\u{:04X}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

pub(super) fn toml_list(items: &[String]) -> String {
    let quoted: Vec<String> = items.iter().map(|s| toml_str(s)).collect();
    format!("[{}]", quoted.join(", "))
}

pub(super) fn one_or_list(items: &[String]) -> String {
    match items {
        [one] => toml_str(one),
        _ => toml_list(items),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn toml_strings_escape_what_they_must() {
        assert_eq!(toml_str("a \"b\" \\ c\n"), "\"a \\\"b\\\" \\\\ c\\n\"");
    }
}
