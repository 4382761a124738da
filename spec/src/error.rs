//! The one error type of the crate.

use crate::retry::parse_retry_after;
use crate::types;
use std::io;
use std::path::PathBuf;
use std::time::Duration;

/// The longest body excerpt an error keeps (bytes).
pub const BODY_EXCERPT_LIMIT: usize = 1024;

/// Everything that can go wrong in a call.
///
/// Nothing from the network can make the client panic: every malformed,
/// truncated or unexpected response ends here.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The API answered with an error status.
    #[error("{0}")]
    Api(Box<ApiError>),
    /// The request could not be sent or the response could not be read
    /// (connection refused or reset, TLS, DNS, ...).
    #[error("transport error: {message}")]
    Transport {
        /// What failed, without the request body or credentials.
        message: String,
        /// The underlying error.
        #[source]
        source: Box<dyn std::error::Error + Send + Sync>,
    },
    /// No complete response arrived within the configured timeout.
    #[error("timed out after {0:?}")]
    Timeout(Duration),
    /// The response arrived but its body is not what the spec documents.
    #[error("{0}")]
    Decode(Box<DecodeError>),
    /// An argument was rejected before any request was made.
    #[error("invalid argument `{argument}`: {reason}")]
    InvalidInput {
        /// The argument's name, as in the method signature.
        argument: &'static str,
        /// Why it was rejected.
        reason: String,
    },
    /// A local file could not be read (a `whapi::Media::path`),
    /// before any request was made.
    #[error("cannot read `{}`: {source}", path.display())]
    Io {
        /// The file.
        path: PathBuf,
        /// What went wrong, to match on (`NotFound`, `PermissionDenied`, ...).
        kind: io::ErrorKind,
        /// The error itself.
        #[source]
        source: io::Error,
    },
}

/// An error status from the API, with its documented error body when it had one.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error("API error {status}: {message}{}", details.as_deref().map(|d| format!(" ({d})")).unwrap_or_default())]
#[non_exhaustive]
pub struct ApiError {
    /// The HTTP status.
    pub status: u16,
    /// The API's error code (`error.code`), when the body had one.
    pub code: Option<i64>,
    /// The API's message, or a body excerpt when the body was not the
    /// documented error shape.
    pub message: String,
    /// The API's details (`error.details`).
    pub details: Option<String>,
    /// How long the server asked to wait (`Retry-After`), if it said.
    pub retry_after: Option<Duration>,
    /// The documented error body, when the response carried one.
    pub body: Option<types::ResponseError>,
}

/// A response body that does not decode into its documented type.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error("cannot decode the {status_text} response body at `{path}`: {message}; body starts: {excerpt:?}", status_text = status.map(|s| s.to_string()).unwrap_or_else(|| "HTTP".into()))]
#[non_exhaustive]
pub struct DecodeError {
    /// The HTTP status of the response, when known.
    pub status: Option<u16>,
    /// The JSON path where decoding failed (`messages[3].type`), `.` for the root.
    pub path: String,
    /// What was wrong there.
    pub message: String,
    /// The start of the body, at most [`BODY_EXCERPT_LIMIT`] bytes, lossily UTF-8.
    pub excerpt: String,
}

impl DecodeError {
    /// For the facade, which cannot build a non-exhaustive struct.
    #[doc(hidden)]
    pub fn new(status: Option<u16>, path: &str, message: String, excerpt: String) -> DecodeError {
        DecodeError {
            status,
            path: path.to_owned(),
            message,
            excerpt,
        }
    }
}

impl From<ApiError> for Error {
    fn from(e: ApiError) -> Error {
        Error::Api(Box::new(e))
    }
}

impl From<DecodeError> for Error {
    fn from(e: DecodeError) -> Error {
        Error::Decode(Box::new(e))
    }
}

impl Error {
    /// The HTTP status the error carries, if a response arrived.
    pub fn status(&self) -> Option<u16> {
        match self {
            Error::Api(e) => Some(e.status),
            Error::Decode(e) => e.status,
            _ => None,
        }
    }

    /// Whether the request failed to connect (refused, DNS, TLS handshake):
    /// it never reached the server, so even a send can safely be tried again.
    pub fn is_connect(&self) -> bool {
        let Error::Transport { source, .. } = self else {
            return false;
        };
        let mut next: Option<&(dyn std::error::Error + 'static)> = Some(source.as_ref());
        while let Some(e) = next {
            if e.downcast_ref::<reqwest::Error>()
                .is_some_and(reqwest::Error::is_connect)
            {
                return true;
            }
            next = e.source();
        }
        false
    }

    /// Whether no complete response arrived in time ([`Error::Timeout`]).
    pub fn is_timeout(&self) -> bool {
        matches!(self, Error::Timeout(_))
    }

    /// Whether trying the same call again later may succeed: timeouts,
    /// transport failures, 429 and 5xx. (Whether the client retries by itself
    /// depends on the method: see [`RetryPolicy`](crate::RetryPolicy).)
    pub fn is_retryable(&self) -> bool {
        match self {
            Error::Api(e) => e.status == 429 || e.status >= 500,
            Error::Transport { .. } | Error::Timeout(_) => true,
            Error::Decode(e) => e.status.is_some_and(|s| s >= 500),
            Error::InvalidInput { .. } | Error::Io { .. } => false,
        }
    }

    /// How long the server asked to wait before retrying, if it said.
    pub fn retry_after(&self) -> Option<Duration> {
        match self {
            Error::Api(e) => e.retry_after,
            _ => None,
        }
    }

    #[doc(hidden)]
    pub fn invalid(argument: &'static str, reason: impl Into<String>) -> Error {
        Error::InvalidInput {
            argument,
            reason: reason.into(),
        }
    }

    /// The same error, an invalid input named after the caller's parameter
    /// (`ChatId::new` says `chat`; `document(to, ..)` says `to`).
    #[doc(hidden)]
    pub fn for_argument(self, argument: &'static str) -> Error {
        match self {
            Error::InvalidInput { reason, .. } => Error::InvalidInput { argument, reason },
            other => other,
        }
    }

    #[doc(hidden)]
    pub fn io(path: PathBuf, source: io::Error) -> Error {
        Error::Io {
            path,
            kind: source.kind(),
            source,
        }
    }
}

/// The start of a body, lossily decoded, cut at a character boundary.
pub fn excerpt(body: &[u8]) -> String {
    let cut = &body[..body.len().min(BODY_EXCERPT_LIMIT)];
    let mut text = String::from_utf8_lossy(cut).into_owned();
    if body.len() > BODY_EXCERPT_LIMIT {
        // Keep the excerpt within the limit even after lossy replacement.
        while text.len() > BODY_EXCERPT_LIMIT {
            text.pop();
        }
        text.push('…');
    }
    text
}

/// Decodes `body` as `T`, naming the JSON path on failure.
pub fn decode<T: serde::de::DeserializeOwned>(
    body: &[u8],
    status: Option<u16>,
) -> Result<T, DecodeError> {
    let mut de = serde_json::Deserializer::from_slice(body);
    serde_path_to_error::deserialize(&mut de).map_err(|e| DecodeError {
        status,
        path: e.path().to_string(),
        message: e.inner().to_string(),
        excerpt: excerpt(body),
    })
}

impl ApiError {
    #[doc(hidden)]
    pub fn from_parts(
        status: u16,
        headers: &reqwest::header::HeaderMap,
        body: Option<types::ResponseError>,
        raw: Option<&[u8]>,
    ) -> ApiError {
        let retry_after = parse_retry_after(headers.get(reqwest::header::RETRY_AFTER));
        match body {
            Some(b) => ApiError {
                status,
                code: Some(b.error.code.into()),
                message: b.error.message.clone(),
                details: b.error.details.clone().filter(|d| !d.is_empty()),
                retry_after,
                body: Some(b),
            },
            None => ApiError {
                status,
                code: None,
                message: raw
                    .map(excerpt)
                    .filter(|e| !e.is_empty())
                    .unwrap_or_else(|| {
                        reqwest::StatusCode::from_u16(status)
                            .ok()
                            .and_then(|s| s.canonical_reason())
                            .unwrap_or("error")
                            .to_owned()
                    }),
                details: None,
                retry_after,
                body: None,
            },
        }
    }
}
