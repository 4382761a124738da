//! One message: get it, forward it, pin it, star it.

use crate::ids::{IntoChatId, IntoMessageId, MessageId};
use crate::{ChatId, Client, Error, call, types};

/// How long a message stays pinned.
pub use crate::types::PinTime;

fn message_id(id: impl IntoMessageId) -> Result<MessageId, Error> {
    id.into_message_id()
        .map_err(|e| e.for_argument("message_id"))
}

/// Gets one message. From [`Messages::get`](super::Messages::get).
#[derive(Debug)]
#[must_use = "nothing happens until `.send().await`"]
pub struct GetMessage<'a> {
    client: &'a Client,
    id: Result<MessageId, Error>,
    resync: Option<bool>,
}

impl<'a> GetMessage<'a> {
    pub(crate) fn new(client: &'a Client, id: impl IntoMessageId) -> Self {
        GetMessage {
            client,
            id: message_id(id),
            resync: None,
        }
    }

    /// Fetches the message from the phone again instead of the API's copy.
    pub fn resync(mut self, resync: bool) -> Self {
        self.resync = Some(resync);
        self
    }

    /// Sends the request; an invalid ID fails before any request.
    pub async fn send(self) -> Result<types::Message, Error> {
        let id = self.id?;
        let mut request = self.client.raw().get_message().message_id(id.raw());
        if let Some(r) = self.resync {
            request = request.resync(r);
        }
        call::run(self.client.timeout(), None, request.send()).await
    }
}

/// Forwards a message to a chat. From [`Messages::forward`](super::Messages::forward).
#[derive(Debug)]
#[must_use = "nothing happens until `.send().await`"]
pub struct Forward<'a> {
    client: &'a Client,
    id: Result<MessageId, Error>,
    to: Result<ChatId, Error>,
    force: Option<bool>,
}

impl<'a> Forward<'a> {
    pub(crate) fn new(client: &'a Client, id: impl IntoMessageId, to: impl IntoChatId) -> Self {
        Forward {
            client,
            id: message_id(id),
            to: to.into_chat_id().map_err(|e| e.for_argument("to")),
            force: None,
        }
    }

    /// Forwards even a message the API does not know yet (not synced).
    pub fn force(mut self, force: bool) -> Self {
        self.force = Some(force);
        self
    }

    /// Forwards the message; invalid IDs fail before any request. Like
    /// every send, it is retried only when it never left.
    pub async fn send(self) -> Result<types::SentMessage, Error> {
        let id = self.id?;
        let to = self.to?;
        let body = types::ForwardMessage {
            force: self.force,
            to: String::from(to.as_str())
                .try_into()
                .map_err(|e| Error::invalid("to", format!("{e}")))?,
        };
        let request = self
            .client
            .raw()
            .forward_message()
            .message_id(id.raw())
            .body(body);
        call::run(self.client.timeout(), None, request.send()).await
    }
}

/// Pins a message in its chat. From [`Messages::pin`](super::Messages::pin).
#[derive(Debug)]
#[must_use = "nothing happens until `.send().await`"]
pub struct Pin<'a> {
    client: &'a Client,
    id: Result<MessageId, Error>,
    time: Option<PinTime>,
}

impl<'a> Pin<'a> {
    pub(crate) fn new(client: &'a Client, id: impl IntoMessageId) -> Self {
        Pin {
            client,
            id: message_id(id),
            time: None,
        }
    }

    /// For how long (the API's default when not set).
    pub fn time(mut self, time: PinTime) -> Self {
        self.time = Some(time);
        self
    }

    /// Sends the request; an invalid ID fails before any request.
    pub async fn send(self) -> Result<types::ResponseSuccess, Error> {
        let id = self.id?;
        let request = self
            .client
            .raw()
            .pin_message()
            .message_id(id.raw())
            .body(types::Pin { time: self.time });
        call::run(self.client.timeout(), None, request.send()).await
    }
}

/// Stars or unstars a message. From [`Messages::star`](super::Messages::star)
/// and [`Messages::unstar`](super::Messages::unstar).
#[derive(Debug)]
#[must_use = "nothing happens until `.send().await`"]
pub struct Star<'a> {
    client: &'a Client,
    id: Result<MessageId, Error>,
    starred: bool,
}

impl<'a> Star<'a> {
    pub(crate) fn new(client: &'a Client, id: impl IntoMessageId, starred: bool) -> Self {
        Star {
            client,
            id: message_id(id),
            starred,
        }
    }

    /// Sends the request; an invalid ID fails before any request.
    pub async fn send(self) -> Result<types::ResponseSuccess, Error> {
        let id = self.id?;
        let request = self
            .client
            .raw()
            .star_message()
            .message_id(id.raw())
            .body(types::Star {
                starred: Some(self.starred),
            });
        call::run(self.client.timeout(), None, request.send()).await
    }
}
