//! Intune Data Warehouse client (generated code lands here).
