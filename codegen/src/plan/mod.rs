//! Decisions computed once from the resolved model, before anything is emitted or listed:
//! every reader (emit, the API listing, the contract diff) takes them from here and decides
//! nothing itself.

pub mod query;
