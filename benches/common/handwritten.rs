//! The baseline: what a careful person would write by hand with serde for
//! the same responses. Same fields and field types as the generated
//! `whapi::types` (`Option` where the spec makes a field optional, `Vec` with
//! `#[serde(default)]` for arrays); string enums are plain serde enums with a
//! `#[serde(other)]` catch-all, the usual hand-written way to stay open.
//!
//! Every struct has the generated one's fields with the same types, so the
//! layouts match: `Message` holds each content kind inline, and its size
//! (moved into the `Vec`) is part of the cost. Arrays of nested objects that
//! never occur in the payloads (list sections) are `Vec<Value>`: a `Vec` is
//! the same size whatever it holds.

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

/// `MessagesList`.
#[derive(Debug, Deserialize)]
pub struct MessagesList {
    #[serde(default = "default_count")]
    pub count: i32,
    #[serde(default)]
    pub messages: Vec<Message>,
    #[serde(default)]
    pub offset: i32,
    pub total: Option<i32>,
}

fn default_count() -> i32 {
    100
}

/// `SentMessage`.
#[derive(Debug, Deserialize)]
pub struct SentMessage {
    pub message: Option<Message>,
    pub sent: bool,
}

/// `Message`.
#[derive(Debug, Deserialize)]
pub struct Message {
    pub action: Option<Action>,
    pub audio: Option<Audio>,
    pub chat_id: String,
    pub contact: Option<Contact>,
    pub contact_list: Option<Contacts>,
    pub context: Option<Context>,
    pub document: Option<Document>,
    pub from: Option<String>,
    pub from_me: bool,
    pub from_name: Option<String>,
    pub gif: Option<Video>,
    pub id: String,
    pub image: Option<Image>,
    pub interactive: Option<Interactive>,
    pub live_location: Option<LiveLocation>,
    pub location: Option<Location>,
    pub order: Option<Order>,
    pub product_items: Option<ProductItems>,
    #[serde(default)]
    pub reactions: Vec<Reaction>,
    pub status: Option<Status>,
    pub sticker: Option<Sticker>,
    pub subtype: Option<String>,
    pub system: Option<System>,
    pub text: Option<Text>,
    pub timestamp: f64,
    #[serde(rename = "type")]
    pub type_: Type,
    pub video: Option<Video>,
    pub voice: Option<Audio>,
}

/// `MessageType`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Type {
    Text,
    Image,
    Video,
    Gif,
    Audio,
    Voice,
    Document,
    Location,
    LiveLocation,
    Contact,
    ContactList,
    Sticker,
    System,
    Call,
    Unknown,
    Action,
    GroupInvite,
    Product,
    Interactive,
    Reply,
    Poll,
    Hsm,
    #[serde(other)]
    Other,
}

/// `MessageStatus`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    Failed,
    Pending,
    Sent,
    Delivered,
    Read,
    Played,
    Deleted,
    #[serde(other)]
    Other,
}

/// `MessageActionType`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ActionType {
    Edit,
    Edited,
    Delete,
    Reaction,
    Ephemeral,
    Vote,
    #[serde(other)]
    Other,
}

/// `MessageAction`.
#[derive(Debug, Deserialize)]
pub struct Action {
    pub emoji: Option<String>,
    pub target: Option<String>,
    #[serde(rename = "type")]
    pub type_: Option<ActionType>,
}

/// `ButtonType`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ButtonType {
    Reply,
    Native,
    #[serde(other)]
    Other,
}

/// `Button`.
#[derive(Debug, Deserialize)]
pub struct Button {
    pub id: Option<String>,
    pub title: Option<String>,
    #[serde(rename = "type")]
    pub type_: Option<ButtonType>,
}

/// `MessageContentAudio`.
#[derive(Debug, Deserialize)]
pub struct Audio {
    pub file_name: Option<String>,
    pub file_size: Option<i64>,
    pub id: String,
    pub link: Option<String>,
    pub mime_type: Option<String>,
    pub recording_time: Option<f64>,
    pub seconds: Option<i32>,
    pub sha256: Option<String>,
    pub timestamp: Option<f64>,
    pub view_once: Option<bool>,
}

/// `VCard`.
#[derive(Debug, Deserialize)]
pub struct VCard {
    pub name: Option<String>,
    pub vcard: Option<String>,
}

/// `MessageContentContacts`.
#[derive(Debug, Deserialize)]
pub struct Contacts {
    #[serde(default)]
    pub list: Vec<VCard>,
    pub view_once: Option<bool>,
}

/// `MessageContentVideo` (also GIFs).
#[derive(Debug, Deserialize)]
pub struct Video {
    pub autoplay: Option<bool>,
    #[serde(default)]
    pub buttons: Vec<Button>,
    pub caption: Option<String>,
    pub file_name: Option<String>,
    pub file_size: Option<i64>,
    pub height: Option<i32>,
    pub id: String,
    pub link: Option<String>,
    pub mime_type: Option<String>,
    pub preview: Option<String>,
    pub seconds: Option<i32>,
    pub sha256: Option<String>,
    pub timestamp: Option<f64>,
    pub view_once: Option<bool>,
    pub width: Option<i32>,
}

/// `ActionProduct`.
#[derive(Debug, Deserialize)]
pub struct ActionProduct {
    pub catalog_id: Option<String>,
    pub product_id: Option<String>,
}

/// `MessagePropsInteractiveBody` / `MessagePropsInteractiveFooter`.
#[derive(Debug, Deserialize)]
pub struct TextProp {
    pub text: Option<String>,
}

/// `MessageContentInteractive`.
#[derive(Debug, Deserialize)]
pub struct Interactive {
    pub action: Option<ActionProduct>,
    pub body: Option<TextProp>,
    pub file_name: Option<String>,
    pub file_size: Option<i64>,
    pub footer: Option<TextProp>,
    pub id: Option<String>,
    pub link: Option<String>,
    pub mime_type: Option<String>,
    pub sha256: Option<String>,
    pub timestamp: Option<f64>,
    pub view_once: Option<bool>,
}

/// `MessageContentLiveLocation`.
#[derive(Debug, Deserialize)]
pub struct LiveLocation {
    pub accuracy: Option<i32>,
    pub caption: Option<String>,
    pub degrees: Option<i32>,
    pub latitude: f64,
    pub longitude: f64,
    pub preview: Option<String>,
    pub sequence_number: Option<i64>,
    pub speed: Option<i32>,
    pub time_offset: Option<f64>,
    pub view_once: Option<bool>,
}

/// `ProductItem`.
#[derive(Debug, Deserialize)]
pub struct ProductItem {
    pub currency: Option<String>,
    pub item_price: Option<f64>,
    pub product_retailer_id: Option<String>,
    pub quantity: Option<f64>,
}

/// `MessageContentOrder`.
#[derive(Debug, Deserialize)]
pub struct Order {
    pub catalog_id: Option<String>,
    #[serde(default)]
    pub product_items: Vec<ProductItem>,
    pub text: Option<String>,
}

/// `ProductItemsType`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ProductItemsType {
    List,
    Buttons,
    #[serde(other)]
    Other,
}

/// `MessageContentProductItems`.
#[derive(Debug, Deserialize)]
pub struct ProductItems {
    #[serde(rename = "type")]
    pub type_: Option<ProductItemsType>,
}

/// `MessageContentSticker`.
#[derive(Debug, Deserialize)]
pub struct Sticker {
    pub animated: Option<bool>,
    pub file_name: Option<String>,
    pub file_size: Option<i64>,
    pub height: Option<i32>,
    pub id: String,
    pub link: Option<String>,
    pub mime_type: Option<String>,
    pub preview: Option<String>,
    pub sha256: Option<String>,
    pub timestamp: Option<f64>,
    pub view_once: Option<bool>,
    pub width: Option<i32>,
}

/// `MessageContentSystem`.
#[derive(Debug, Deserialize)]
pub struct System {
    pub body: Option<String>,
}

/// `MessageContentText`.
#[derive(Debug, Deserialize)]
pub struct Text {
    pub body: Option<String>,
    pub button: Option<String>,
    #[serde(default)]
    pub buttons: Vec<Button>,
    #[serde(default)]
    pub sections: Vec<Value>,
    pub view_once: Option<bool>,
}

/// `MessageContentImage`.
#[derive(Debug, Deserialize)]
pub struct Image {
    #[serde(default)]
    pub buttons: Vec<Button>,
    pub caption: Option<String>,
    pub file_name: Option<String>,
    pub file_size: Option<i64>,
    pub height: Option<i32>,
    pub id: String,
    pub link: Option<String>,
    pub mime_type: Option<String>,
    pub preview: Option<String>,
    pub sha256: Option<String>,
    pub timestamp: Option<f64>,
    pub view_once: Option<bool>,
    pub width: Option<i32>,
}

/// `MessageContentDocument`.
#[derive(Debug, Deserialize)]
pub struct Document {
    #[serde(default)]
    pub buttons: Vec<Button>,
    pub caption: Option<String>,
    pub file_name: Option<String>,
    pub file_size: Option<i64>,
    pub filename: Option<String>,
    pub id: String,
    pub link: Option<String>,
    pub mime_type: Option<String>,
    pub page_count: Option<i32>,
    pub preview: Option<String>,
    pub sha256: Option<String>,
    pub timestamp: Option<f64>,
    pub view_once: Option<bool>,
}

/// `MessageContentLocation`.
#[derive(Debug, Deserialize)]
pub struct Location {
    pub accuracy: Option<i32>,
    pub address: Option<String>,
    pub comment: Option<String>,
    pub degrees: Option<i32>,
    pub latitude: f64,
    pub longitude: f64,
    pub name: Option<String>,
    pub preview: Option<String>,
    pub speed: Option<i32>,
    pub url: Option<String>,
    pub view_once: Option<bool>,
}

/// `MessageContentContact`.
#[derive(Debug, Deserialize)]
pub struct Contact {
    pub name: Option<String>,
    pub vcard: Option<String>,
    pub view_once: Option<bool>,
}

/// `MessageContext`.
#[derive(Debug, Deserialize)]
pub struct Context {
    pub forwarded: Option<bool>,
    pub forwarding_score: Option<i32>,
    #[serde(default)]
    pub mentions: Vec<String>,
    pub quoted_author: Option<String>,
    #[serde(default)]
    pub quoted_content: Map<String, Value>,
    pub quoted_id: Option<String>,
    pub quoted_type: Option<Type>,
}

/// `MessageReaction`.
#[derive(Debug, Deserialize)]
pub struct Reaction {
    pub emoji: Option<String>,
    pub group_key: Option<String>,
    pub id: Option<String>,
    pub t: Option<f64>,
    pub unread: Option<bool>,
}

/// The body of `POST /messages/document`, as one would write it by hand.
#[derive(Debug, Serialize)]
pub struct SendDocument<'a> {
    pub to: &'a str,
    pub media: &'a str,
}
