//! `parse-error`: a source file under the code roots does not parse.

use super::{Context, Finding, declare_rule};

declare_rule! {
    /// ## What it does
    /// Reports, once per file, a TypeScript/JavaScript or Rust file under the code roots
    /// that holds an owned prefix but does not parse. The run goes on: the rest of the tree
    /// is checked, and whatever reads the parser recovered are checked too. Two kinds of
    /// file are reported the same way without being parsed: a TypeScript file whose `<` left
    /// open (and `[` inside them) would make the parser reread it more than its size allows
    /// (its time and memory grow quadratically, or exponentially, with that nesting), and a
    /// file with more tokens than the largest stack envlint gives a parse could nest.
    ///
    /// ## Why it matters
    /// A read envlint cannot see is a read it cannot check; a warning says so instead of
    /// staying silent or stopping the whole run over one file.
    ///
    /// ## Example
    /// `src/lib/memory/qdrant.ts` has an unclosed `{` while someone is editing it.
    ///
    /// ## Fix
    /// Fix the syntax error, or exclude the file (`exclude` under `[surfaces.code]`).
    name: "parse-error", code: "EL011", severity: Warning,
    summary: "a source file under the code roots does not parse",
    check: check,
}

fn check(ctx: &Context, out: &mut Vec<Finding>) {
    for s in ctx.surfaces {
        if let Some((span, reason)) = &s.parse_error {
            out.push(
                Finding::new(
                    &RULE,
                    s.file,
                    span.clone(),
                    format!("this file does not parse, so its reads may be missed: {reason}"),
                )
                .label("the parser stopped here")
                .help("fix the syntax, or add the file to `exclude` under `[surfaces.code]`"),
            );
        }
    }
}
