//! Presence: show typing or recording in a chat, go online or offline,
//! read and follow a contact's presence.

use crate::ids::IntoChatId;
use crate::{ChatId, Client, Error, call, types};
use types::{SendMePresenceRequestPresence as Me, SendPresenceRequestPresence as InChat};

/// The presence handler: `client.presences()`.
///
/// `chat` is a phone number or a chat ID (see [`ChatId`]), checked before
/// any request ([`Error::InvalidInput`], argument `chat`).
///
/// ```no_run
/// # async fn run(client: whapi::Client) -> Result<(), whapi::Error> {
/// client.presences().online().await?;
/// client.presences().typing("15551234567").for_seconds(3.0).send().await?;
/// client.presences().pause("15551234567").send().await?;
/// # Ok(()) }
/// ```
#[derive(Debug, Clone, Copy)]
pub struct Presences<'a> {
    client: &'a Client,
}

impl<'a> Presences<'a> {
    pub(crate) fn new(client: &'a Client) -> Self {
        Presences { client }
    }

    /// Shows "typing…" in a chat.
    pub fn typing(self, chat: impl IntoChatId) -> SendPresence<'a> {
        SendPresence::new(self.client, chat, InChat::Typing)
    }

    /// Shows "recording audio…" in a chat.
    pub fn recording(self, chat: impl IntoChatId) -> SendPresence<'a> {
        SendPresence::new(self.client, chat, InChat::Recording)
    }

    /// Stops showing typing or recording in a chat.
    pub fn pause(self, chat: impl IntoChatId) -> SendPresence<'a> {
        SendPresence::new(self.client, chat, InChat::Pause)
    }

    /// Shows the channel online.
    ///
    /// ```no_run
    /// # async fn run(client: whapi::Client) -> Result<(), whapi::Error> {
    /// client.presences().online().await?;
    /// # Ok(()) }
    /// ```
    pub async fn online(self) -> Result<types::CheckContactResponse, Error> {
        self.me(Me::Online).await
    }

    /// Shows the channel offline (phones then get notifications again).
    ///
    /// ```no_run
    /// # async fn run(client: whapi::Client) -> Result<(), whapi::Error> {
    /// client.presences().offline().await?;
    /// # Ok(()) }
    /// ```
    pub async fn offline(self) -> Result<types::CheckContactResponse, Error> {
        self.me(Me::Offline).await
    }

    /// A contact's presence (online, last seen, typing), once subscribed
    /// with [`subscribe`](Self::subscribe).
    ///
    /// ```no_run
    /// # async fn run(client: whapi::Client) -> Result<(), whapi::Error> {
    /// let presence = client.presences().get("15551234567").await?;
    /// println!("{:?} {:?}", presence.status, presence.last_seen);
    /// # Ok(()) }
    /// ```
    pub async fn get(self, chat: impl IntoChatId) -> Result<types::Presence, Error> {
        let request = self.client.raw().get_presence().entry_id(entry(chat)?);
        call::run(self.client.timeout(), None, request.send()).await
    }

    /// Subscribes to a contact's presence: its changes then arrive as
    /// `presences` webhook events.
    ///
    /// ```no_run
    /// # async fn run(client: whapi::Client) -> Result<(), whapi::Error> {
    /// client.presences().subscribe("15551234567").await?;
    /// # Ok(()) }
    /// ```
    pub async fn subscribe(
        self,
        chat: impl IntoChatId,
    ) -> Result<types::CheckContactResponse, Error> {
        let request = self
            .client
            .raw()
            .subscribe_presence()
            .entry_id(entry(chat)?);
        call::run(self.client.timeout(), None, request.send()).await
    }

    async fn me(self, presence: Me) -> Result<types::CheckContactResponse, Error> {
        let request = self
            .client
            .raw()
            .send_me_presence()
            .body(types::SendMePresenceRequest { presence });
        call::run(self.client.timeout(), None, request.send()).await
    }
}

/// The path's `EntryID`: always the full chat ID, which the spec accepts
/// for contacts and groups alike.
fn entry(chat: impl IntoChatId) -> Result<String, Error> {
    Ok(chat
        .into_chat_id()
        .map_err(|e| e.for_argument("chat"))?
        .to_chat_id())
}

/// Sends a presence to a chat. From [`Presences::typing`],
/// [`Presences::recording`] and [`Presences::pause`].
///
/// ```no_run
/// # async fn run(client: whapi::Client) -> Result<(), whapi::Error> {
/// client.presences().recording("15551234567").for_seconds(5.0).send().await?;
/// # Ok(()) }
/// ```
#[derive(Debug)]
#[must_use = "nothing happens until `.send().await`"]
pub struct SendPresence<'a> {
    client: &'a Client,
    chat: Result<ChatId, Error>,
    presence: InChat,
    seconds: Option<f64>,
}

impl<'a> SendPresence<'a> {
    fn new(client: &'a Client, chat: impl IntoChatId, presence: InChat) -> Self {
        SendPresence {
            client,
            chat: chat.into_chat_id().map_err(|e| e.for_argument("chat")),
            presence,
            seconds: None,
        }
    }

    /// How long the presence shows, in seconds (`delay`; 0 or more).
    pub fn for_seconds(mut self, seconds: f64) -> Self {
        self.seconds = Some(seconds);
        self
    }

    /// Sends the presence; an invalid chat or a negative or non-finite
    /// duration fails before any request.
    pub async fn send(self) -> Result<types::CheckContactResponse, Error> {
        let chat = self.chat?;
        if let Some(s) = self.seconds
            && !(s.is_finite() && s >= 0.0)
        {
            return Err(Error::invalid(
                "seconds",
                format!("{s} is not a duration of 0 seconds or more"),
            ));
        }
        let request = self
            .client
            .raw()
            .send_presence()
            .entry_id(chat.to_chat_id())
            .body(types::SendPresenceRequest {
                delay: self.seconds,
                presence: self.presence,
            });
        call::run(self.client.timeout(), None, request.send()).await
    }
}
