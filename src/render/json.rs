//! `--format json`: the machine-readable contract of DESIGN.md.

use serde::Serialize;

use super::Location;
use crate::report::Report;

#[derive(Serialize)]
struct Output<'a> {
    version: u32,
    findings: Vec<JsonFinding<'a>>,
    summary: Summary,
}

#[derive(Serialize)]
struct JsonFinding<'a> {
    rule: &'a str,
    code: &'a str,
    severity: &'a str,
    variable: Option<&'a str>,
    file: &'a str,
    line: usize,
    column: usize,
    end_line: usize,
    end_column: usize,
    message: &'a str,
    fixable: bool,
    found: Option<&'a str>,
    expected: Option<&'a str>,
    help: Option<&'a str>,
    /// Stable across unrelated edits: what a baseline keys the finding by.
    fingerprint: String,
}

#[derive(Serialize)]
struct Summary {
    errors: usize,
    warnings: usize,
    suppressed: usize,
    /// Present when a `--baseline` file accepted findings.
    #[serde(skip_serializing_if = "is_zero")]
    baselined: usize,
}

#[allow(
    clippy::trivially_copy_pass_by_ref,
    reason = "serde passes a reference"
)]
fn is_zero(n: &usize) -> bool {
    *n == 0
}

/// The report as one JSON object, with a final newline.
pub fn render(report: &Report) -> String {
    let findings = report
        .findings
        .iter()
        .map(|f| {
            let file = report.files.get(f.file);
            let at = Location::of(file, &f.span);
            JsonFinding {
                rule: f.rule.name,
                code: f.rule.code,
                severity: f.severity.as_str(),
                variable: f.variable.as_deref(),
                file: &file.name,
                line: at.line,
                column: at.column,
                end_line: at.end_line,
                end_column: at.end_column,
                message: &f.message,
                fixable: f.fixable(),
                found: super::shown_value(f, f.found.as_deref()),
                expected: super::shown_value(f, f.expected.as_deref()),
                help: f.help.as_deref(),
                fingerprint: crate::report::fingerprint(report, f),
            }
        })
        .collect();
    let out = Output {
        version: 1,
        findings,
        summary: Summary {
            errors: report.errors(),
            warnings: report.warnings(),
            suppressed: report.suppressed,
            baselined: report.baselined,
        },
    };
    let mut text = serde_json::to_string_pretty(&out).expect("findings serialise");
    text.push('\n');
    text
}
