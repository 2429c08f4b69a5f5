//! The `odata-codegen` executable.

fn main() -> std::process::ExitCode {
    odata_codegen::cli::main()
}
