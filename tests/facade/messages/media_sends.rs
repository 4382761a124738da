//! Sends of media: JSON sends with URLs, IDs, bytes or files, and the raw upload.

use super::{GROUP, MSG, PHONE, PNG, TempFile, assert_invalid, assert_sent};
use crate::harness::{Case, assert_client_headers, assert_request, case};
use serde_json::json;
use whapi::Media;
use whapi::types::MessageTypeKnown as Kind;

pub fn cases() -> Vec<Case> {
    vec![
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
    ]
}
