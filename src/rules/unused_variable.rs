//! `unused-variable`: a variable that code must read is read nowhere.

use super::{Context, Finding, declare_rule};
use crate::facts::MentionKind;
use crate::schema::SurfaceName;

declare_rule! {
    /// ## What it does
    /// Reports a declared variable whose `on` includes `code` when no file under the
    /// code roots reads it (`process.env.X`, `env.X`, `std::env::var("X")`, ...).
    ///
    /// ## Why it matters
    /// A variable nobody reads is a knob wired to nothing: users set it and nothing
    /// changes. It is often the other half of a renamed read (`undeclared-variable`).
    ///
    /// ## Example
    /// The schema declares `QDRANT_COLLECTION`, but `src/lib/memory/qdrant.ts` reads
    /// `process.env.QDRANT_COLECTION`.
    ///
    /// ## Fix
    /// Read it, correct the read's name, or drop `code` from the variable's `on` (a
    /// variable only compose uses, say).
    name: "unused-variable", code: "EL010", severity: Error,
    summary: "a variable that code must read is read nowhere",
    check: check,
}

fn check(ctx: &Context, out: &mut Vec<Finding>) {
    let Some(code) = &ctx.schema.code else {
        return;
    };
    let read = |name: &str| {
        ctx.surfaces
            .iter()
            .filter(|s| s.kind == SurfaceName::Code)
            .flat_map(|s| &s.mentions)
            .any(|m| m.kind == MentionKind::Read && m.name == name)
    };
    for v in &ctx.schema.variables {
        if v.required_on(SurfaceName::Code) && !read(&v.name) {
            let mut f = Finding::new(
                &RULE,
                ctx.schema_file,
                v.span.clone(),
                format!(
                    "`{}` must be read by code, but nothing under {} reads it",
                    v.name,
                    code.roots.join(", ")
                ),
            )
            .label("declared here, read nowhere")
            .help("read it, correct the name a read uses, or drop `code` from its `on`");
            f.variable = Some(v.name.clone());
            out.push(f);
        }
    }
}
