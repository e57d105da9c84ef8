//! `--format github`: GitHub Actions workflow commands, one per finding, which the runner
//! turns into annotations on the pull request.

use std::fmt::Write as _;

use super::Location;
use crate::report::Report;
use crate::report::Severity;

/// A message (the data after `::`): `%`, CR and LF escaped.
pub fn escape_data(text: &str) -> String {
    text.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// A property value: as data, plus `:` and `,`.
pub fn escape_property(text: &str) -> String {
    escape_data(text).replace(':', "%3A").replace(',', "%2C")
}

/// One `::error` or `::warning` line per finding (nothing when there are none).
pub fn render(report: &Report) -> String {
    let mut out = String::new();
    for f in &report.findings {
        let file = report.files.get(f.file);
        let at = Location::of(file, &f.span);
        let command = match f.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        let title = format!("{} {}", f.rule.code, f.rule.name);
        let _ = writeln!(
            out,
            "::{command} file={},line={},col={},endLine={},endColumn={},title={}::{}",
            escape_property(&file.name),
            at.line,
            at.column,
            at.end_line,
            at.end_column,
            escape_property(&title),
            escape_data(&f.message),
        );
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escaping_follows_the_workflow_command_rules() {
        let message = "100% of `A`, see: b\r\nnext";
        assert_eq!(escape_data(message), "100%25 of `A`, see: b%0D%0Anext");
        assert_eq!(
            escape_property(message),
            "100%25 of `A`%2C see%3A b%0D%0Anext"
        );
    }
}
