//! Tests that look inside the resolved model, so they live in the crate (the model is not
//! public): one check per CSDL element kind, each degradation of the reader's table, and the
//! built-in vocabularies.

mod degradations;
mod reader_elements;
mod vocabularies;
