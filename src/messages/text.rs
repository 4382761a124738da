//! Text sends.

use super::options::{SendOptions, apply_options, body, option_setters};
use crate::ids::IntoChatId;
use crate::{ChatId, Client, Error, call, types};

/// Whapi's limit on a text message's body, in characters.
const MAX_TEXT: usize = 4096;
/// The longest "typing…" the API shows, in seconds.
const MAX_TYPING: f64 = 60.0;

/// A text message. From [`Messages::text`](super::Messages::text).
///
/// The spec's text body has no `ephemeral` or `view_once`: disappearing
/// texts follow the chat's own setting.
///
/// ```no_run
/// # async fn run(client: whapi::Client) -> Result<(), whapi::Error> {
/// client
///     .messages()
///     .text("120363025555555555@g.us", "@15551234567 see https://example.com")
///     .mention("15551234567")
///     .no_link_preview(true)
///     .typing_time(2.0)
///     .send()
///     .await?;
/// # Ok(()) }
/// ```
#[derive(Debug)]
#[must_use = "a send does nothing until `.send().await`"]
pub struct SendText<'a> {
    client: &'a Client,
    to: Result<ChatId, Error>,
    text: String,
    no_link_preview: Option<bool>,
    wide_link_preview: Option<bool>,
    typing_time: Option<f64>,
    options: SendOptions,
}

impl<'a> SendText<'a> {
    pub(crate) fn new(client: &'a Client, to: impl IntoChatId, text: String) -> Self {
        SendText {
            client,
            to: to.into_chat_id().map_err(|e| e.for_argument("to")),
            text,
            no_link_preview: None,
            wide_link_preview: None,
            typing_time: None,
            options: SendOptions::default(),
        }
    }

    option_setters!(quoted edit mentions);

    /// Sends links without their preview (`true`), or with it (`false`, the
    /// API's default).
    pub fn no_link_preview(mut self, no_link_preview: bool) -> Self {
        self.no_link_preview = Some(no_link_preview);
        self
    }

    /// Shows a link's preview large.
    pub fn wide_link_preview(mut self, wide_link_preview: bool) -> Self {
        self.wide_link_preview = Some(wide_link_preview);
        self
    }

    /// Shows "typing…" for this many seconds (0 to 60) before the message
    /// arrives.
    pub fn typing_time(mut self, typing_time: f64) -> Self {
        self.typing_time = Some(typing_time);
        self
    }

    /// Sends the message. An invalid recipient, option, or an empty or too
    /// long text fails with [`Error::InvalidInput`] before any request.
    pub fn send(
        self,
    ) -> impl std::future::Future<Output = Result<types::SentMessage, Error>> + Send + 'a {
        call::post_json(
            self.client,
            "send_message_text",
            "/messages/text",
            self.into_body(),
        )
    }

    /// The request body; an invalid argument fails here.
    fn into_body(mut self) -> Result<types::SenderText, Error> {
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
        if let Some(t) = self.typing_time.filter(|t| !(0.0..=MAX_TYPING).contains(t)) {
            return Err(Error::invalid(
                "typing_time",
                format!("{t} s is outside 0..=60"),
            ));
        }
        let b = types::SenderText::builder()
            .to(to)
            .body(self.text)
            .no_link_preview(self.no_link_preview)
            .wide_link_preview(self.wide_link_preview)
            .typing_time(self.typing_time);
        let b = apply_options!(b, self.options; quoted edit mentions);
        body::<_, types::SenderText>(b)
    }
}
