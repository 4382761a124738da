//! Stories (statuses).

use super::{FIRST_SENT, assert_invalid};
use crate::harness::{Case, assert_request, case};
use serde_json::json;
use whapi::Media;
use whapi::messages::StoryFont;

pub fn cases() -> Vec<Case> {
    vec![
        case(
            "client.messages().story().text(\"..\").media(media)",
            &["sendMessageStory"],
            |ctx| async move {
                let m = ctx.client.messages();
                assert_invalid(m.story().send().await, "text");
                assert_invalid(
                    m.story().text("Hi").text_color("#GG0000").send().await,
                    "text_color",
                );
                ctx.assert_no_request();
                let sent = m
                    .story()
                    .media(Media::url("https://example.com/sale.jpg"))
                    .text("-20% today")
                    .font(StoryFont::FbScript)
                    .exclude_contact("15550001111")
                    .send()
                    .await
                    .expect("posted");
                assert_eq!(sent.message_id().expect("an id").as_str(), FIRST_SENT);
                assert_request(
                    &ctx.only_request(),
                    "POST",
                    "/messages/story",
                    &[],
                    Some(json!({
                        "media": "https://example.com/sale.jpg", "caption": "-20% today",
                        "font_type": "FB_SCRIPT", "exclude_contacts": ["15550001111"],
                    })),
                );
            },
        ),
        case(
            "client.messages().story_text(text)",
            &["sendMessageStoryText"],
            |ctx| async move {
                let m = ctx.client.messages();
                assert_invalid(
                    m.story_text("Hi").background_color("red").send().await,
                    "background_color",
                );
                assert_invalid(m.story_text("Hi").contact("12").send().await, "contact");
                assert_invalid(m.story_text(" ").send().await, "text");
                ctx.assert_no_request();
                let sent = m
                    .story_text("Open today")
                    .background_color("#336699")
                    .text_color("#FFFFFFFF")
                    .font(StoryFont::SystemBold)
                    .contact("15557654321")
                    .exclude_contact("15550001111")
                    .send()
                    .await
                    .expect("posted");
                assert!(sent.sent);
                assert_eq!(sent.message_id().expect("an id").as_str(), FIRST_SENT);
                assert_request(
                    &ctx.only_request(),
                    "POST",
                    "/messages/story/text",
                    &[],
                    Some(json!({
                        "caption": "Open today", "background_color": "#336699", "caption_color": "#FFFFFFFF",
                        "font_type": "SYSTEM_BOLD", "contacts": ["15557654321"], "exclude_contacts": ["15550001111"],
                    })),
                );
            },
        ),
        case(
            "client.messages().story_media(media)",
            &["sendMessageStoryMedia"],
            |ctx| async move {
                let m = ctx.client.messages();
                assert_invalid(
                    m.story_media(Media::url("https://e.com/a.jpg"))
                        .exclude_contact("x")
                        .send()
                        .await,
                    "exclude_contact",
                );
                ctx.assert_no_request();
                let sent = m
                    .story_media(Media::url("https://example.com/sale.jpg"))
                    .caption("-20%")
                    .send()
                    .await
                    .expect("posted");
                assert_eq!(sent.message_id().expect("an id").as_str(), FIRST_SENT);
                assert_request(
                    &ctx.only_request(),
                    "POST",
                    "/messages/story/media",
                    &[],
                    Some(json!({"media": "https://example.com/sale.jpg", "caption": "-20%"})),
                );
            },
        ),
        case(
            "client.messages().story_audio(media)",
            &["sendMessageStoryAudio"],
            |ctx| async move {
                let m = ctx.client.messages();
                assert_invalid(
                    m.story_audio(Media::url("https://e.com/a.mp3"))
                        .background_color("#12")
                        .send()
                        .await,
                    "background_color",
                );
                ctx.assert_no_request();
                let sent = m
                    .story_audio(Media::url("https://example.com/jingle.mp3"))
                    .background_color("#000000")
                    .send()
                    .await
                    .expect("posted");
                assert_eq!(sent.message_id().expect("an id").as_str(), FIRST_SENT);
                assert_request(
                    &ctx.only_request(),
                    "POST",
                    "/messages/story/audio",
                    &[],
                    Some(
                        json!({"media": "https://example.com/jingle.mp3", "background_color": "#000000"}),
                    ),
                );
            },
        ),
    ]
}
