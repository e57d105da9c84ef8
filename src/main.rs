//! The `envlint` binary.

fn main() -> std::process::ExitCode {
    envlint::cli::main()
}
