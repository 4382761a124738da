//! Sends whose content is a media file: image, video, short video, GIF,
//! audio, voice note, document, sticker.

use super::options::{SendOptions, apply_options, body, option_setters};
use crate::ids::IntoChatId;
use crate::{ChatId, Client, Error, Media, call, types};

/// Defines a media send builder: `to` and `media` positional, the listed
/// fields as optional setters, and the common options the body takes
/// (`[quoted edit ephemeral view_once mentions]`).
macro_rules! media_send {
    (
        $(#[$doc:meta])*
        $name:ident => $op:ident $path:literal, $body:ident [$($opt:ident)*] {
            $( $(#[$fdoc:meta])* $field:ident : $ty:ty ),* $(,)?
        }
    ) => {
        $(#[$doc])*
        #[derive(Debug)]
        #[must_use = "a send does nothing until `.send().await`"]
        pub struct $name<'a> {
            client: &'a Client,
            to: Result<ChatId, Error>,
            media: Media,
            mime_type: Option<String>,
            options: SendOptions,
            $( $field: Option<$ty>, )*
        }

        impl<'a> $name<'a> {
            pub(crate) fn new(client: &'a Client, to: impl IntoChatId, media: impl Into<Media>) -> Self {
                $name {
                    client,
                    to: to.into_chat_id().map_err(|e| e.for_argument("to")),
                    media: media.into(),
                    mime_type: None,
                    options: SendOptions::default(),
                    $( $field: None, )*
                }
            }

            $(
                $(#[$fdoc])*
                pub fn $field(mut self, $field: impl Into<$ty>) -> Self {
                    self.$field = Some($field.into());
                    self
                }
            )*

            /// Sets the MIME type the API is told (detected when not set).
            pub fn mime_type(mut self, mime_type: impl Into<String>) -> Self {
                self.mime_type = Some(mime_type.into());
                self
            }

            option_setters!($($opt)*);

            /// Sends the message. Arguments are checked first: an invalid one
            /// fails with [`Error::InvalidInput`] before any request.
            // Not `async fn`: the returned future holds what is left to
            // await (the media, when it is a file to read; then the call),
            // not the builder as well (issue 13).
            pub fn send(
                self,
            ) -> impl std::future::Future<Output = Result<types::SentMessage, Error>> + Send + 'a {
                use futures_util::TryFutureExt as _;
                use futures_util::future::{Either, ready};
                let $name { client, to, media, mime_type, mut options, $( $field, )* } = self;
                let to = match options.check(to) {
                    Ok(to) => to,
                    Err(e) => return Either::Right(ready(Err(e))),
                };
                Either::Left(media.resolve().and_then(move |media| {
                    let body = (move || {
                        #[allow(unused_mut)]
                        let mut b = types::$body::builder()
                            .to(to)
                            .media(media.value)
                            .mime_type(mime_type.or(media.mime));
                        // Defaults first, so that the setters win.
                        media_send!(@defaults b, media.file_name, $($field)*);
                        $( if let Some(v) = $field { b = b.$field(v); } )*
                        let b = apply_options!(b, options; $($opt)*);
                        body::<_, types::$body>(b)
                    })();
                    call::post_json(client, stringify!($op), $path, body)
                }))
            }
        }
    };
    // Documents default their display name to the file's name.
    (@defaults $b:ident, $file_name:expr, caption filename) => {
        if let Some(name) = $file_name {
            $b = $b.filename(name);
        }
    };
    (@defaults $b:ident, $file_name:expr, $($rest:ident)*) => {
        let _ = $file_name;
    };
}

media_send! {
    /// An image. From [`Messages::image`](super::Messages::image).
    SendImage => send_message_image "/messages/image", SenderImage [quoted edit view_once mentions] {
        /// Text under the image.
        caption: String,
        /// A base64 JPEG thumbnail.
        preview: String,
        /// Width in pixels.
        width: i32,
        /// Height in pixels.
        height: i32,
    }
}

media_send! {
    /// A video. From [`Messages::video`](super::Messages::video).
    SendVideo => send_message_video "/messages/video", SenderVideo [quoted edit view_once mentions] {
        /// Text under the video.
        caption: String,
        /// A base64 JPEG thumbnail.
        preview: String,
        /// Width in pixels.
        width: i32,
        /// Height in pixels.
        height: i32,
    }
}

media_send! {
    /// A short video (a video note, played in a circle). From
    /// [`Messages::short_video`](super::Messages::short_video).
    SendShortVideo => send_message_short "/messages/short", SenderShort [quoted edit view_once mentions] {
        /// Text under the video.
        caption: String,
        /// A base64 JPEG thumbnail.
        preview: String,
        /// Width in pixels.
        width: i32,
        /// Height in pixels.
        height: i32,
    }
}

media_send! {
    /// An audio file (music, not a voice note). From
    /// [`Messages::audio`](super::Messages::audio).
    SendAudio => send_message_audio "/messages/audio", SenderAudio [quoted edit] {
        /// Duration in seconds.
        seconds: i32,
    }
}

media_send! {
    /// A GIF (an MP4 video that plays like a GIF). From
    /// [`Messages::gif`](super::Messages::gif).
    SendGif => send_message_gif "/messages/gif", SenderGif [quoted edit ephemeral view_once] {
        /// Text under the GIF.
        caption: String,
        /// A base64 JPEG thumbnail.
        preview: String,
        /// Width in pixels.
        width: i32,
        /// Height in pixels.
        height: i32,
        /// Whether it plays on its own when received.
        autoplay: bool,
    }
}

media_send! {
    /// A voice note. From [`Messages::voice`](super::Messages::voice).
    SendVoice => send_message_voice "/messages/voice", SenderVoice [quoted edit ephemeral view_once] {
        /// Duration in seconds.
        seconds: i32,
        /// Seconds to show "recording audio…" before it arrives.
        recording_time: f64,
    }
}

media_send! {
    /// A document. From [`Messages::document`](super::Messages::document).
    SendDocument => send_message_document "/messages/document", SenderDocument [quoted edit ephemeral view_once] {
        /// Text under the document.
        caption: String,
        /// The name shown (defaults to the file's name for [`Media::path`]).
        filename: String,
    }
}

media_send! {
    /// A sticker. From [`Messages::sticker`](super::Messages::sticker).
    SendSticker => send_message_sticker "/messages/sticker", SenderSticker [quoted edit ephemeral view_once] {
        /// Whether the sticker is animated.
        animated: bool,
        /// Width in pixels.
        width: i32,
        /// Height in pixels.
        height: i32,
    }
}
