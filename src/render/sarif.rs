//! `--format sarif`: SARIF 2.1.0 for code scanning, with the rules, physical locations,
//! the schema declaration as a related location, and fixes as replacements.

use serde_json::{Value, json};

use super::Location;
use crate::edit::{Applicability, Intent};
use crate::report::{Finding, Report, Severity};
use crate::rules::RULES;

fn level(s: Severity) -> &'static str {
    match s {
        Severity::Error => "error",
        Severity::Warning => "warning",
    }
}

fn location(report: &Report, file: crate::source::FileId, span: &crate::source::Span) -> Value {
    let source = report.files.get(file);
    let at = Location::of(source, span);
    json!({
        "physicalLocation": {
            "artifactLocation": { "uri": source.name, "uriBaseId": "SRCROOT" },
            "region": {
                "startLine": at.line,
                "startColumn": at.column,
                "endLine": at.end_line,
                "endColumn": at.end_column,
            }
        }
    })
}

/// The SARIF log of a report, with a final newline.
pub fn render(report: &Report) -> String {
    let rules: Vec<Value> = RULES
        .iter()
        .map(|r| {
            json!({
                "id": r.code,
                "name": r.name,
                "shortDescription": { "text": r.summary },
                "fullDescription": { "text": r.summary },
                "help": { "text": r.doc(), "markdown": r.doc() },
                "defaultConfiguration": { "level": level(r.severity) },
            })
        })
        .collect();
    let results: Vec<Value> = report
        .findings
        .iter()
        .map(|f| {
            let index = RULES
                .iter()
                .position(|r| r.code == f.rule.code)
                .unwrap_or(0);
            let mut related = Vec::new();
            if let Some((file, span)) = &f.declared {
                let mut l = location(report, *file, span);
                l["id"] = json!(related.len());
                l["message"] = json!({ "text": "declared here" });
                related.push(l);
            }
            for (file, span, label) in &f.related {
                let mut l = location(report, *file, span);
                l["id"] = json!(related.len());
                l["message"] = json!({ "text": label });
                related.push(l);
            }
            let mut result = json!({
                "ruleId": f.rule.code,
                "ruleIndex": index,
                "level": level(f.severity),
                "message": { "text": f.message },
                "locations": [location(report, f.file, &f.span)],
                "partialFingerprints": { "envlint/v1": crate::report::fingerprint(report, f) },
            });
            if let Some(v) = &f.variable {
                result["properties"] = json!({ "variable": v });
            }
            if let Some(help) = &f.help {
                result["message"]["markdown"] = json!(format!("{}\n\n{help}", f.message));
                result["properties"]["help"] = json!(help);
            }
            if !related.is_empty() {
                result["relatedLocations"] = json!(related);
            }
            if let Some(fix) = sarif_fix(report, f) {
                result["fixes"] = json!([fix]);
            }
            result
        })
        .collect();
    let log = json!({
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": {
                "driver": {
                    "name": "envlint",
                    "version": env!("CARGO_PKG_VERSION"),
                    "informationUri": "https://github.com/omniroute/envlint",
                    "rules": rules,
                }
            },
            "originalUriBaseIds": {
                "SRCROOT": { "description": { "text": "The root envlint checked (--root)." } }
            },
            "results": results,
        }]
    });
    let mut text = serde_json::to_string_pretty(&log).expect("SARIF serialises");
    text.push('\n');
    text
}

/// A safe fix that replaces a stated value, as SARIF describes fixes: a deleted region and
/// the inserted text. Inserted entries and rows are laid out by `envlint fix` against the
/// whole file, so they are not offered here.
fn sarif_fix(report: &Report, f: &Finding) -> Option<Value> {
    let fix = f.fix.as_ref()?;
    let description = if fix.applicability == Applicability::Safe {
        "run `envlint fix`"
    } else {
        "a suggestion: it rewrites text a person wrote; `envlint fix --unsafe` applies it"
    };
    let source = report.files.get(f.file);
    let (span, text) = match &fix.intent {
        Intent::SetValue { span, value, .. } => (span.clone(), value.clone().unwrap_or_default()),
        Intent::SetDescription { span, text } => (span.clone(), text.clone()),
        Intent::Replace { edits } => match edits.as_slice() {
            [(span, text)] => (span.clone(), text.clone()),
            _ => return None,
        },
        Intent::Insert { .. } => return None,
    };
    let at = Location::of(source, &span);
    Some(json!({
        "description": { "text": description },
        "artifactChanges": [{
            "artifactLocation": { "uri": source.name, "uriBaseId": "SRCROOT" },
            "replacements": [{
                "deletedRegion": {
                    "startLine": at.line,
                    "startColumn": at.column,
                    "endLine": at.end_line,
                    "endColumn": at.end_column,
                },
                "insertedContent": { "text": text }
            }]
        }]
    }))
}
