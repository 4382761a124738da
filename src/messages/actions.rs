//! What is done to a message once sent: read, react, delete.

use crate::ids::{IntoMessageId, MessageId};
use crate::{Client, Error, call, types};

/// Marks a message as read. From [`Messages::mark_read`](super::Messages::mark_read).
#[derive(Debug)]
#[must_use = "nothing happens until `.send().await`"]
pub struct MarkRead<'a> {
    client: &'a Client,
    id: Result<MessageId, Error>,
}

impl<'a> MarkRead<'a> {
    pub(crate) fn new(client: &'a Client, id: impl IntoMessageId) -> Self {
        MarkRead {
            client,
            id: id
                .into_message_id()
                .map_err(|e| e.for_argument("message_id")),
        }
    }

    /// Sends the request; an invalid ID fails before any request.
    pub async fn send(self) -> Result<types::ResponseSuccess, Error> {
        let id = self.id?;
        let request = self
            .client
            .raw()
            .mark_message_as_read()
            .message_id(id.raw());
        call::run(self.client.timeout(), None, request.send()).await
    }
}

/// Deletes a message. From [`Messages::delete`](super::Messages::delete).
#[derive(Debug)]
#[must_use = "nothing happens until `.send().await`"]
pub struct Delete<'a> {
    client: &'a Client,
    id: Result<MessageId, Error>,
}

impl<'a> Delete<'a> {
    pub(crate) fn new(client: &'a Client, id: impl IntoMessageId) -> Self {
        Delete {
            client,
            id: id
                .into_message_id()
                .map_err(|e| e.for_argument("message_id")),
        }
    }

    /// Sends the request; an invalid ID fails before any request.
    pub async fn send(self) -> Result<types::ResponseSuccess, Error> {
        let id = self.id?;
        let request = self.client.raw().delete_message().message_id(id.raw());
        call::run(self.client.timeout(), None, request.send()).await
    }
}

/// Reacts to a message. From [`Messages::react`](super::Messages::react).
#[derive(Debug)]
#[must_use = "nothing happens until `.send().await`"]
pub struct React<'a> {
    client: &'a Client,
    id: Result<MessageId, Error>,
    emoji: String,
}

impl<'a> React<'a> {
    pub(crate) fn new(client: &'a Client, id: impl IntoMessageId, emoji: String) -> Self {
        React {
            client,
            id: id
                .into_message_id()
                .map_err(|e| e.for_argument("message_id")),
            emoji,
        }
    }

    /// Sends the request; an invalid ID fails before any request. An empty
    /// emoji removes your reaction.
    pub async fn send(self) -> Result<types::ResponseSuccess, Error> {
        let id = self.id?;
        if self.emoji.chars().count() > 16 {
            return Err(Error::invalid("emoji", "one emoji, not a text"));
        }
        let request = self
            .client
            .raw()
            .react_to_message()
            .message_id(id.raw())
            .body(types::ReactToMessage {
                emoji: Some(self.emoji),
            });
        call::run(self.client.timeout(), None, request.send()).await
    }
}
