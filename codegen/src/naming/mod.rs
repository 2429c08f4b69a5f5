//! Rust names for model items: [`ident`] turns one wire name into a validated identifier,
//! [`names`] assigns every item of a finished model its Rust name once, resolving collisions
//! by one rule.

pub mod ident;
pub mod names;

pub use ident::IdentError;
pub use ident::RustName;
pub use names::Names;
