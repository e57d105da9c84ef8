//! Conformance with the reference readers, case by case from their own test suites
//! (compose-go's `template`, `interpolation` and `dotenv` packages, Node's `dotenv`,
//! `python-dotenv`),
//! written here as tables in our own words: the inputs and the expected values are facts
//! about those readers; no code of theirs is kept. Each case names the reference test it
//! comes from.

mod compose_template;
mod dotenv_compose;
mod dotenv_node;
mod dotenv_python;

use envlint::schema::Dialect;
use envlint::source::SourceFile;
use envlint::surfaces::dotenv::scan;

/// What `dialect` makes of `text`: the variables it sets, the last of a name winning as
/// in every reference, or the first refusal's message. A bare `KEY` line sets nothing
/// (its value comes from the environment, empty in these tests).
pub fn dotenv_map(dialect: Dialect, text: &str) -> Result<Vec<(String, String)>, String> {
    let scanned = scan(&SourceFile::new(".env", text), dialect).map_err(|e| e.to_string())?;
    if let Some((_, message)) = scanned.rejected.first() {
        return Err(message.clone());
    }
    let mut out: Vec<(String, String)> = Vec::new();
    for e in scanned.entries.into_iter().filter(|e| !e.commented) {
        let Some(value) = e.value else { continue };
        out.retain(|(k, _)| *k != e.name);
        out.push((e.name, value));
    }
    out.sort();
    Ok(out)
}

/// `pairs` as `dotenv_map` returns them.
pub fn pairs(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = pairs
        .iter()
        .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
        .collect();
    out.sort();
    out
}
