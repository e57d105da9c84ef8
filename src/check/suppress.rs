//! Suppressions: `envlint: ignore[rule, ...]` in a comment on a finding's line or the line
//! above it (dotenv and compose `#`, markdown `<!-- -->`, code `//`), and a variable's
//! `ignore = [...]` in the schema. An ignore that suppresses nothing is itself reported.

use crate::report::{Finding, Report, Rule, sort};
use crate::rules;
use crate::schema::Schema;
use crate::source::{FileId, Span};

const MARK: &str = "envlint: ignore[";

/// One inline suppression: where it is, and the rules it names (unknown names kept as
/// written, so they are reported).
#[derive(Debug, Clone)]
struct Inline {
    file: FileId,
    /// 1-based line of the comment.
    line: usize,
    span: Span,
    rules: Vec<(String, Option<&'static Rule>)>,
    used: bool,
}

/// Every inline suppression in `text`.
fn scan(file: FileId, text: &str) -> Vec<Inline> {
    let mut out = Vec::new();
    let (mut line, mut counted, mut from) = (1, 0, 0);
    for at in memchr::memmem::find_iter(text.as_bytes(), MARK) {
        if at < from {
            continue;
        }
        let line_end = memchr::memchr(b'\n', &text.as_bytes()[at..]).map_or(text.len(), |i| at + i);
        let open = at + MARK.len();
        let Some(close) = text[open..line_end].find(']') else {
            continue;
        };
        line += memchr::memchr_iter(b'\n', &text.as_bytes()[counted..at]).count();
        counted = at;
        let rules = text[open..open + close]
            .split(',')
            .map(str::trim)
            .filter(|r| !r.is_empty())
            .map(|r| (r.to_owned(), rules::find(r)))
            .collect();
        out.push(Inline {
            file,
            line,
            span: at..open + close + 1,
            rules,
            used: false,
        });
        from = open + close + 1;
    }
    out
}

/// Removes the suppressed findings from `report`, counts them, and adds an
/// `unused-suppression` warning for each ignore (inline or in the schema) that suppressed
/// nothing, unless that rule is itself ignored.
pub fn apply(report: &mut Report, schema: &Schema, ignored: &[&'static Rule]) {
    let unused_rule = &rules::unused_suppression::RULE;
    let mut inline: Vec<Inline> = Vec::new();
    let mut scanned = foldhash::HashSet::default();
    for s in &report.surfaces {
        if scanned.insert(s.file) {
            inline.extend(scan(s.file, &report.files.get(s.file).text));
        }
    }
    let mut schema_used = vec![false; schema.variables.iter().map(|v| v.ignore.len()).sum()];
    let mut kept = Vec::new();
    let mut suppressed = 0;
    for f in std::mem::take(&mut report.findings) {
        if suppresses_schema(schema, &f, &mut schema_used)
            || suppresses_inline(report, &f, &mut inline)
        {
            suppressed += 1;
        } else {
            kept.push(f);
        }
    }
    report.suppressed = suppressed;
    if !ignored.iter().any(|r| std::ptr::eq(*r, unused_rule)) {
        for i in inline.iter().filter(|i| !i.used) {
            let names: Vec<&str> = i.rules.iter().map(|r| r.0.as_str()).collect();
            let unknown: Vec<&str> = i
                .rules
                .iter()
                .filter(|r| r.1.is_none())
                .map(|r| r.0.as_str())
                .collect();
            let message = if unknown.is_empty() {
                format!(
                    "`envlint: ignore[{}]` suppresses nothing here",
                    names.join(", ")
                )
            } else {
                format!(
                    "`envlint: ignore[...]` names {}, which is not a rule",
                    unknown.join(", ")
                )
            };
            kept.push(
                Finding::new(unused_rule, i.file, i.span.clone(), message)
                    .label("suppresses nothing")
                    .help("remove it, or put it on the finding's line or the line above"),
            );
        }
        let mut k = 0;
        for v in &schema.variables {
            for (rule, span) in &v.ignore {
                if !schema_used[k] {
                    let rule = rules::find(rule).map_or(rule.as_str(), |r| r.name);
                    let mut f = Finding::new(
                        unused_rule,
                        report.schema_file,
                        span.clone(),
                        format!("`ignore` of `{}` suppresses no `{rule}` finding", v.name),
                    )
                    .label("suppresses nothing")
                    .help("remove it from the variable's `ignore`");
                    f.variable = Some(v.name.clone());
                    kept.push(f);
                }
                k += 1;
            }
        }
    }
    sort(&mut kept);
    report.findings = kept;
}

fn suppresses_schema(schema: &Schema, f: &Finding, used: &mut [bool]) -> bool {
    let mut k = 0;
    for v in &schema.variables {
        for (rule, _) in &v.ignore {
            if f.variable.as_deref() == Some(v.name.as_str())
                && rules::find(rule).is_some_and(|r| std::ptr::eq(r, f.rule))
            {
                used[k] = true;
                return true;
            }
            k += 1;
        }
    }
    false
}

fn suppresses_inline(report: &Report, f: &Finding, inline: &mut [Inline]) -> bool {
    let line = report.files.get(f.file).position(f.span.start).line;
    let Some(i) = inline.iter_mut().find(|i| {
        i.file == f.file
            && (i.line == line || i.line + 1 == line)
            && i.rules
                .iter()
                .any(|(_, r)| r.is_some_and(|r| std::ptr::eq(r, f.rule)))
    }) else {
        return false;
    };
    i.used = true;
    true
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markers_in_every_comment_style() {
        let text = "# envlint: ignore[default-mismatch]\nA=1 # envlint: ignore[EL004, nope]\n| `A` | <!-- envlint: ignore[description-mismatch] --> |\nx = 1; // envlint: ignore[]\n";
        let found = scan(FileId(1), text);
        let lines: Vec<(usize, Vec<&str>)> = found
            .iter()
            .map(|i| (i.line, i.rules.iter().map(|r| r.0.as_str()).collect()))
            .collect();
        assert_eq!(
            lines,
            vec![
                (1, vec!["default-mismatch"]),
                (2, vec!["EL004", "nope"]),
                (3, vec!["description-mismatch"]),
                (4, vec![]),
            ]
        );
        assert!(
            found[1].rules[1].1.is_none(),
            "an unknown name is kept to be reported"
        );
        assert_eq!(
            &text[found[0].span.clone()],
            "envlint: ignore[default-mismatch]"
        );
    }
}
