//! Baselines: the findings a project accepts for now, so a gate can be switched on in a
//! repository that already drifted and only new findings fail it. May import: `source`,
//! `error`, `report`, `rules`.
//!
//! A finding is known by its fingerprint: a hash of its rule, its variable, its file and
//! the text it points at (the stated value; never a line number, so unrelated edits that
//! move it keep it). `envlint baseline` writes the current findings' fingerprints; `check
//! --baseline FILE` drops the findings the file holds (each entry once) and reports, as
//! `unused-suppression` warnings, the entries that match nothing any more, so the file
//! only shrinks.

use serde::{Deserialize, Serialize};

use crate::error::Error;
use crate::report::{Finding, Report, Severity, fingerprint, sort};
use crate::source::SourceFile;

/// The file name `envlint baseline` writes by default.
pub const DEFAULT_FILE: &str = "envlint-baseline.json";

#[derive(Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct File {
    version: u32,
    findings: Vec<Entry>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct Entry {
    fingerprint: String,
    rule: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    variable: Option<String>,
    file: String,
    message: String,
}

/// The baseline of `report`: every finding, sorted by file, rule and variable, as the JSON
/// `envlint baseline` writes (a final newline included).
pub fn write(report: &Report) -> String {
    let mut findings: Vec<Entry> = report
        .findings
        .iter()
        .map(|f| Entry {
            fingerprint: fingerprint(report, f),
            rule: f.rule.name.to_owned(),
            variable: f.variable.clone(),
            file: report.files.get(f.file).name.clone(),
            message: if f.secret {
                format!("{} (about a secret)", f.rule.summary)
            } else {
                f.message.clone()
            },
        })
        .collect();
    findings.sort_by(|a, b| {
        (&a.file, &a.rule, &a.variable, &a.fingerprint).cmp(&(
            &b.file,
            &b.rule,
            &b.variable,
            &b.fingerprint,
        ))
    });
    let mut text = serde_json::to_string_pretty(&File {
        version: 1,
        findings,
    })
    .expect("a baseline serialises");
    text.push('\n');
    text
}

/// Drops from `report` the findings `baseline` holds (each entry matches one finding) and
/// adds an `unused-suppression` warning at each entry that matches none. Returns how many
/// findings were baselined.
pub fn apply(report: &mut Report, baseline: SourceFile) -> Result<usize, Error> {
    let parsed: File = serde_json::from_str(&baseline.text).map_err(|e| {
        let line = baseline.line_span(e.line().max(1));
        let at = (line.start + e.column().saturating_sub(1)).min(line.end);
        Error::parse(&baseline, at..at, format!("not an envlint baseline: {e}"))
    })?;
    if parsed.version != 1 {
        return Err(Error::Read {
            path: baseline.name.clone(),
            reason: format!(
                "baseline version {} is not one this envlint reads (1)",
                parsed.version
            ),
        });
    }
    // Each fingerprint's entries not matched yet, the first first.
    let mut open: foldhash::HashMap<&str, Vec<usize>> = foldhash::HashMap::default();
    for (i, e) in parsed.findings.iter().enumerate().rev() {
        open.entry(e.fingerprint.as_str()).or_default().push(i);
    }
    let mut used = vec![false; parsed.findings.len()];
    let mut kept = Vec::new();
    let mut baselined = 0;
    for f in std::mem::take(&mut report.findings) {
        let fp = fingerprint(report, &f);
        match open.get_mut(fp.as_str()).and_then(Vec::pop) {
            Some(i) => {
                used[i] = true;
                baselined += 1;
            }
            None => kept.push(f),
        }
    }
    report.findings = kept;
    let text = std::sync::Arc::clone(&baseline.text);
    let id = report.files.add(baseline);
    let rule = &crate::rules::unused_suppression::RULE;
    for (_, e) in parsed
        .findings
        .iter()
        .enumerate()
        .filter(|(i, _)| !used[*i])
    {
        let needle = format!("\"{}\"", e.fingerprint);
        let at = text
            .find(&needle)
            .map_or(0..0, |s| s + 1..s + needle.len() - 1);
        let var = e
            .variable
            .as_deref()
            .map_or(String::new(), |v| format!(" `{v}`"));
        let mut f = Finding::new(
            rule,
            id,
            at,
            format!(
                "the baseline entry for `{}`{var} in `{}` matches no finding any more",
                e.rule, e.file
            ),
        )
        .label("matches nothing")
        .help("remove the entry, or run `envlint baseline` to write the file again");
        f.severity = Severity::Warning;
        report.findings.push(f);
    }
    sort(&mut report.findings);
    report.baselined = baselined;
    Ok(baselined)
}
