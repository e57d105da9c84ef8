//! envlint: keeps one declaration of a deployment's environment variables honest everywhere
//! it is restated.
//!
//! The modules stand on floors, bottom up; each imports only modules on the floors below
//! it (`tests/layers.rs` holds the list and keeps it so):
//!
//! 1. `source`, `error`, `staged`: files, the errors that end a run, the git index;
//! 2. `schema`: the declaration;
//! 3. `facts`: every type a surface hands the rules, and the verdict on a stated value;
//! 4. `edit`: fixes as data, byte edits, the atomic writer;
//! 5. `surfaces`: the adapters, one per kind of file;
//! 6. `report`: rules' identity, findings, the report, fingerprints;
//! 7. `rules`: the registry and one check per rule;
//! 8. the commands: `check`, `fix`, `regenerate` (`envlint docs`), `baseline`, `explain`,
//!    `init`;
//! 9. `render`: human, JSON, SARIF and GitHub output;
//! 10. `cli`: arguments, exit codes, printing.

pub mod baseline;
pub mod check;
pub mod cli;
pub mod edit;
pub mod error;
pub mod explain;
pub mod facts;
pub mod fix;
pub mod init;
pub mod regenerate;
pub mod render;
pub mod report;
pub mod rules;
pub mod schema;
pub mod source;
pub mod staged;
pub mod surfaces;

pub use check::{CodeWalker, discover_schema, lint, lint_dir, lint_staged, lint_with, list_files};
pub use error::Error;
pub use report::Report;
