//! Stories (status updates) posted through the messages area: text, media
//! and audio.

use super::options::{body, contact_id};
use crate::{Client, Error, Media, call, types};

/// The font of a text story.
pub use crate::types::SenderStoriesTextFontType as StoryFont;

/// Who sees a story, and the first invalid argument.
#[derive(Debug, Default)]
struct Audience {
    contacts: Vec<String>,
    exclude: Vec<String>,
}

impl Audience {
    fn ids(list: Vec<String>, argument: &'static str) -> Result<Vec<types::ContactId>, Error> {
        list.iter().map(|c| contact_id(argument, c)).collect()
    }
}

/// A `#RRGGBB` or `#RRGGBBAA` colour, as the generated pattern type `T`.
fn color<T>(argument: &'static str, value: Option<String>) -> Result<Option<T>, Error>
where
    T: TryFrom<String>,
{
    let Some(value) = value else {
        return Ok(None);
    };
    let hex = value.strip_prefix('#').unwrap_or_default();
    if !matches!(hex.len(), 6..=8) || !hex.chars().all(|c| c.is_ascii_hexdigit()) {
        return Err(Error::invalid(
            argument,
            format!(
                "`{}` is not a colour like #FF0000",
                crate::ids::shown(&value)
            ),
        ));
    }
    T::try_from(value)
        .map(Some)
        .map_err(|_| Error::invalid(argument, "not a colour like #FF0000"))
}

/// The audience setters every story builder has.
macro_rules! audience_setters {
    () => {
        /// Shows the story only to this contact (7 to 15 digits; call once
        /// per contact). Default: all your contacts.
        pub fn contact(mut self, contact: impl Into<String>) -> Self {
            self.audience.contacts.push(contact.into());
            self
        }

        /// Hides the story from this contact (call once per contact).
        pub fn exclude_contact(mut self, exclude_contact: impl Into<String>) -> Self {
            self.audience.exclude.push(exclude_contact.into());
            self
        }
    };
}

/// A text story. From [`Messages::story_text`](super::Messages::story_text).
///
/// ```no_run
/// # async fn run(client: whapi::Client) -> Result<(), whapi::Error> {
/// use whapi::messages::StoryFont;
/// client
///     .messages()
///     .story_text("Open today 9–17")
///     .background_color("#336699")
///     .font(StoryFont::SystemBold)
///     .send()
///     .await?;
/// # Ok(()) }
/// ```
#[derive(Debug)]
#[must_use = "a send does nothing until `.send().await`"]
pub struct SendStoryText<'a> {
    client: &'a Client,
    text: String,
    background_color: Option<String>,
    text_color: Option<String>,
    font: Option<StoryFont>,
    audience: Audience,
}

impl<'a> SendStoryText<'a> {
    pub(crate) fn new(client: &'a Client, text: String) -> Self {
        SendStoryText {
            client,
            text,
            background_color: None,
            text_color: None,
            font: None,
            audience: Audience::default(),
        }
    }

    /// The background, `#RRGGBB` or `#RRGGBBAA`.
    pub fn background_color(mut self, background_color: impl Into<String>) -> Self {
        self.background_color = Some(background_color.into());
        self
    }

    /// The text's colour, `#RRGGBB` or `#RRGGBBAA`.
    pub fn text_color(mut self, text_color: impl Into<String>) -> Self {
        self.text_color = Some(text_color.into());
        self
    }

    /// The text's font.
    pub fn font(mut self, font: StoryFont) -> Self {
        self.font = Some(font);
        self
    }

    audience_setters!();

    /// Posts the story; an empty text, a malformed colour or contact fail
    /// before any request.
    pub async fn send(self) -> Result<types::SentMessage, Error> {
        if self.text.trim().is_empty() {
            return Err(Error::invalid("text", "is empty"));
        }
        let b = types::SenderStoriesText::builder()
            .caption(self.text)
            .background_color(color("background_color", self.background_color)?)
            .caption_color(color("text_color", self.text_color)?)
            .font_type(self.font)
            .contacts(Audience::ids(self.audience.contacts, "contact")?)
            .exclude_contacts(Audience::ids(self.audience.exclude, "exclude_contact")?);
        let body = body::<_, types::SenderStoriesText>(b)?;
        call::post_json(
            self.client,
            "send_message_story_text",
            "/messages/story/text",
            Ok(body),
        )
        .await
    }
}

/// An image or video story. From
/// [`Messages::story_media`](super::Messages::story_media).
#[derive(Debug)]
#[must_use = "a send does nothing until `.send().await`"]
pub struct SendStoryMedia<'a> {
    client: &'a Client,
    media: Media,
    caption: Option<String>,
    audience: Audience,
}

impl<'a> SendStoryMedia<'a> {
    pub(crate) fn new(client: &'a Client, media: Media) -> Self {
        SendStoryMedia {
            client,
            media,
            caption: None,
            audience: Audience::default(),
        }
    }

    /// Text over the image or video.
    pub fn caption(mut self, caption: impl Into<String>) -> Self {
        self.caption = Some(caption.into());
        self
    }

    audience_setters!();

    /// Posts the story; invalid media or contacts fail before any request.
    pub async fn send(self) -> Result<types::SentMessage, Error> {
        let contacts = Audience::ids(self.audience.contacts, "contact")?;
        let exclude = Audience::ids(self.audience.exclude, "exclude_contact")?;
        let media = self.media.resolve().await?;
        let b = types::SenderStoriesMedia::builder()
            .media(media.value)
            .mime_type(media.mime)
            .caption(self.caption)
            .contacts(contacts)
            .exclude_contacts(exclude);
        let body = body::<_, types::SenderStoriesMedia>(b)?;
        call::post_json(
            self.client,
            "send_message_story_media",
            "/messages/story/media",
            Ok(body),
        )
        .await
    }
}

/// An audio story. From [`Messages::story_audio`](super::Messages::story_audio).
#[derive(Debug)]
#[must_use = "a send does nothing until `.send().await`"]
pub struct SendStoryAudio<'a> {
    client: &'a Client,
    media: Media,
    background_color: Option<String>,
    audience: Audience,
}

impl<'a> SendStoryAudio<'a> {
    pub(crate) fn new(client: &'a Client, media: Media) -> Self {
        SendStoryAudio {
            client,
            media,
            background_color: None,
            audience: Audience::default(),
        }
    }

    /// The background, `#RRGGBB` or `#RRGGBBAA`.
    pub fn background_color(mut self, background_color: impl Into<String>) -> Self {
        self.background_color = Some(background_color.into());
        self
    }

    audience_setters!();

    /// Posts the story; invalid media, colour or contacts fail before any
    /// request.
    pub async fn send(self) -> Result<types::SentMessage, Error> {
        let background = color("background_color", self.background_color)?;
        let contacts = Audience::ids(self.audience.contacts, "contact")?;
        let exclude = Audience::ids(self.audience.exclude, "exclude_contact")?;
        let media = self.media.resolve().await?;
        let b = types::SenderStoriesAudio::builder()
            .media(media.value)
            .mime_type(media.mime)
            .background_color(background)
            .contacts(contacts)
            .exclude_contacts(exclude);
        let body = body::<_, types::SenderStoriesAudio>(b)?;
        call::post_json(
            self.client,
            "send_message_story_audio",
            "/messages/story/audio",
            Ok(body),
        )
        .await
    }
}

/// A story of any kind in one call: a text, media with a caption, or both.
/// From [`Messages::story`](super::Messages::story).
#[derive(Debug)]
#[must_use = "a send does nothing until `.send().await`"]
pub struct SendStory<'a> {
    client: &'a Client,
    text: Option<String>,
    media: Option<Media>,
    background_color: Option<String>,
    text_color: Option<String>,
    font: Option<StoryFont>,
    audience: Audience,
}

impl<'a> SendStory<'a> {
    pub(crate) fn new(client: &'a Client) -> Self {
        SendStory {
            client,
            text: None,
            media: None,
            background_color: None,
            text_color: None,
            font: None,
            audience: Audience::default(),
        }
    }

    /// The text (a text story), or the caption over the media.
    pub fn text(mut self, text: impl Into<String>) -> Self {
        self.text = Some(text.into());
        self
    }

    /// An image, video or audio file.
    pub fn media(mut self, media: impl Into<Media>) -> Self {
        self.media = Some(media.into());
        self
    }

    /// The background, `#RRGGBB` or `#RRGGBBAA`.
    pub fn background_color(mut self, background_color: impl Into<String>) -> Self {
        self.background_color = Some(background_color.into());
        self
    }

    /// The text's colour, `#RRGGBB` or `#RRGGBBAA`.
    pub fn text_color(mut self, text_color: impl Into<String>) -> Self {
        self.text_color = Some(text_color.into());
        self
    }

    /// The text's font.
    pub fn font(mut self, font: StoryFont) -> Self {
        self.font = Some(font);
        self
    }

    audience_setters!();

    /// Posts the story; neither text nor media, a malformed colour, media
    /// or contact fail before any request.
    pub async fn send(self) -> Result<types::SentMessage, Error> {
        let text = self.text.filter(|t| !t.trim().is_empty());
        if text.is_none() && self.media.is_none() {
            return Err(Error::invalid("text", "a story needs a text or media"));
        }
        // The spec gives this body its own font enum, with the same names.
        let font = match self.font {
            None => None,
            Some(f) => Some(
                f.to_string()
                    .parse::<types::SenderStoriesFontType>()
                    .map_err(|e| Error::invalid("font", e.to_string()))?,
            ),
        };
        let background = color("background_color", self.background_color)?;
        let text_color = color("text_color", self.text_color)?;
        let contacts = Audience::ids(self.audience.contacts, "contact")?;
        let exclude = Audience::ids(self.audience.exclude, "exclude_contact")?;
        let mut b = types::SenderStories::builder()
            .caption(text)
            .background_color(background)
            .caption_color(text_color)
            .font_type(font)
            .contacts(contacts)
            .exclude_contacts(exclude);
        if let Some(media) = self.media {
            let media = media.resolve().await?;
            b = b.media(media.value).mime_type(media.mime);
        }
        let body = body::<_, types::SenderStories>(b)?;
        call::post_json(
            self.client,
            "send_message_story",
            "/messages/story",
            Ok(body),
        )
        .await
    }
}
