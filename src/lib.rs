//! Typed Rust SDK for the Whapi.Cloud WhatsApp REST API.
#![deny(missing_docs)]

mod api;
pub mod hooks;
#[cfg(feature = "mock")]
pub mod mock;
mod open_enum;

pub use open_enum::OpenEnum;

/// The generated request and response types.
pub use api::types;

/// The generated client: every operation of the spec, builder style.
pub mod raw {
    pub use crate::api::builder;
    pub use crate::api::{Client, ClientInfo, Error, ResponseValue};
}
