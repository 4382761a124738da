//! What is done to a message once sent: read, react, delete.

use crate::ids::{IntoMessageId, MessageId};
use crate::{Client, Error, call, types};

/// Defines a builder that only takes the message's ID.
macro_rules! id_action {
    ($(#[$doc:meta])* $name:ident => $op:ident) => {
        $(#[$doc])*
        #[derive(Debug)]
        #[must_use = "nothing happens until `.send().await`"]
        pub struct $name<'a> {
            client: &'a Client,
            id: Result<MessageId, Error>,
        }

        impl<'a> $name<'a> {
            pub(crate) fn new(client: &'a Client, id: impl IntoMessageId) -> Self {
                $name {
                    client,
                    id: id
                        .into_message_id()
                        .map_err(|e| e.for_argument("message_id")),
                }
            }

            /// Sends the request; an invalid ID fails before any request.
            pub async fn send(self) -> Result<types::ResponseSuccess, Error> {
                let id = self.id?;
                let request = self.client.raw().$op().message_id(id.raw());
                call::run(self.client.timeout(), None, request.send()).await
            }
        }
    };
}

id_action! {
    /// Marks a message as read. From [`Messages::mark_read`](super::Messages::mark_read).
    MarkRead => mark_message_as_read
}

id_action! {
    /// Deletes a message. From [`Messages::delete`](super::Messages::delete).
    Delete => delete_message
}

id_action! {
    /// Removes your reaction from a message. From
    /// [`Messages::remove_reaction`](super::Messages::remove_reaction).
    RemoveReaction => remove_react_from_message
}

id_action! {
    /// Unpins a message. From [`Messages::unpin`](super::Messages::unpin).
    Unpin => unpin_message
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
