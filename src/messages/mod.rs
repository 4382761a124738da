//! Messages: send every kind, list, get, forward, mark read, react, pin,
//! star, delete; post stories.

mod actions;
mod carousel;
mod contact;
mod link_preview;
mod list;
mod location;
mod media_sends;
mod options;
mod organize;
mod poll;
mod story;
mod text;
mod upload;

pub use actions::{Delete, MarkRead, React, RemoveReaction, Unpin};
pub use carousel::{Card, SendCarousel};
pub use contact::{SendContact, SendContactList, SendInteractive};
pub use link_preview::SendLinkPreview;
pub use list::{ListMessages, MAX_PAGE};
pub use location::{SendLiveLocation, SendLocation};
pub use media_sends::{
    SendAudio, SendDocument, SendGif, SendImage, SendShortVideo, SendSticker, SendVideo, SendVoice,
};
pub use organize::{Forward, GetMessage, Pin, PinTime, Star};
pub use poll::SendPoll;
pub use story::{SendStory, SendStoryAudio, SendStoryMedia, SendStoryText, StoryFont};
pub use text::SendText;
pub use upload::{MediaKind, SendMedia};

use crate::ids::{IntoChatId, IntoMessageId};
use crate::{Client, Media};

/// The messages handler: `client.messages()`.
///
/// Required inputs are arguments, optional ones setters, then `.send().await`.
/// `to` is a phone number or a chat ID (see [`ChatId`](crate::ChatId)).
///
/// An invalid argument fails `send()` with [`Error::InvalidInput`](crate::Error::InvalidInput)
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

    /// An image.
    ///
    /// ```no_run
    /// # async fn run(client: whapi::Client) -> Result<(), whapi::Error> {
    /// client.messages().image("15551234567", whapi::Media::path("cat.jpg")).caption("Tom").send().await?;
    /// # Ok(()) }
    /// ```
    pub fn image(self, to: impl IntoChatId, media: impl Into<Media>) -> SendImage<'a> {
        SendImage::new(self.client, to, media)
    }

    /// A video.
    ///
    /// ```no_run
    /// # async fn run(client: whapi::Client) -> Result<(), whapi::Error> {
    /// client.messages().video("15551234567", whapi::Media::url("https://example.com/a.mp4")).send().await?;
    /// # Ok(()) }
    /// ```
    pub fn video(self, to: impl IntoChatId, media: impl Into<Media>) -> SendVideo<'a> {
        SendVideo::new(self.client, to, media)
    }

    /// A short video (a round video note).
    ///
    /// ```no_run
    /// # async fn run(client: whapi::Client) -> Result<(), whapi::Error> {
    /// client.messages().short_video("15551234567", whapi::Media::path("hi.mp4")).send().await?;
    /// # Ok(()) }
    /// ```
    pub fn short_video(self, to: impl IntoChatId, media: impl Into<Media>) -> SendShortVideo<'a> {
        SendShortVideo::new(self.client, to, media)
    }

    /// An audio file (for a voice note, see [`voice`](Self::voice)).
    ///
    /// ```no_run
    /// # async fn run(client: whapi::Client) -> Result<(), whapi::Error> {
    /// client.messages().audio("15551234567", whapi::Media::path("song.mp3")).send().await?;
    /// # Ok(()) }
    /// ```
    pub fn audio(self, to: impl IntoChatId, media: impl Into<Media>) -> SendAudio<'a> {
        SendAudio::new(self.client, to, media)
    }

    /// A GIF: an MP4 video shown like a GIF.
    ///
    /// ```no_run
    /// # async fn run(client: whapi::Client) -> Result<(), whapi::Error> {
    /// client.messages().gif("15551234567", whapi::Media::path("dance.mp4")).autoplay(true).send().await?;
    /// # Ok(()) }
    /// ```
    pub fn gif(self, to: impl IntoChatId, media: impl Into<Media>) -> SendGif<'a> {
        SendGif::new(self.client, to, media)
    }

    /// A voice note.
    ///
    /// ```no_run
    /// # async fn run(client: whapi::Client) -> Result<(), whapi::Error> {
    /// client.messages().voice("15551234567", whapi::Media::path("note.ogg")).send().await?;
    /// # Ok(()) }
    /// ```
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
    ///
    /// ```no_run
    /// # async fn run(client: whapi::Client) -> Result<(), whapi::Error> {
    /// client.messages().sticker("15551234567", whapi::Media::path("ok.webp")).send().await?;
    /// # Ok(()) }
    /// ```
    pub fn sticker(self, to: impl IntoChatId, media: impl Into<Media>) -> SendSticker<'a> {
        SendSticker::new(self.client, to, media)
    }

    /// A text with a link preview you describe.
    ///
    /// ```no_run
    /// # async fn run(client: whapi::Client) -> Result<(), whapi::Error> {
    /// client
    ///     .messages()
    ///     .link_preview("15551234567", "Our menu: https://example.com/menu", "Menu")
    ///     .description("Open 9 to 5")
    ///     .send()
    ///     .await?;
    /// # Ok(()) }
    /// ```
    pub fn link_preview(
        self,
        to: impl IntoChatId,
        text: impl Into<String>,
        title: impl Into<String>,
    ) -> SendLinkPreview<'a> {
        SendLinkPreview::new(self.client, to, text.into(), title.into())
    }

    /// A poll: a question and its 2 to 12 answers.
    ///
    /// ```no_run
    /// # async fn run(client: whapi::Client) -> Result<(), whapi::Error> {
    /// client
    ///     .messages()
    ///     .poll("15551234567", "Lunch?", ["Pizza", "Sushi"])
    ///     .single_answer(true)
    ///     .send()
    ///     .await?;
    /// # Ok(()) }
    /// ```
    pub fn poll<A: Into<String>>(
        self,
        to: impl IntoChatId,
        title: impl Into<String>,
        answers: impl IntoIterator<Item = A>,
    ) -> SendPoll<'a> {
        let answers = answers.into_iter().map(Into::into).collect();
        SendPoll::new(self.client, to, title.into(), answers)
    }

    /// A carousel: cards side by side, each with media, text and buttons.
    ///
    /// ```no_run
    /// # async fn run(client: whapi::Client) -> Result<(), whapi::Error> {
    /// use whapi::{Media, messages::Card};
    /// let cards = [
    ///     Card::new("a", Media::url("https://example.com/a.jpg")).text("A").quick_reply("buy-a", "Buy"),
    ///     Card::new("b", Media::url("https://example.com/b.jpg")).text("B").quick_reply("buy-b", "Buy"),
    /// ];
    /// client.messages().carousel("15551234567", cards).text("New in").send().await?;
    /// # Ok(()) }
    /// ```
    pub fn carousel(
        self,
        to: impl IntoChatId,
        cards: impl IntoIterator<Item = Card>,
    ) -> SendCarousel<'a> {
        SendCarousel::new(self.client, to, cards.into_iter().collect())
    }

    /// A location.
    ///
    /// ```no_run
    /// # async fn run(client: whapi::Client) -> Result<(), whapi::Error> {
    /// client.messages().location("15551234567", 48.8584, 2.2945).name("Eiffel Tower").send().await?;
    /// # Ok(()) }
    /// ```
    pub fn location(self, to: impl IntoChatId, latitude: f64, longitude: f64) -> SendLocation<'a> {
        SendLocation::new(self.client, to, latitude, longitude)
    }

    /// A live location.
    ///
    /// ```no_run
    /// # async fn run(client: whapi::Client) -> Result<(), whapi::Error> {
    /// client.messages().live_location("15551234567", 48.8584, 2.2945).send().await?;
    /// # Ok(()) }
    /// ```
    pub fn live_location(
        self,
        to: impl IntoChatId,
        latitude: f64,
        longitude: f64,
    ) -> SendLiveLocation<'a> {
        SendLiveLocation::new(self.client, to, latitude, longitude)
    }

    /// A contact card: the name shown and the vCard text.
    ///
    /// ```no_run
    /// # async fn run(client: whapi::Client) -> Result<(), whapi::Error> {
    /// let vcard = "BEGIN:VCARD\nVERSION:3.0\nFN:Ann\nTEL:+15550000000\nEND:VCARD";
    /// client.messages().contact("15551234567", "Ann", vcard).send().await?;
    /// # Ok(()) }
    /// ```
    pub fn contact(
        self,
        to: impl IntoChatId,
        name: impl Into<String>,
        vcard: impl Into<String>,
    ) -> SendContact<'a> {
        SendContact::new(self.client, to, name.into(), vcard.into())
    }

    /// Several contact cards: `(name, vCard)` pairs.
    ///
    /// ```no_run
    /// # async fn run(client: whapi::Client) -> Result<(), whapi::Error> {
    /// let ann = ("Ann", "BEGIN:VCARD\nVERSION:3.0\nFN:Ann\nEND:VCARD");
    /// let bob = ("Bob", "BEGIN:VCARD\nVERSION:3.0\nFN:Bob\nEND:VCARD");
    /// client.messages().contact_list("15551234567", [ann, bob]).send().await?;
    /// # Ok(()) }
    /// ```
    pub fn contact_list<N: Into<String>, V: Into<String>>(
        self,
        to: impl IntoChatId,
        contacts: impl IntoIterator<Item = (N, V)>,
    ) -> SendContactList<'a> {
        let contacts = contacts
            .into_iter()
            .map(|(n, v)| (n.into(), v.into()))
            .collect();
        SendContactList::new(self.client, to, contacts)
    }

    /// An interactive message (body, footer, product).
    ///
    /// ```no_run
    /// # async fn run(client: whapi::Client) -> Result<(), whapi::Error> {
    /// client.messages().interactive("15551234567").body("New in").product("cat-1", "sku-9").send().await?;
    /// # Ok(()) }
    /// ```
    pub fn interactive(self, to: impl IntoChatId) -> SendInteractive<'a> {
        SendInteractive::new(self.client, to)
    }

    /// A file uploaded as the request body, with its real Content-Type (a
    /// [`Media::path`] is streamed, never read whole into memory).
    ///
    /// ```no_run
    /// # async fn run(client: whapi::Client) -> Result<(), whapi::Error> {
    /// client.messages().media("15551234567", whapi::Media::path("a.png")).caption("A").send().await?;
    /// # Ok(()) }
    /// ```
    pub fn media(self, to: impl IntoChatId, media: impl Into<Media>) -> SendMedia<'a> {
        SendMedia::new(self.client, to, media)
    }

    /// A story (status) of any kind: a text, media, or media with a
    /// caption. [`story_text`](Self::story_text),
    /// [`story_media`](Self::story_media) and
    /// [`story_audio`](Self::story_audio) take one kind each.
    ///
    /// ```no_run
    /// # async fn run(client: whapi::Client) -> Result<(), whapi::Error> {
    /// client
    ///     .messages()
    ///     .story()
    ///     .media(whapi::Media::path("sale.jpg"))
    ///     .text("-20% today")
    ///     .send()
    ///     .await?;
    /// # Ok(()) }
    /// ```
    pub fn story(self) -> SendStory<'a> {
        SendStory::new(self.client)
    }

    /// A text story (status), seen by your contacts.
    ///
    /// ```no_run
    /// # async fn run(client: whapi::Client) -> Result<(), whapi::Error> {
    /// client.messages().story_text("Closed today").send().await?;
    /// # Ok(()) }
    /// ```
    pub fn story_text(self, text: impl Into<String>) -> SendStoryText<'a> {
        SendStoryText::new(self.client, text.into())
    }

    /// An image or video story.
    ///
    /// ```no_run
    /// # async fn run(client: whapi::Client) -> Result<(), whapi::Error> {
    /// client.messages().story_media(whapi::Media::path("sale.jpg")).caption("-20%").send().await?;
    /// # Ok(()) }
    /// ```
    pub fn story_media(self, media: impl Into<Media>) -> SendStoryMedia<'a> {
        SendStoryMedia::new(self.client, media.into())
    }

    /// An audio story.
    ///
    /// ```no_run
    /// # async fn run(client: whapi::Client) -> Result<(), whapi::Error> {
    /// client.messages().story_audio(whapi::Media::path("jingle.mp3")).send().await?;
    /// # Ok(()) }
    /// ```
    pub fn story_audio(self, media: impl Into<Media>) -> SendStoryAudio<'a> {
        SendStoryAudio::new(self.client, media.into())
    }

    /// One message.
    ///
    /// ```no_run
    /// # async fn run(client: whapi::Client) -> Result<(), whapi::Error> {
    /// let message = client.messages().get("ABCDEF012345-gBcdefghIjk").send().await?;
    /// println!("{} from {:?}", message.type_, message.from);
    /// # Ok(()) }
    /// ```
    pub fn get(self, message_id: impl IntoMessageId) -> GetMessage<'a> {
        GetMessage::new(self.client, message_id)
    }

    /// Forwards a message to a chat.
    ///
    /// ```no_run
    /// # async fn run(client: whapi::Client) -> Result<(), whapi::Error> {
    /// client.messages().forward("ABCDEF012345-gBcdefghIjk", "15557654321").send().await?;
    /// # Ok(()) }
    /// ```
    pub fn forward(self, message_id: impl IntoMessageId, to: impl IntoChatId) -> Forward<'a> {
        Forward::new(self.client, message_id, to)
    }

    /// Marks a message as read.
    ///
    /// ```no_run
    /// # async fn run(client: whapi::Client) -> Result<(), whapi::Error> {
    /// client.messages().mark_read("ABCDEF012345-gBcdefghIjk").send().await?;
    /// # Ok(()) }
    /// ```
    pub fn mark_read(self, message_id: impl IntoMessageId) -> MarkRead<'a> {
        MarkRead::new(self.client, message_id)
    }

    /// Deletes a message (yours, or one a contact sent).
    ///
    /// ```no_run
    /// # async fn run(client: whapi::Client) -> Result<(), whapi::Error> {
    /// client.messages().delete("ABCDEF012345-gBcdefghIjk").send().await?;
    /// # Ok(()) }
    /// ```
    pub fn delete(self, message_id: impl IntoMessageId) -> Delete<'a> {
        Delete::new(self.client, message_id)
    }

    /// Reacts to a message; an empty emoji removes the reaction.
    ///
    /// ```no_run
    /// # async fn run(client: whapi::Client) -> Result<(), whapi::Error> {
    /// client.messages().react("ABCDEF012345-gBcdefghIjk", "👍").send().await?;
    /// # Ok(()) }
    /// ```
    pub fn react(self, message_id: impl IntoMessageId, emoji: impl Into<String>) -> React<'a> {
        React::new(self.client, message_id, emoji.into())
    }

    /// Removes your reaction from a message.
    ///
    /// ```no_run
    /// # async fn run(client: whapi::Client) -> Result<(), whapi::Error> {
    /// client.messages().remove_reaction("ABCDEF012345-gBcdefghIjk").send().await?;
    /// # Ok(()) }
    /// ```
    pub fn remove_reaction(self, message_id: impl IntoMessageId) -> RemoveReaction<'a> {
        RemoveReaction::new(self.client, message_id)
    }

    /// Pins a message in its chat.
    ///
    /// ```no_run
    /// # async fn run(client: whapi::Client) -> Result<(), whapi::Error> {
    /// use whapi::messages::PinTime;
    /// client.messages().pin("ABCDEF012345-gBcdefghIjk").time(PinTime::Week).send().await?;
    /// # Ok(()) }
    /// ```
    pub fn pin(self, message_id: impl IntoMessageId) -> Pin<'a> {
        Pin::new(self.client, message_id)
    }

    /// Unpins a message.
    ///
    /// ```no_run
    /// # async fn run(client: whapi::Client) -> Result<(), whapi::Error> {
    /// client.messages().unpin("ABCDEF012345-gBcdefghIjk").send().await?;
    /// # Ok(()) }
    /// ```
    pub fn unpin(self, message_id: impl IntoMessageId) -> Unpin<'a> {
        Unpin::new(self.client, message_id)
    }

    /// Stars a message.
    ///
    /// ```no_run
    /// # async fn run(client: whapi::Client) -> Result<(), whapi::Error> {
    /// client.messages().star("ABCDEF012345-gBcdefghIjk").send().await?;
    /// # Ok(()) }
    /// ```
    pub fn star(self, message_id: impl IntoMessageId) -> Star<'a> {
        Star::new(self.client, message_id, true)
    }

    /// Unstars a message.
    ///
    /// ```no_run
    /// # async fn run(client: whapi::Client) -> Result<(), whapi::Error> {
    /// client.messages().unstar("ABCDEF012345-gBcdefghIjk").send().await?;
    /// # Ok(()) }
    /// ```
    pub fn unstar(self, message_id: impl IntoMessageId) -> Star<'a> {
        Star::new(self.client, message_id, false)
    }

    /// Messages of all chats, a page or a stream.
    ///
    /// ```no_run
    /// # async fn run(client: whapi::Client) -> Result<(), whapi::Error> {
    /// let page = client.messages().list().count(50).send().await?;
    /// println!("{} of {:?}", page.messages.len(), page.total);
    /// # Ok(()) }
    /// ```
    pub fn list(self) -> ListMessages<'a> {
        ListMessages::new(self.client, None)
    }

    /// Messages of one chat, a page or a stream.
    ///
    /// ```no_run
    /// # async fn run(client: whapi::Client) -> Result<(), whapi::Error> {
    /// let page = client.messages().list_in("15551234567").count(20).send().await?;
    /// # Ok(()) }
    /// ```
    pub fn list_in(self, chat: impl IntoChatId) -> ListMessages<'a> {
        ListMessages::in_chat(self.client, chat)
    }
}
