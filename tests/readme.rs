//! The README is accurate to the code: every rule, command and schema key it names
//! exists, and every one that exists is named.

use std::collections::BTreeSet;

const README: &str = include_str!("../README.md");

/// The fenced blocks of the README of the given info string.
fn blocks(lang: &str) -> Vec<&'static str> {
    let fence = format!("```{lang}\n");
    README
        .split(fence.as_str())
        .skip(1)
        .filter_map(|rest| rest.split("```").next())
        .collect()
}

#[test]
fn the_rules_table_is_exactly_the_rules() {
    let named: BTreeSet<(String, String)> = README
        .lines()
        .filter_map(|l| {
            let cells: Vec<&str> = l.split('|').map(str::trim).collect();
            let code = cells.get(2)?;
            (code.starts_with("EL") && code.len() == 5)
                .then(|| (cells[1].trim_matches('`').to_owned(), (*code).to_owned()))
        })
        .collect();
    let rules: BTreeSet<(String, String)> = envlint::rules::RULES
        .iter()
        .map(|r| (r.name.to_owned(), r.code.to_owned()))
        .collect();
    assert_eq!(named, rules);
}

#[test]
fn the_usage_block_names_exactly_the_commands() {
    let usage = blocks("text")
        .into_iter()
        .find(|b| b.contains("envlint [check]"))
        .expect("the usage block");
    let named: BTreeSet<String> = usage
        .lines()
        .filter_map(|l| l.trim().strip_prefix("envlint "))
        .filter_map(|rest| rest.split_whitespace().next())
        .map(|w| w.trim_matches(['[', ']']).to_owned())
        .filter(|w| !w.starts_with('-'))
        .collect();
    let cmd = <envlint::cli::Cli as clap::CommandFactory>::command();
    let commands: BTreeSet<String> = cmd
        .get_subcommands()
        .map(|c| c.get_name().to_owned())
        .filter(|n| n != "help")
        .collect();
    assert_eq!(named, commands);
}

/// Every key of the schema format, by table: `""` for the top level, `surfaces.dotenv`,
/// `variable`, ...
fn schema_keys() -> BTreeSet<(String, String)> {
    let schema: serde_json::Value = serde_json::from_str(&envlint::schema::json_schema()).unwrap();
    let defs = &schema["definitions"];
    let props = |v: &serde_json::Value| -> Vec<String> {
        v["properties"]
            .as_object()
            .map(|o| o.keys().cloned().collect())
            .unwrap_or_default()
    };
    let mut out = BTreeSet::new();
    for k in props(&schema) {
        if k != "surfaces" && k != "variable" {
            out.insert((String::new(), k));
        }
    }
    for (table, def) in [
        ("surfaces.dotenv", "DotenvSurface"),
        ("surfaces.docs", "DocsSurface"),
        ("surfaces.compose", "ComposeSurface"),
        ("surfaces.code", "CodeSurface"),
        ("surfaces.prose", "ProseSurface"),
        ("variable", "Variable"),
    ] {
        for k in props(&defs[def]) {
            out.insert((table.to_owned(), k));
        }
    }
    out
}

#[test]
fn the_schema_block_names_exactly_the_schema_keys() {
    let block = blocks("toml")
        .into_iter()
        .find(|b| b.contains("[[variable]]") && b.contains("[surfaces.code]"))
        .expect("the schema block");
    let mut named = BTreeSet::new();
    let mut table = String::new();
    for line in block.lines() {
        let line = line.trim();
        if let Some(t) = line.strip_prefix("[[").and_then(|l| l.strip_suffix("]]")) {
            table = t.to_owned();
        } else if let Some(t) = line.strip_prefix('[').and_then(|l| l.strip_suffix(']')) {
            table = t.to_owned();
        } else if let Some((key, _)) = line.split_once('=')
            && !line.starts_with('#')
        {
            let key = key.trim();
            // `exclude` at the top level is written after the tables, as the comment says.
            let at = if line.contains("(top level)") {
                String::new()
            } else {
                table.clone()
            };
            named.insert((at, key.to_owned()));
        }
    }
    assert_eq!(named, schema_keys());
}
