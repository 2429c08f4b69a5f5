//! The `odata-codegen` executable.

/// Generated code is built from millions of small allocations (tokens, syntax trees), where
/// mimalloc is markedly faster than the system allocator.
#[cfg(feature = "mimalloc")]
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> std::process::ExitCode {
    #[cfg(feature = "mimalloc")]
    return_freed_memory_soon();
    odata_codegen_cli::main()
}

/// mimalloc keeps freed pages 10 ms before it returns them to the OS, which lifts the peak
/// resident memory of a generation well above the system allocator's (Microsoft Graph v1.0:
/// 91-156 MB against 59-73 MB); after 1 ms the peak is 82-87 MB at the same speed, while
/// returning them at once costs ~20 % (measured with `MIMALLOC_PURGE_DELAY`, 11 runs each).
#[cfg(feature = "mimalloc")]
fn return_freed_memory_soon() {
    // `mi_option_purge_delay` of mimalloc's `mi_option_e` (v2 and v3 alike, as shipped by
    // libmimalloc-sys 0.1.49, which the workspace pins exactly); the -sys crate names no
    // constant for it.
    const PURGE_DELAY: libmimalloc_sys::mi_option_t = 15;
    // SAFETY: setting an option is a plain store into mimalloc's option table.
    unsafe { libmimalloc_sys::mi_option_set(PURGE_DELAY, 1) };
}
