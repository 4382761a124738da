//! The Whapi.Cloud client that `whapi-rs`'s build script generates with
//! progenitor from `whapi.openapi.json`, and the runtime it needs (auth,
//! retries, tracing, open enums, secret headers) and the types a user holds
//! beside the generated ones (errors, chat and message IDs).
//!
//! Use it through the [`whapi`](https://docs.rs/whapi) crate: its facade
//! re-exports the types (`whapi::types`) and the raw client
//! (`whapi::raw`). This crate exists so that the generated code is compiled
//! once, as a dependency, instead of being re-checked with every edit of
//! the facade. Items marked hidden are the facade's, not an API.
#![deny(missing_docs)]

mod generated {
    // The generated code is excluded from lints here, at its `include!`.
    #![allow(
        missing_docs,
        unused_imports,
        dead_code,
        clippy::all,
        clippy::pedantic,
        rustdoc::all
    )]

    include!(concat!(env!("OUT_DIR"), "/whapi_generated.rs"));
}

#[doc(hidden)]
pub mod data_url;
#[doc(hidden)]
pub mod error;
mod ext;
#[doc(hidden)]
pub mod hooks;
#[doc(hidden)]
pub mod ids;
mod open_enum;
#[doc(hidden)]
pub mod retry;
mod secret_headers;
#[doc(hidden)]
pub mod state;

pub use generated::*;
pub use open_enum::OpenEnum;
pub use retry::RetryPolicy;
pub use secret_headers::SecretHeaders;

/// The pruned spec of the enabled areas, as the wire states it: what
/// `whapi::mock` serves.
#[doc(hidden)]
pub const SPEC_JSON: &str = include_str!(concat!(env!("OUT_DIR"), "/whapi_spec.json"));

/// Where the build script wrote the generated code, for the tests that hold
/// it to what the generator makes of the spec.
#[doc(hidden)]
pub const GENERATED_PATH: &str = concat!(env!("OUT_DIR"), "/whapi_generated.rs");
