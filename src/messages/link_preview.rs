//! A text with a link preview of your making.

use super::options::{SendOptions, apply_options, body, option_setters};
use crate::ids::IntoChatId;
use crate::{ChatId, Client, Error, Media, call, types};

/// A text whose link preview you choose (title, description, image). From
/// [`Messages::link_preview`](super::Messages::link_preview).
#[derive(Debug)]
#[must_use = "a send does nothing until `.send().await`"]
pub struct SendLinkPreview<'a> {
    client: &'a Client,
    to: Result<ChatId, Error>,
    text: String,
    title: String,
    description: Option<String>,
    canonical: Option<String>,
    preview: Option<String>,
    image: Option<Media>,
    options: SendOptions,
}

impl<'a> SendLinkPreview<'a> {
    pub(crate) fn new(
        client: &'a Client,
        to: impl IntoChatId,
        text: String,
        title: String,
    ) -> Self {
        SendLinkPreview {
            client,
            to: to.into_chat_id().map_err(|e| e.for_argument("to")),
            text,
            title,
            description: None,
            canonical: None,
            preview: None,
            image: None,
            options: SendOptions::default(),
        }
    }

    /// The preview's description, under its title.
    pub fn description(mut self, description: impl Into<String>) -> Self {
        self.description = Some(description.into());
        self
    }

    /// The link the preview opens (default: the first link of the text).
    pub fn canonical(mut self, canonical: impl Into<String>) -> Self {
        self.canonical = Some(canonical.into());
        self
    }

    /// A base64 JPEG thumbnail.
    pub fn preview(mut self, preview: impl Into<String>) -> Self {
        self.preview = Some(preview.into());
        self
    }

    /// The preview's image.
    pub fn image(mut self, image: impl Into<Media>) -> Self {
        self.image = Some(image.into());
        self
    }

    option_setters!(quoted edit mentions);

    /// Sends the message; an empty text or title, or invalid options, fail
    /// before any request.
    pub async fn send(mut self) -> Result<types::SentMessage, Error> {
        let to = self.options.check(self.to)?;
        if !self.text.contains("http://") && !self.text.contains("https://") {
            return Err(Error::invalid("text", "holds no http(s) link to preview"));
        }
        if self.title.trim().is_empty() {
            return Err(Error::invalid("title", "is empty"));
        }
        let mut b = types::SenderLinkPreview::builder()
            .to(to)
            .body(self.text)
            .title(self.title)
            .description(self.description)
            .canonical(self.canonical)
            .preview(self.preview);
        if let Some(image) = self.image {
            let image = image.resolve().await.map_err(|e| e.for_argument("image"))?;
            b = b.media(image.value).mime_type(image.mime);
        }
        let b = apply_options!(b, self.options; quoted edit mentions);
        let body = body::<_, types::SenderLinkPreview>(b)?;
        call::post_json(
            self.client,
            "send_message_link_preview",
            "/messages/link_preview",
            Ok(body),
        )
        .await
    }
}
