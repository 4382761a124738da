//! The raw upload: the file itself as the request body.

use super::options::{SendOptions, option_setters};
use crate::ids::IntoChatId;
use crate::media::Payload;
use crate::{ChatId, Client, Error, Media, call, types};
use reqwest::header::HeaderValue;

/// The kind of a raw-upload message.
pub use crate::types::MediaMessageTypeKnown as MediaKind;

/// Sends a file as a media message, its bytes as the body with their real
/// `Content-Type`. From [`Messages::media`](super::Messages::media).
#[derive(Debug)]
#[must_use = "a send does nothing until `.send().await`"]
pub struct SendMedia<'a> {
    client: &'a Client,
    to: Result<ChatId, Error>,
    media: Media,
    kind: Option<MediaKind>,
    caption: Option<String>,
    filename: Option<String>,
    mentions: Vec<String>,
    options: SendOptions,
}

impl<'a> SendMedia<'a> {
    pub(crate) fn new(client: &'a Client, to: impl IntoChatId, media: impl Into<Media>) -> Self {
        SendMedia {
            client,
            to: to.into_chat_id().map_err(|e| e.for_argument("to")),
            media: media.into(),
            kind: None,
            caption: None,
            filename: None,
            mentions: Vec::new(),
            options: SendOptions::default(),
        }
    }

    /// The kind of message (default: from the MIME type: image, video,
    /// audio, else document).
    pub fn kind(mut self, kind: MediaKind) -> Self {
        self.kind = Some(kind);
        self
    }

    /// Text under the media (image, video, GIF, document).
    pub fn caption(mut self, caption: impl Into<String>) -> Self {
        self.caption = Some(caption.into());
        self
    }

    /// The file name shown for documents.
    pub fn filename(mut self, name: impl Into<String>) -> Self {
        self.filename = Some(name.into());
        self
    }

    /// Mentions a user by phone number.
    pub fn mention(mut self, phone: impl Into<String>) -> Self {
        self.mentions.push(phone.into());
        self
    }

    option_setters!();

    /// Uploads and sends; invalid arguments fail before any request. A
    /// [`Media::path`] is streamed: a send of a large file holds one chunk
    /// in memory (and, its body not replayable, is never retried).
    pub async fn send(mut self) -> Result<types::SentMessage, Error> {
        let to = self.options.check(self.to)?;
        let (body, mime, file_name) = match self.media.into_payload().await? {
            Payload::Raw {
                body,
                mime,
                file_name,
            } => (body, mime, file_name),
            Payload::Url(_) => {
                return Err(Error::invalid(
                    "media",
                    "the raw upload sends file contents: use Media::path, Media::bytes or Media::base64 (URLs go through the JSON sends, e.g. messages().document(..))",
                ));
            }
        };
        let kind = self.kind.unwrap_or_else(|| kind_for(&mime));
        let content_type = HeaderValue::from_str(&mime).map_err(|_| {
            Error::invalid(
                "media",
                format!("`{}` is not a MIME type", crate::ids::shown(&mime)),
            )
        })?;
        let o = &self.options;
        let mut request = self
            .client
            .raw()
            .send_media_message()
            .media_message_type(crate::OpenEnum::Known(kind))
            .to(to)
            .body(body);
        if let Some(c) = self.caption {
            request = request.caption(c);
        }
        if let Some(f) = self.filename.or(if kind == MediaKind::Document {
            file_name
        } else {
            None
        }) {
            request = request.filename(f);
        }
        if !self.mentions.is_empty() {
            request = request.mentions(self.mentions);
        }
        if let Some(id) = &o.quoted {
            request = request.quoted(id.raw());
        }
        if let Some(id) = &o.edit {
            request = request.edit(id.raw());
        }
        if let Some(s) = o.ephemeral {
            request = request.ephemeral(s);
        }
        if let Some(v) = o.view_once {
            request = request.view_once(v);
        }
        call::run(self.client.timeout(), Some(content_type), request.send()).await
    }
}

fn kind_for(mime: &str) -> MediaKind {
    match mime.split('/').next().unwrap_or_default() {
        "image" if mime == "image/webp" => MediaKind::Sticker,
        "image" => MediaKind::Image,
        "video" => MediaKind::Video,
        "audio" => MediaKind::Audio,
        _ => MediaKind::Document,
    }
}
