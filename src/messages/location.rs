//! Location and live-location sends.

use super::options::{SendOptions, apply_options, body, option_setters};
use crate::ids::IntoChatId;
use crate::{ChatId, Client, Error, call, types};

macro_rules! location_send {
    ($(#[$doc:meta])* $name:ident => $op:ident $path:literal, $body:ident) => {
        $(#[$doc])*
        #[derive(Debug)]
        #[must_use = "a send does nothing until `.send().await`"]
        pub struct $name<'a> {
            client: &'a Client,
            to: Result<ChatId, Error>,
            latitude: f64,
            longitude: f64,
            place: Place,
            options: SendOptions,
        }

        impl<'a> $name<'a> {
            pub(crate) fn new(client: &'a Client, to: impl IntoChatId, latitude: f64, longitude: f64) -> Self {
                $name { client, to: to.into_chat_id().map_err(|e| e.for_argument("to")), latitude, longitude, place: Place::default(), options: SendOptions::default() }
            }

            /// The place's address.
            pub fn address(mut self, address: impl Into<String>) -> Self { self.place.address = Some(address.into()); self }
            /// The place's name.
            pub fn name(mut self, name: impl Into<String>) -> Self { self.place.name = Some(name.into()); self }
            /// The place's website.
            pub fn url(mut self, url: impl Into<String>) -> Self { self.place.url = Some(url.into()); self }
            /// A base64 JPEG thumbnail.
            pub fn preview(mut self, preview: impl Into<String>) -> Self { self.place.preview = Some(preview.into()); self }
            /// Accuracy in meters.
            pub fn accuracy(mut self, meters: i32) -> Self { self.place.accuracy = Some(meters); self }
            /// Speed in meters per second.
            pub fn speed(mut self, meters_per_second: i32) -> Self { self.place.speed = Some(meters_per_second); self }
            /// Heading in degrees clockwise from north.
            pub fn degrees(mut self, degrees: i32) -> Self { self.place.degrees = Some(degrees); self }
            /// A comment.
            pub fn comment(mut self, comment: impl Into<String>) -> Self { self.place.comment = Some(comment.into()); self }

            option_setters!();

            /// Sends the message; invalid arguments fail before any request.
            pub fn send(
                self,
            ) -> impl std::future::Future<Output = Result<types::SentMessage, Error>> + Send + 'a {
                call::post_json(self.client, stringify!($op), $path, self.into_body())
            }

            /// The request body; an invalid argument fails here.
            fn into_body(mut self) -> Result<types::$body, Error> {
                let to = self.options.check(self.to)?;
                check_coordinates(self.latitude, self.longitude)?;
                let p = self.place;
                let b = types::$body::builder()
                    .to(to)
                    .latitude(self.latitude)
                    .longitude(self.longitude)
                    .address(p.address)
                    .name(p.name)
                    .url(p.url)
                    .preview(p.preview)
                    .accuracy(p.accuracy)
                    .speed(p.speed)
                    .degrees(p.degrees)
                    .comment(p.comment);
                let b = apply_options!(b, self.options);
                body::<_, types::$body>(b)
            }
        }
    };
}

#[derive(Debug, Default)]
struct Place {
    address: Option<String>,
    name: Option<String>,
    url: Option<String>,
    preview: Option<String>,
    accuracy: Option<i32>,
    speed: Option<i32>,
    degrees: Option<i32>,
    comment: Option<String>,
}

fn check_coordinates(latitude: f64, longitude: f64) -> Result<(), Error> {
    if !(-90.0..=90.0).contains(&latitude) {
        return Err(Error::invalid(
            "latitude",
            format!("{latitude} is outside -90..=90"),
        ));
    }
    if !(-180.0..=180.0).contains(&longitude) {
        return Err(Error::invalid(
            "longitude",
            format!("{longitude} is outside -180..=180"),
        ));
    }
    Ok(())
}

location_send! {
    /// A location. From [`Messages::location`](super::Messages::location).
    SendLocation => send_message_location "/messages/location", SenderLocation
}

location_send! {
    /// A live location. From [`Messages::live_location`](super::Messages::live_location).
    SendLiveLocation => send_message_live_location "/messages/live_location", SenderLiveLocation
}
