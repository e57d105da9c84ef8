//! `parse-error`: a source file under the code roots does not parse, a dotenv line its
//! reader refuses, or a docs row whose variable cannot be read.

use super::{Context, Finding, Severity, declare_rule};
use crate::facts::Rejection;

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
    /// In a dotenv file, it reports each line the file's reader (its `dialect`) refuses: an
    /// unterminated quote, a name with a space or a character the reader does not take, a
    /// malformed `${...}` in a value the reader expands. In the `compose` dialect this is
    /// an error, since compose refuses the whole file for it; in the others a warning.
    /// A line the reader accepts or skips (Node's `dotenv` skips what it cannot match) is
    /// never reported, and the lines after a refused one are still read.
    ///
    /// In a docs table, it reports a row whose Variable cell holds what looks like a
    /// variable's name that envlint cannot read as one (`` `DB-HOST` ``, `` `X_${Y}` ``): the
    /// row is not checked, and the warning says so rather than dropping it in silence.
    ///
    /// ## Why it matters
    /// A read envlint cannot see is a read it cannot check; a warning says so instead of
    /// staying silent or stopping the whole run over one file. A dotenv line compose
    /// refuses stops `docker compose up` once the example is copied to `.env`.
    ///
    /// ## Example
    /// `src/lib/memory/qdrant.ts` has an unclosed `{` while someone is editing it;
    /// `.env.example` has `QDRANT_URL="http://qdrant:6333` with no closing quote.
    ///
    /// ## Fix
    /// Fix the syntax error, or exclude the file (`exclude` under `[surfaces.code]`). In a
    /// dotenv file, write the line as its reader reads it.
    name: "parse-error", code: "EL011", severity: Warning,
    summary: "a source file does not parse, a dotenv line its reader refuses, or a docs row envlint cannot read",
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
        let dialect = s.dialect.map_or("its reader", crate::schema::Dialect::key);
        for r in s.rejected.iter().filter(|r| r.kind == Rejection::Line) {
            let mut f = Finding::new(&RULE, s.file, r.span.clone(), r.message.clone())
                .label(format!("{dialect} stops reading here"))
                .help(if r.fatal {
                    "compose refuses the whole file for this line; the other lines were still checked"
                } else {
                    "the reader refuses this line; the other lines were still checked"
                });
            if r.fatal {
                f.severity = Severity::Error;
            }
            out.push(f);
        }
        for r in s.rejected.iter().filter(|r| r.kind == Rejection::Row) {
            out.push(
                Finding::new(&RULE, s.file, r.span.clone(), r.message.clone())
                    .label("not a variable name envlint can read")
                    .help("write the name as letters, digits and `_` (notes go after it, in parentheses)"),
            );
        }
    }
}
