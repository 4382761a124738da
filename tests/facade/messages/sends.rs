//! Every kind of send.

use super::{FIRST_SENT, GROUP, MSG, OTHER_MSG, PHONE, PNG, TempFile, assert_invalid, assert_sent};
use crate::harness::{Case, assert_client_headers, assert_request, case};
use serde_json::json;
use whapi::Media;
use whapi::messages::{Card, StoryFont};
use whapi::types::MessageTypeKnown as Kind;

const VCARD: &str = "BEGIN:VCARD\nVERSION:3.0\nFN:Ann\nEND:VCARD";

pub fn cases() -> Vec<Case> {
    vec![
        case(
            "client.messages().text(to, body)",
            &["sendMessageText"],
            |ctx| async move {
                let m = ctx.client.messages();
                assert_invalid(m.text(PHONE, "  ").send().await, "text");
                assert_invalid(m.text("12", "Hi").send().await, "to");
                assert_invalid(m.text(PHONE, "Hi").mention("abc").send().await, "mention");
                assert_invalid(
                    m.text(PHONE, "Hi").typing_time(61.0).send().await,
                    "typing_time",
                );
                assert_invalid(m.text(PHONE, "Hi").quoted("nope").send().await, "quoted");
                ctx.assert_no_request();
                let sent = m
                    .text(GROUP, "Hello @15557654321")
                    .mention("+1 555 765-4321")
                    .typing_time(2.0)
                    .no_link_preview(true)
                    .wide_link_preview(false)
                    .quoted(MSG)
                    .edit(OTHER_MSG)
                    .send()
                    .await;
                assert_sent(sent, Kind::Text);
                assert_request(
                    &ctx.only_request(),
                    "POST",
                    "/messages/text",
                    &[],
                    Some(json!({
                        "to": GROUP, "body": "Hello @15557654321", "mentions": ["15557654321"],
                        "typing_time": 2.0, "no_link_preview": true, "wide_link_preview": false,
                        "quoted": MSG, "edit": OTHER_MSG,
                    })),
                );
            },
        ),
        case(
            "client.messages().image(to, media).caption(\"..\")",
            &["sendMessageImage"],
            |ctx| async move {
                let m = ctx.client.messages();
                assert_invalid(
                    m.image("12", Media::url("https://e.com/a.jpg"))
                        .send()
                        .await,
                    "to",
                );
                assert_invalid(m.image(PHONE, Media::id("cat.jpg")).send().await, "media");
                ctx.assert_no_request();
                let sent = m
                    .image(PHONE, Media::bytes(PNG.to_vec()))
                    .caption("A pixel")
                    .width(1)
                    .height(1)
                    .mention("15557654321")
                    .view_once(true)
                    .quoted(MSG)
                    .send()
                    .await;
                assert_sent(sent, Kind::Image);
                assert_request(
                    &ctx.only_request(),
                    "POST",
                    "/messages/image",
                    &[],
                    Some(json!({
                        "to": PHONE, "media": "data:image/png;base64,iVBORw0KGgoAAAANSUhEUg==",
                        "mime_type": "image/png", "caption": "A pixel", "width": 1, "height": 1,
                        "mentions": ["15557654321"], "view_once": true, "quoted": MSG,
                    })),
                );
            },
        ),
        case(
            "client.messages().video(to, media)",
            &["sendMessageVideo"],
            |ctx| async move {
                let m = ctx.client.messages();
                assert_invalid(
                    m.video(PHONE, Media::url("ftp://e.com/a.mp4")).send().await,
                    "media",
                );
                ctx.assert_no_request();
                let sent = m
                    .video(PHONE, Media::url("https://example.com/a.mp4"))
                    .caption("Clip")
                    .edit(MSG)
                    .send()
                    .await;
                assert_sent(sent, Kind::Video);
                assert_request(
                    &ctx.only_request(),
                    "POST",
                    "/messages/video",
                    &[],
                    Some(
                        json!({"to": PHONE, "media": "https://example.com/a.mp4", "caption": "Clip", "edit": MSG}),
                    ),
                );
            },
        ),
        case(
            "client.messages().short_video(to, media)",
            &["sendMessageShort"],
            |ctx| async move {
                let m = ctx.client.messages();
                assert_invalid(
                    m.short_video(PHONE, Media::bytes(Vec::new())).send().await,
                    "media",
                );
                ctx.assert_no_request();
                let sent = m
                    .short_video(GROUP, Media::id("mp4-4f2a0e1b-3c5d"))
                    .mime_type("video/mp4")
                    .view_once(false)
                    .send()
                    .await;
                assert_sent(sent, Kind::Short);
                assert_request(
                    &ctx.only_request(),
                    "POST",
                    "/messages/short",
                    &[],
                    Some(
                        json!({"to": GROUP, "media": "mp4-4f2a0e1b-3c5d", "mime_type": "video/mp4", "view_once": false}),
                    ),
                );
            },
        ),
        case(
            "client.messages().audio(to, media)",
            &["sendMessageAudio"],
            |ctx| async move {
                let m = ctx.client.messages();
                let missing = m
                    .audio(PHONE, Media::path("/nonexistent/whapi.mp3"))
                    .send()
                    .await;
                assert!(
                    matches!(missing, Err(whapi::Error::Io { .. })),
                    "{missing:?}"
                );
                ctx.assert_no_request();
                let sent = m
                    .audio(PHONE, Media::url("https://example.com/song.mp3"))
                    .seconds(180)
                    .quoted(MSG)
                    .send()
                    .await;
                assert_sent(sent, Kind::Audio);
                assert_request(
                    &ctx.only_request(),
                    "POST",
                    "/messages/audio",
                    &[],
                    Some(
                        json!({"to": PHONE, "media": "https://example.com/song.mp3", "seconds": 180, "quoted": MSG}),
                    ),
                );
            },
        ),
        case(
            "client.messages().gif(to, media).caption(\"..\")",
            &["sendMessageGif"],
            |ctx| async move {
                let m = ctx.client.messages();
                assert_invalid(
                    m.gif(PHONE, Media::url("https://e.com/a.mp4"))
                        .ephemeral(0)
                        .send()
                        .await,
                    "ephemeral",
                );
                ctx.assert_no_request();
                let sent = m
                    .gif(PHONE, Media::url("https://example.com/cat.mp4"))
                    .caption("Look")
                    .autoplay(true)
                    .ephemeral(86_400)
                    .send()
                    .await;
                assert_sent(sent, Kind::Gif);
                assert_request(
                    &ctx.only_request(),
                    "POST",
                    "/messages/gif",
                    &[],
                    Some(
                        json!({"to": PHONE, "media": "https://example.com/cat.mp4", "caption": "Look", "autoplay": true, "ephemeral": 86400}),
                    ),
                );
            },
        ),
        case(
            "client.messages().voice(to, media)",
            &["sendMessageVoice"],
            |ctx| async move {
                let m = ctx.client.messages();
                assert_invalid(m.voice(PHONE, Media::base64("!!!")).send().await, "media");
                ctx.assert_no_request();
                let sent = m
                    .voice(PHONE, Media::id("oga-4f2a0e1b"))
                    .seconds(4)
                    .recording_time(1.5)
                    .send()
                    .await;
                assert_sent(sent, Kind::Voice);
                assert_request(
                    &ctx.only_request(),
                    "POST",
                    "/messages/voice",
                    &[],
                    Some(
                        json!({"to": PHONE, "media": "oga-4f2a0e1b", "seconds": 4, "recording_time": 1.5}),
                    ),
                );
            },
        ),
        case(
            "client.messages().document(to, media).caption(\"..\")",
            &["sendMessageDocument"],
            |ctx| async move {
                let m = ctx.client.messages();
                assert_invalid(
                    m.document("nobody", Media::url("https://e.com/a.pdf"))
                        .send()
                        .await,
                    "to",
                );
                ctx.assert_no_request();
                let pdf = TempFile::new("document", "invoice.pdf", b"%PDF-1.7");
                let sent = m
                    .document(PHONE, Media::path(&pdf.path))
                    .caption("Your invoice")
                    .send()
                    .await;
                assert_sent(sent, Kind::Document);
                assert_request(
                    &ctx.only_request(),
                    "POST",
                    "/messages/document",
                    &[],
                    Some(json!({
                        "to": PHONE, "media": "data:application/pdf;base64,JVBERi0xLjc=",
                        "mime_type": "application/pdf", "filename": "invoice.pdf", "caption": "Your invoice",
                    })),
                );
            },
        ),
        case(
            "client.messages().sticker(to, media)",
            &["sendMessageSticker"],
            |ctx| async move {
                let m = ctx.client.messages();
                assert_invalid(
                    m.sticker(PHONE, Media::url("https://e.com/a.webp"))
                        .edit("x")
                        .send()
                        .await,
                    "edit",
                );
                ctx.assert_no_request();
                let sent = m
                    .sticker(PHONE, Media::url("https://example.com/ok.webp"))
                    .animated(false)
                    .send()
                    .await;
                assert_sent(sent, Kind::Sticker);
                assert_request(
                    &ctx.only_request(),
                    "POST",
                    "/messages/sticker",
                    &[],
                    Some(
                        json!({"to": PHONE, "media": "https://example.com/ok.webp", "animated": false}),
                    ),
                );
            },
        ),
        case(
            "client.messages().link_preview(to, text, title)",
            &["sendMessageLinkPreview"],
            |ctx| async move {
                let m = ctx.client.messages();
                assert_invalid(
                    m.link_preview(PHONE, "https://e.com", " ").send().await,
                    "title",
                );
                assert_invalid(m.link_preview(PHONE, "no link", "T").send().await, "text");
                ctx.assert_no_request();
                let sent = m
                    .link_preview(PHONE, "Menu: https://example.com/menu", "Menu")
                    .description("Open 9 to 5")
                    .canonical("https://example.com/menu")
                    .image(Media::url("https://example.com/menu.jpg"))
                    .send()
                    .await;
                assert_sent(sent, Kind::LinkPreview);
                assert_request(
                    &ctx.only_request(),
                    "POST",
                    "/messages/link_preview",
                    &[],
                    Some(json!({
                        "to": PHONE, "body": "Menu: https://example.com/menu", "title": "Menu",
                        "description": "Open 9 to 5", "canonical": "https://example.com/menu",
                        "media": "https://example.com/menu.jpg",
                    })),
                );
            },
        ),
        case(
            "client.messages().poll(to, title, answers)",
            &["sendMessagePoll"],
            |ctx| async move {
                let m = ctx.client.messages();
                assert_invalid(m.poll(PHONE, "Lunch?", ["Pizza"]).send().await, "answers");
                assert_invalid(
                    m.poll(PHONE, "Lunch?", ["Pizza", "Pizza"]).send().await,
                    "answers",
                );
                assert_invalid(m.poll(PHONE, "", ["A", "B"]).send().await, "title");
                ctx.assert_no_request();
                let sent = m
                    .poll(GROUP, "Lunch?", ["Pizza", "Sushi", "Salad"])
                    .single_answer(true)
                    .quoted(MSG)
                    .send()
                    .await;
                assert_sent(sent, Kind::Poll);
                assert_request(
                    &ctx.only_request(),
                    "POST",
                    "/messages/poll",
                    &[],
                    Some(
                        json!({"to": GROUP, "title": "Lunch?", "options": ["Pizza", "Sushi", "Salad"], "count": 1, "quoted": MSG}),
                    ),
                );
                // Multiple answers: count 0.
                ctx.server.clear_requests();
                m.poll(PHONE, "Toppings?", ["Ham", "Olives"])
                    .single_answer(false)
                    .send()
                    .await
                    .expect("sent");
                assert_eq!(ctx.only_request().json().expect("json")["count"], json!(0));
            },
        ),
        case(
            "client.messages().carousel(to, cards)",
            &["sendMessageCarousel"],
            |ctx| async move {
                let m = ctx.client.messages();
                let none: [Card; 0] = [];
                assert_invalid(m.carousel(PHONE, none).send().await, "cards");
                let bad = Card::new("a", Media::id("a.jpg"));
                assert_invalid(m.carousel(PHONE, [bad]).send().await, "cards");
                ctx.assert_no_request();
                let cards = [
                    Card::new("a", Media::url("https://example.com/a.jpg"))
                        .text("A")
                        .quick_reply("buy-a", "Buy"),
                    Card::new("b", Media::url("https://example.com/b.jpg"))
                        .url_button("More", "https://example.com/b"),
                ];
                let sent = m
                    .carousel(PHONE, cards)
                    .text("New in")
                    .quoted(MSG)
                    .send()
                    .await;
                assert_sent(sent, Kind::Carousel);
                assert_request(
                    &ctx.only_request(),
                    "POST",
                    "/messages/carousel",
                    &[],
                    Some(json!({
                        "to": PHONE, "body": {"text": "New in"}, "quoted": MSG,
                        "cards": [
                            {"id": "a", "text": "A", "media": {"media": "https://example.com/a.jpg"},
                             "buttons": [{"type": "quick_reply", "id": "buy-a", "title": "Buy"}]},
                            {"id": "b", "media": {"media": "https://example.com/b.jpg"},
                             "buttons": [{"type": "url", "title": "More", "url": "https://example.com/b"}]},
                        ],
                    })),
                );
            },
        ),
        case(
            "client.messages().location(to, lat, lon).name(\"..\")",
            &["sendMessageLocation"],
            |ctx| async move {
                let m = ctx.client.messages();
                assert_invalid(m.location(PHONE, 91.0, 0.0).send().await, "latitude");
                ctx.assert_no_request();
                let sent = m
                    .location(PHONE, 48.8584, 2.2945)
                    .name("Eiffel Tower")
                    .address("Paris")
                    .send()
                    .await;
                assert_sent(sent, Kind::Location);
                assert_request(
                    &ctx.only_request(),
                    "POST",
                    "/messages/location",
                    &[],
                    Some(
                        json!({"to": PHONE, "latitude": 48.8584, "longitude": 2.2945, "name": "Eiffel Tower", "address": "Paris"}),
                    ),
                );
            },
        ),
        case(
            "client.messages().live_location(to, lat, lon)",
            &["sendMessageLiveLocation"],
            |ctx| async move {
                let m = ctx.client.messages();
                assert_invalid(m.live_location(PHONE, 0.0, 181.0).send().await, "longitude");
                ctx.assert_no_request();
                let sent = m
                    .live_location(PHONE, 1.5, -2.5)
                    .accuracy(10)
                    .speed(3)
                    .send()
                    .await;
                assert_sent(sent, Kind::LiveLocation);
                assert_request(
                    &ctx.only_request(),
                    "POST",
                    "/messages/live_location",
                    &[],
                    Some(
                        json!({"to": PHONE, "latitude": 1.5, "longitude": -2.5, "accuracy": 10, "speed": 3}),
                    ),
                );
            },
        ),
        case(
            "client.messages().contact(to, name, vcard)",
            &["sendMessageContact"],
            |ctx| async move {
                let m = ctx.client.messages();
                assert_invalid(m.contact(PHONE, "Ann", "not a card").send().await, "vcard");
                ctx.assert_no_request();
                let sent = m.contact(PHONE, "Ann", VCARD).view_once(true).send().await;
                assert_sent(sent, Kind::Contact);
                assert_request(
                    &ctx.only_request(),
                    "POST",
                    "/messages/contact",
                    &[],
                    Some(json!({"to": PHONE, "name": "Ann", "vcard": VCARD, "view_once": true})),
                );
            },
        ),
        case(
            "client.messages().contact_list(to, [(name, vcard), ..])",
            &["sendMessageContactList"],
            |ctx| async move {
                let m = ctx.client.messages();
                let none: [(&str, &str); 0] = [];
                assert_invalid(m.contact_list(PHONE, none).send().await, "contacts");
                assert_invalid(
                    m.contact_list(PHONE, [("Ann", "x")]).send().await,
                    "contacts",
                );
                ctx.assert_no_request();
                let bob = "BEGIN:VCARD\nVERSION:3.0\nFN:Bob\nEND:VCARD";
                let sent = m
                    .contact_list(PHONE, [("Ann", VCARD), ("Bob", bob)])
                    .quoted(MSG)
                    .send()
                    .await;
                assert_sent(sent, Kind::ContactList);
                assert_request(
                    &ctx.only_request(),
                    "POST",
                    "/messages/contact_list",
                    &[],
                    Some(json!({
                        "to": PHONE, "quoted": MSG,
                        "list": [{"name": "Ann", "vcard": VCARD}, {"name": "Bob", "vcard": bob}],
                    })),
                );
            },
        ),
        case(
            "client.messages().interactive(to).body(\"..\")",
            &["sendMessageInteractive"],
            |ctx| async move {
                let m = ctx.client.messages();
                assert_invalid(m.interactive(PHONE).footer("f").send().await, "body");
                ctx.assert_no_request();
                let sent = m
                    .interactive(PHONE)
                    .body("New in")
                    .footer("Shop")
                    .product("cat-1", "sku-9")
                    .send()
                    .await;
                assert_sent(sent, Kind::Interactive);
                assert_request(
                    &ctx.only_request(),
                    "POST",
                    "/messages/interactive",
                    &[],
                    Some(json!({
                        "to": PHONE, "body": {"text": "New in"}, "footer": {"text": "Shop"},
                        "action": {"catalog_id": "cat-1", "product_id": "sku-9"},
                    })),
                );
            },
        ),
        case(
            "client.messages().media(to, Media::path(\"a.png\")).caption(\"..\")",
            &["sendMediaMessage"],
            |ctx| async move {
                let m = ctx.client.messages();
                assert_invalid(
                    m.media(PHONE, Media::url("https://e.com/a.png"))
                        .send()
                        .await,
                    "media",
                );
                assert_invalid(m.media(PHONE, Media::id("png-4f2a")).send().await, "media");
                ctx.assert_no_request();
                // Larger than one read chunk: the streamed body must arrive whole.
                let mut contents = PNG.to_vec();
                contents.extend((0..200_000u32).map(|i| (i % 251) as u8));
                let file = TempFile::new("send-media", "big.png", &contents);
                let sent = m
                    .media(PHONE, Media::path(&file.path))
                    .caption("Big")
                    .quoted(MSG)
                    .send()
                    .await;
                assert_sent(sent, Kind::Image);
                let r = ctx.only_request();
                assert_eq!(
                    (r.method.as_str(), r.path.as_str()),
                    ("POST", "/messages/media/image")
                );
                let mut query = r.query.clone();
                query.sort();
                let want = [("caption", "Big"), ("quoted", MSG), ("to", PHONE)];
                let want: Vec<(String, String)> = want
                    .iter()
                    .map(|(k, v)| (k.to_string(), v.to_string()))
                    .collect();
                assert_eq!(query, want);
                assert_eq!(r.header("content-type"), Some("image/png"));
                assert_eq!(r.body.len(), contents.len());
                assert!(r.body[..] == contents[..], "the body is the file itself");
                assert_client_headers(&r);
            },
        ),
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
