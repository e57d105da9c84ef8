//! The schema text `init` writes: a header naming the files it read and the ones it
//! skipped (and why), the surfaces, and one `[[variable]]` per name, above each where its
//! default comes from and what the first `check` will report about it.

use std::fmt::Write as _;

use super::find::Found;
use super::infer::Decl;
use crate::schema::{EntryStyle, VarType};

/// What the schema is written from, besides the files and the variables.
#[derive(Debug, Default)]
pub(super) struct Frame<'a> {
    pub(super) prefixes: &'a [String],
    pub(super) exclude: &'a [String],
    pub(super) section: Option<String>,
    pub(super) style: Option<EntryStyle>,
    /// What the first check reports on no variable, one line each.
    pub(super) general: Vec<String>,
}

/// The `[surfaces.*]` tables for `found`.
pub(super) fn surfaces_toml(out: &mut String, found: &Found, frame: &Frame) {
    if !found.dotenv.is_empty() {
        let _ = writeln!(
            out,
            "\n[surfaces.dotenv]\npath = {}",
            one_or_list(&found.dotenv)
        );
        match frame.style {
            Some(EntryStyle::Set) => out.push_str(
                "# Entries are set (`K=V`): a commented one is a suggestion and states nothing.\nstyle = \"set\"\n",
            ),
            Some(EntryStyle::Commented) => out.push_str(
                "# Entries are listed commented out (`# K=V`), each with its documented value.\nstyle = \"commented\"\n",
            ),
            None => {}
        }
    }
    if !found.docs.is_empty() {
        let _ = writeln!(
            out,
            "\n[surfaces.docs]\npath = {}",
            one_or_list(&found.docs)
        );
        if let Some(s) = &frame.section {
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
        if !found.code_exclude.is_empty() {
            out.push_str("# Tests set and read variables of their own.\n");
            let _ = writeln!(out, "exclude = {}", toml_list(&found.code_exclude));
        }
        for (key, what, words) in [
            (
                "decorators",
                "decorate a field with its variable's name",
                &found.decorators,
            ),
            (
                "getters",
                "are called with a variable's name",
                &found.getters,
            ),
        ] {
            if words.is_empty() {
                continue;
            }
            let uses: Vec<String> = words
                .iter()
                .map(|(w, n)| format!("`{w}` ({n} uses)"))
                .collect();
            let _ = writeln!(out, "# These {what}: {}.", uses.join(", "));
            let names: Vec<String> = words.iter().map(|(w, _)| w.clone()).collect();
            let _ = writeln!(out, "{key} = {}", toml_list(&names));
        }
    }
}

/// A header's list: `#   ` and the items, wrapped.
fn list(out: &mut String, items: &[String]) {
    for line in crate::surfaces::dotenv::wrap_joined(items.iter().map(String::as_str), ", ", 84) {
        let _ = writeln!(out, "#   {line}");
    }
}

pub(super) fn write_schema(found: &Found, frame: &Frame, decls: &[Decl]) -> String {
    let mut out = String::new();
    let mut read: Vec<String> = Vec::new();
    read.extend(found.dotenv.iter().cloned());
    read.extend(found.docs.iter().cloned());
    read.extend(found.compose.iter().cloned());
    read.extend(found.code_roots.iter().map(|r| format!("{r}/ (code)")));
    out.push_str("# envlint schema, written by `envlint init` from these files:\n");
    list(&mut out, &read);
    if !found.skipped.is_empty() {
        out.push_str("# and not from these:\n");
        let skipped: Vec<String> = found
            .skipped
            .iter()
            .map(|(f, why)| format!("{f} ({why})"))
            .collect();
        list(&mut out, &skipped);
    }
    out.push_str(
        "# A variable's default is the one the code computes, else the docs' Default cell, else\n\
         # the value of the example file; the comment above it says which.\n",
    );
    let reported = decls.iter().any(|d| !d.notes.is_empty()) || !frame.general.is_empty();
    if reported {
        out.push_str(
            "# `check` reports what the comments marked `check:` say, and nothing else.\n",
        );
    }
    for g in &frame.general {
        let _ = writeln!(out, "# check: {g}");
    }
    out.push_str("version = 1\n");
    let _ = writeln!(out, "prefixes = {}", toml_list(frame.prefixes));
    if !frame.exclude.is_empty() {
        out.push_str("# Set only on a container's `environment`: another program's settings.\n");
        let _ = writeln!(out, "exclude = {}", toml_list(frame.exclude));
    }
    surfaces_toml(&mut out, found, frame);
    let mut group: Option<Option<&str>> = None;
    for d in decls {
        let prefix = frame
            .prefixes
            .iter()
            .filter(|p| d.name.starts_with(p.as_str()))
            .max_by_key(|p| p.len())
            .map(String::as_str);
        let heading = prefix.filter(|p| p.ends_with('_'));
        if group != Some(heading) {
            group = Some(heading);
            let title = heading.unwrap_or("other");
            let rule = "─".repeat(72usize.saturating_sub(title.chars().count() + 4));
            let _ = writeln!(out, "\n# ── {title} {rule}");
        }
        out.push('\n');
        match (&d.source, &d.default) {
            (Some(source), Some(_)) => {
                let _ = writeln!(out, "# default from {source}");
            }
            (Some(source), None) => {
                let _ = writeln!(out, "# no default, as {source} says");
            }
            (None, _) => {}
        }
        for note in &d.notes {
            let _ = writeln!(out, "# check: {note}");
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
        if d.required {
            out.push_str("required = true\n");
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
