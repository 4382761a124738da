//! Sends of text, polls, places, contacts and interactive content.

use super::{GROUP, MSG, OTHER_MSG, PHONE, assert_invalid, assert_sent};
use crate::harness::{Case, assert_request, case};
use serde_json::json;
use whapi::Media;
use whapi::messages::Card;
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
    ]
}
