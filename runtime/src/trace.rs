//! Observability through `tracing`, when the `tracing` feature is on; otherwise these macros
//! expand to nothing, so the default build carries no logging code at all.
//!
//! What is recorded: a span `odata.request` per logical request (method, URL path without
//! its query, which may hold secrets, final status), an event per attempt (number, status),
//! an event per retry wait (attempt, delay, reason), and a span `odata.token` per token
//! fetch (endpoint path, outcome). Tokens, headers, bodies and query strings never are.

/// A `tracing` event at `$level` (`debug`, `info`, `warn`), compiled only with the feature.
macro_rules! event {
    ($level:ident, $($arg:tt)*) => {
        #[cfg(feature = "tracing")]
        {
            ::tracing::$level!($($arg)*);
        }
    };
}

pub(crate) use event;

/// Runs `fut` inside a span built by `$span` (a `tracing::*_span!` call) with the feature,
/// then calls `$after(&span, &output)` to record the outcome on the span; without the
/// feature it just runs `fut`. Recording on the span itself, not `Span::current()`, works
/// with any subscriber.
macro_rules! in_span {
    ($span:expr, $fut:expr, $after:expr) => {{
        #[cfg(feature = "tracing")]
        {
            // The span first: building the future may move what the span's fields borrow.
            let span = $span;
            let output = ::tracing::Instrument::instrument($fut, span.clone()).await;
            ($after)(&span, &output);
            output
        }
        #[cfg(not(feature = "tracing"))]
        {
            $fut.await
        }
    }};
}

pub(crate) use in_span;
