//! Text sends.

use super::options::{SendOptions, body};
use crate::ids::IntoChatId;
use crate::{ChatId, Client, Error, call, types};

/// Whapi's limit on a text message's body, in characters.
const MAX_TEXT: usize = 4096;

/// A text message. From [`Messages::text`](super::Messages::text).
#[derive(Debug)]
#[must_use = "a send does nothing until `.send().await`"]
pub struct SendText<'a> {
    client: &'a Client,
    to: Result<ChatId, Error>,
    text: String,
    no_link_preview: Option<bool>,
    typing_time: Option<f64>,
    options: SendOptions,
}

impl<'a> SendText<'a> {
    pub(crate) fn new(client: &'a Client, to: impl IntoChatId, text: String) -> Self {
        SendText {
            client,
            to: to.into_chat_id(),
            text,
            no_link_preview: None,
            typing_time: None,
            options: SendOptions::default(),
        }
    }

    /// Replies to (quotes) this message.
    pub fn quoted(mut self, message: impl crate::ids::IntoMessageId) -> Self {
        self.options.quoted(message);
        self
    }

    /// Edits this earlier message of yours instead of sending a new one.
    pub fn edit(mut self, message: impl crate::ids::IntoMessageId) -> Self {
        self.options.edit(message);
        self
    }

    /// Sends links without their preview.
    pub fn no_link_preview(mut self, no_preview: bool) -> Self {
        self.no_link_preview = Some(no_preview);
        self
    }

    /// Shows "typing…" for this many seconds before the message arrives.
    pub fn typing_time(mut self, seconds: f64) -> Self {
        self.typing_time = Some(seconds);
        self
    }

    /// Sends the message. An invalid recipient or an empty or too long text
    /// fails with [`Error::InvalidInput`] before any request.
    pub async fn send(mut self) -> Result<types::SentMessage, Error> {
        let to = self.options.check(self.to)?;
        if self.text.trim().is_empty() {
            return Err(Error::invalid("text", "is empty"));
        }
        if self.text.chars().count() > MAX_TEXT {
            return Err(Error::invalid(
                "text",
                format!("longer than {MAX_TEXT} characters"),
            ));
        }
        let mut b = types::SenderText::builder()
            .to(String::from(to.recipient()?.as_str()))
            .body(self.text)
            .no_link_preview(self.no_link_preview)
            .typing_time(self.typing_time);
        if let Some(id) = self.options.quoted.as_ref() {
            b = b.quoted(Some(
                String::from(id.raw())
                    .try_into()
                    .map_err(|e| Error::invalid("quoted", format!("{e}")))?,
            ));
        }
        if let Some(id) = self.options.edit.as_ref() {
            b = b.edit(Some(
                String::from(id.raw())
                    .try_into()
                    .map_err(|e| Error::invalid("edit", format!("{e}")))?,
            ));
        }
        let request = self
            .client
            .raw()
            .send_message_text()
            .body(body::<_, types::SenderText>(b)?);
        call::run(self.client.timeout(), None, request.send()).await
    }
}
