//! Carousel sends: cards side by side, each with media, text and buttons.

use super::options::{SendOptions, apply_options, body, option_setters};
use crate::ids::IntoChatId;
use crate::types::ButtonTypeKnown;
use crate::{ChatId, Client, Error, Media, OpenEnum, call, types};

/// One card of a carousel: an ID, media, text and buttons.
///
/// ```
/// use whapi::{Media, messages::Card};
/// let card = Card::new("shoe-1", Media::url("https://example.com/shoe.jpg"))
///     .text("Runner, 89 €")
///     .quick_reply("buy-shoe-1", "Buy")
///     .url_button("Details", "https://example.com/shoe");
/// # let _ = card;
/// ```
#[derive(Debug, Clone)]
pub struct Card {
    id: String,
    media: Media,
    text: Option<String>,
    buttons: Vec<types::Button>,
}

impl Card {
    /// A card with its ID (yours, sent back when a button is pressed) and
    /// its image or video.
    pub fn new(id: impl Into<String>, media: impl Into<Media>) -> Card {
        Card {
            id: id.into(),
            media: media.into(),
            text: None,
            buttons: Vec::new(),
        }
    }

    /// The text under the media.
    pub fn text(mut self, text: impl Into<String>) -> Card {
        self.text = Some(text.into());
        self
    }

    /// A quick-reply button: `id` comes back in the reply.
    pub fn quick_reply(self, id: impl Into<String>, title: impl Into<String>) -> Card {
        self.button(types::Button {
            id: Some(id.into()),
            title: Some(title.into()),
            type_: Some(OpenEnum::Known(ButtonTypeKnown::QuickReply)),
            ..Default::default()
        })
    }

    /// A button opening a URL.
    pub fn url_button(self, title: impl Into<String>, url: impl Into<String>) -> Card {
        self.button(types::Button {
            title: Some(title.into()),
            url: Some(url.into()),
            type_: Some(OpenEnum::Known(ButtonTypeKnown::Url)),
            ..Default::default()
        })
    }

    /// Any button, as the API describes it.
    pub fn button(mut self, button: types::Button) -> Card {
        self.buttons.push(button);
        self
    }
}

/// A carousel. From [`Messages::carousel`](super::Messages::carousel).
#[derive(Debug)]
#[must_use = "a send does nothing until `.send().await`"]
pub struct SendCarousel<'a> {
    client: &'a Client,
    to: Result<ChatId, Error>,
    cards: Vec<Card>,
    text: Option<String>,
    options: SendOptions,
}

impl<'a> SendCarousel<'a> {
    pub(crate) fn new(client: &'a Client, to: impl IntoChatId, cards: Vec<Card>) -> Self {
        SendCarousel {
            client,
            to: to.into_chat_id().map_err(|e| e.for_argument("to")),
            cards,
            text: None,
            options: SendOptions::default(),
        }
    }

    /// The text above the cards.
    pub fn text(mut self, text: impl Into<String>) -> Self {
        self.text = Some(text.into());
        self
    }

    option_setters!(quoted edit);

    /// Sends the carousel; no cards, a card without an ID, or invalid media
    /// fail before any request.
    pub async fn send(mut self) -> Result<types::SentMessage, Error> {
        let to = self.options.check(self.to)?;
        if self.cards.is_empty() {
            return Err(Error::invalid(
                "cards",
                "a carousel needs at least one card",
            ));
        }
        let mut cards = Vec::with_capacity(self.cards.len());
        for (i, card) in self.cards.into_iter().enumerate() {
            if card.id.trim().is_empty() {
                return Err(Error::invalid("cards", format!("card {i} has no ID")));
            }
            let media = card
                .media
                .resolve()
                .await
                .map_err(|e| e.for_argument("cards"))?;
            cards.push(types::CarouselCard {
                id: card.id,
                text: card.text,
                buttons: card.buttons,
                media: types::SendMedia {
                    media: Some(media.value),
                    mime_type: media.mime,
                    no_cache: None,
                    no_encode: None,
                },
            });
        }
        let b = types::SenderCarousel::builder().to(to).cards(cards).body(
            self.text
                .map(|text| types::SenderCarouselBody { text: Some(text) }),
        );
        let b = apply_options!(b, self.options; quoted edit);
        let body = body::<_, types::SenderCarousel>(b)?;
        call::post_json(
            self.client,
            "send_message_carousel",
            "/messages/carousel",
            Ok(body),
        )
        .await
    }
}
