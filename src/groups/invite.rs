//! Sending a group's invite to a chat.

use crate::{ChatId, Client, Error, call, types};

/// Sends a group invite message. From
/// [`Groups::send_invite`](super::Groups::send_invite). A send: retried only
/// when the request never left, so the invite is never sent twice.
#[derive(Debug)]
#[must_use = "a send does nothing until `.send().await`"]
pub struct SendInvite<'a> {
    client: &'a Client,
    invite: Result<types::InviteCode, Error>,
    to: Result<ChatId, Error>,
    text: Option<String>,
}

impl<'a> SendInvite<'a> {
    pub(crate) fn new(
        client: &'a Client,
        invite: Result<types::InviteCode, Error>,
        to: Result<ChatId, Error>,
    ) -> Self {
        SendInvite {
            client,
            invite,
            to,
            text: None,
        }
    }

    /// A message shown with the invite.
    pub fn text(mut self, text: impl Into<String>) -> Self {
        self.text = Some(text.into());
        self
    }

    /// Sends the invite; an invalid invite or chat fails before any request.
    pub async fn send(self) -> Result<types::SentMessage, Error> {
        let invite = self.invite?;
        let to = self.to?;
        let text = self.text;
        let request = self
            .client
            .raw()
            .send_group_invite()
            .invite_code(invite)
            .body_map(|b| {
                let b = b.to(to);
                match text {
                    Some(t) => b.body(Some(t)),
                    None => b,
                }
            });
        call::run(self.client.timeout(), None, request.send()).await
    }
}
