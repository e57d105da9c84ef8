//! `unused-suppression`: an `envlint: ignore[...]` or a schema `ignore` that suppresses nothing.

use super::{Context, Finding, declare_rule};

declare_rule! {
    /// ## What it does
    /// Reports an inline `envlint: ignore[rule, ...]` comment that suppresses no finding
    /// on its line or the line below, one that names something that is not a rule, and a
    /// variable's `ignore = [...]` entry in the schema that suppresses nothing.
    ///
    /// ## Why it matters
    /// A suppression outlives the drift it excused; left in place it would silence the
    /// next, unrelated drift at the same spot without anyone deciding so.
    ///
    /// ## Example
    /// `# envlint: ignore[default-mismatch]` above `# QDRANT_PORT=6333` after the value
    /// was corrected.
    ///
    /// ## Fix
    /// Remove the suppression, or move it to the finding's line or the line above.
    name: "unused-suppression", code: "EL012", severity: Warning,
    summary: "a suppression suppresses nothing",
    check: check,
}

/// Suppressions are weighed after every other rule has run (see `check::suppress`), so
/// this rule's findings come from there; it has nothing to check on its own.
fn check(_: &Context, _: &mut Vec<Finding>) {}
