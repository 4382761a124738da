//! Messages: send every kind, list, mark read, react, delete.

mod actions;
mod contact;
mod list;
mod location;
mod media_sends;
mod options;
mod text;
mod upload;

pub use actions::{Delete, MarkRead, React};
pub use contact::{SendContact, SendInteractive};
pub use list::{ListMessages, MAX_PAGE};
pub use location::{SendLiveLocation, SendLocation};
pub use media_sends::{SendDocument, SendGif, SendSticker, SendVoice};
pub use text::SendText;
pub use upload::{MediaKind, SendMedia};

use crate::ids::{IntoChatId, IntoMessageId};
use crate::{Client, DecodeError, Error, Media, MessageId, types};

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

/// The messages handler: `client.messages()`.
///
/// Required inputs are arguments, optional ones setters, then `.send().await`.
/// `to` is a phone number or a chat ID (see [`ChatId`](crate::ChatId)).
///
/// An invalid argument fails `send()` with [`Error::InvalidInput`]
/// whose `argument` is the parameter's name as in these signatures (`to`,
/// `media`, `message_id`, `chat`, ...; a setter's parameter is named like
/// the setter), before any request.
#[derive(Debug, Clone, Copy)]
pub struct Messages<'a> {
    client: &'a Client,
}

impl<'a> Messages<'a> {
    pub(crate) fn new(client: &'a Client) -> Self {
        Messages { client }
    }

    /// A text message.
    ///
    /// ```no_run
    /// # async fn run(client: whapi::Client) -> Result<(), whapi::Error> {
    /// let sent = client.messages().text("15551234567", "Hello!").send().await?;
    /// println!("sent: {}", sent.sent);
    /// # Ok(()) }
    /// ```
    pub fn text(self, to: impl IntoChatId, text: impl Into<String>) -> SendText<'a> {
        SendText::new(self.client, to, text.into())
    }

    /// A GIF: an MP4 video shown like a GIF.
    pub fn gif(self, to: impl IntoChatId, media: impl Into<Media>) -> SendGif<'a> {
        SendGif::new(self.client, to, media)
    }

    /// A voice note.
    pub fn voice(self, to: impl IntoChatId, media: impl Into<Media>) -> SendVoice<'a> {
        SendVoice::new(self.client, to, media)
    }

    /// A document.
    ///
    /// ```no_run
    /// # async fn run(client: whapi::Client) -> Result<(), whapi::Error> {
    /// client.messages().document("15551234567", whapi::Media::path("q3.pdf")).caption("Q3").send().await?;
    /// # Ok(()) }
    /// ```
    pub fn document(self, to: impl IntoChatId, media: impl Into<Media>) -> SendDocument<'a> {
        SendDocument::new(self.client, to, media)
    }

    /// A sticker.
    pub fn sticker(self, to: impl IntoChatId, media: impl Into<Media>) -> SendSticker<'a> {
        SendSticker::new(self.client, to, media)
    }

    /// A location.
    pub fn location(self, to: impl IntoChatId, latitude: f64, longitude: f64) -> SendLocation<'a> {
        SendLocation::new(self.client, to, latitude, longitude)
    }

    /// A live location.
    pub fn live_location(
        self,
        to: impl IntoChatId,
        latitude: f64,
        longitude: f64,
    ) -> SendLiveLocation<'a> {
        SendLiveLocation::new(self.client, to, latitude, longitude)
    }

    /// A contact card: the name shown and the vCard text.
    pub fn contact(
        self,
        to: impl IntoChatId,
        name: impl Into<String>,
        vcard: impl Into<String>,
    ) -> SendContact<'a> {
        SendContact::new(self.client, to, name.into(), vcard.into())
    }

    /// An interactive message (body, footer, product).
    pub fn interactive(self, to: impl IntoChatId) -> SendInteractive<'a> {
        SendInteractive::new(self.client, to)
    }

    /// A file uploaded as the request body, with its real Content-Type.
    pub fn media(self, to: impl IntoChatId, media: impl Into<Media>) -> SendMedia<'a> {
        SendMedia::new(self.client, to, media)
    }

    /// Marks a message as read.
    pub fn mark_read(self, message_id: impl IntoMessageId) -> MarkRead<'a> {
        MarkRead::new(self.client, message_id)
    }

    /// Deletes a message (yours, or one a contact sent).
    pub fn delete(self, message_id: impl IntoMessageId) -> Delete<'a> {
        Delete::new(self.client, message_id)
    }

    /// Reacts to a message; an empty emoji removes the reaction.
    pub fn react(self, message_id: impl IntoMessageId, emoji: impl Into<String>) -> React<'a> {
        React::new(self.client, message_id, emoji.into())
    }

    /// Messages of all chats.
    pub fn list(self) -> ListMessages<'a> {
        ListMessages::new(self.client, None)
    }

    /// Messages of one chat.
    pub fn list_in(self, chat: impl IntoChatId) -> ListMessages<'a> {
        ListMessages::in_chat(self.client, chat)
    }
}
