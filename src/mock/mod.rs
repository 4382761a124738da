//! The embedded mock server (being written).
