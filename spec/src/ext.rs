//! Conveniences on generated response types. They are inherent methods, so
//! they live in the crate that defines the types; each is compiled with the
//! area (feature) its type belongs to.

#![cfg_attr(
    not(any(feature = "messages", feature = "media", feature = "users")),
    allow(unused_imports)
)]

use crate::error::{DecodeError, Error};
#[cfg(feature = "messages")]
use crate::ids::MessageId;
use crate::types;
#[cfg(feature = "users")]
use base64::Engine as _;

#[cfg(feature = "messages")]
impl types::SentMessage {
    /// The ID of the message sent, to quote, edit, react to or delete it.
    ///
    /// A response without a message, or whose message ID is not one, is an
    /// [`Error::Decode`] (path `message.id`): a send that succeeded always
    /// carries one.
    ///
    /// ```no_run
    /// # async fn run(client: whapi::Client) -> Result<(), whapi::Error> {
    /// let sent = client.messages().document("15551234567", whapi::Media::path("q3.pdf")).send().await?;
    /// client.messages().react(sent.message_id()?, "👍").send().await?;
    /// # Ok(()) }
    /// ```
    pub fn message_id(&self) -> Result<MessageId, Error> {
        let id = self.message.as_ref().map(|m| m.id.as_str());
        let failure = |message: &str| {
            Error::from(DecodeError {
                status: None,
                path: "message.id".into(),
                message: message.into(),
                excerpt: crate::ids::shown(id.unwrap_or_default()),
            })
        };
        match id {
            None => Err(failure("the send response carries no message")),
            Some(id) => MessageId::new(id).map_err(|_| failure("not a message ID")),
        }
    }
}

#[cfg(feature = "media")]
impl types::UploadMediaResponse {
    /// The ID of the media uploaded, for `whapi::Media::id` in any send.
    ///
    /// A response without one is an [`Error::Decode`] (path `media[0].id`):
    /// an upload that succeeded always carries one.
    pub fn media_id(&self) -> Result<String, Error> {
        match self.media.first().and_then(|m| m.id.as_ref()) {
            Some(id) => Ok(id.to_string()),
            None => Err(DecodeError {
                status: None,
                path: "media[0].id".into(),
                message: "the upload response carries no media ID".into(),
                excerpt: String::new(),
            }
            .into()),
        }
    }
}

#[cfg(feature = "users")]
impl types::Qr {
    /// The QR code as PNG bytes, decoded from `base64` (a `data:` prefix is
    /// accepted). A response without an image, or with one that is not
    /// base64, is an [`Error::Decode`] whose path is `base64`.
    pub fn png(&self) -> Result<Vec<u8>, Error> {
        let text = self.base64.as_deref().unwrap_or_default();
        let failure = |message: String| DecodeError {
            status: None,
            path: "base64".into(),
            message,
            excerpt: crate::error::excerpt(text.as_bytes()),
        };
        if text.is_empty() {
            return Err(failure(format!(
                "the QR response has no image (status {})",
                self.status
            ))
            .into());
        }
        base64::engine::general_purpose::STANDARD
            .decode(crate::data_url::payload(text).trim())
            .map_err(|e| failure(format!("the QR image is not valid base64: {e}")).into())
    }
}

#[cfg(feature = "channel")]
impl types::Health {
    /// Whether the channel is linked to a WhatsApp account and working
    /// (status `AUTH`). Every other status (`QR`: waiting for a scan,
    /// `INIT`, `LAUNCH`, `ERROR`, …, or one newer than this SDK) is not.
    pub fn is_authorized(&self) -> bool {
        matches!(
            self.status.text.known(),
            Some(types::ChannelStatusTextKnown::Auth)
        )
    }
}

#[cfg(feature = "contacts")]
impl types::CheckContact {
    /// Whether the number is on WhatsApp (status `valid`).
    pub fn is_valid(&self) -> bool {
        matches!(
            self.status.as_ref().and_then(|s| s.known()),
            Some(types::CheckContactStatusKnown::Valid)
        )
    }
}
