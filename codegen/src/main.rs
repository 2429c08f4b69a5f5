//! The `odata-codegen` executable.

/// Generated code is built from millions of small allocations (tokens, syntax trees), where
/// mimalloc is markedly faster than the system allocator.
#[cfg(feature = "mimalloc")]
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> std::process::ExitCode {
    odata_codegen::cli::main()
}
