//! Deterministic response bodies for the benches, shaped like Whapi's
//! answers and valid against `spec/whapi.openapi.json` (checked by the
//! xtask's unit tests, which include this file). Uses serde_json only.

use serde_json::{Value, json};

/// A small deterministic generator (64-bit LCG, Knuth's constants): the same
/// list on every run and every machine.
struct Lcg(u64);

impl Lcg {
    fn next(&mut self) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        self.0 >> 33
    }

    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }

    fn token(&mut self, len: usize) -> String {
        const ALPHABET: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
        (0..len)
            .map(|_| ALPHABET[self.below(ALPHABET.len() as u64) as usize] as char)
            .collect()
    }

    fn hex(&mut self, len: usize) -> String {
        (0..len)
            .map(|_| char::from_digit(self.below(16) as u32, 16).unwrap_or('0'))
            .collect()
    }

    fn phone(&mut self) -> String {
        format!("1555{:07}", self.below(10_000_000))
    }
}

const WORDS: [&str; 16] = [
    "hello", "invoice", "tomorrow", "meeting", "thanks", "the", "report", "is", "ready", "please",
    "call", "me", "when", "you", "arrive", "ok",
];

const EMOJI: [&str; 5] = ["👍", "❤️", "😂", "🙏", "🎉"];
const STATUSES: [&str; 5] = ["sent", "delivered", "read", "pending", "played"];

fn sentence(rng: &mut Lcg, words: u64) -> String {
    (0..words)
        .map(|_| WORDS[rng.below(WORDS.len() as u64) as usize])
        .collect::<Vec<_>>()
        .join(" ")
}

/// A base64 JPEG thumbnail of roughly the size Whapi sends (~1 KB).
fn preview(rng: &mut Lcg) -> String {
    format!("/9j/4AAQSkZJRgABAQAAAQABAAD/{}", rng.token(1000))
}

fn message_id(rng: &mut Lcg) -> String {
    format!("{}-{}", rng.token(15), rng.token(9))
}

/// The fields every message has, plus `from`/`from_name` for incoming ones.
fn envelope(rng: &mut Lcg, i: usize, kind: &str) -> serde_json::Map<String, Value> {
    let chat = rng.phone();
    let from_me = rng.below(3) == 0;
    let mut m = serde_json::Map::new();
    m.insert("id".into(), json!(message_id(rng)));
    m.insert("type".into(), json!(kind));
    m.insert("subtype".into(), json!(""));
    m.insert("chat_id".into(), json!(format!("{chat}@s.whatsapp.net")));
    m.insert("from_me".into(), json!(from_me));
    m.insert("timestamp".into(), json!(1_718_000_000 + i as u64 * 37));
    m.insert("source".into(), json!("mobile"));
    if from_me {
        let status = STATUSES[rng.below(STATUSES.len() as u64) as usize];
        m.insert("status".into(), json!(status));
    } else {
        m.insert("from".into(), json!(chat));
        m.insert("from_name".into(), json!(format!("Contact {}", i % 97)));
    }
    m
}

/// One message of the list: text, image, location and contact in turn,
/// every third with a context (forwarded or a reply), every fifth with
/// reactions.
fn message(rng: &mut Lcg, i: usize) -> Value {
    let kinds = ["text", "image", "location", "contact"];
    let kind = kinds[i % kinds.len()];
    let mut m = envelope(rng, i, kind);
    let body = match kind {
        "text" => {
            let words = 4 + rng.below(20);
            json!({"body": sentence(rng, words)})
        }
        "image" => json!({
            "id": format!("jpeg-{}-{}", rng.hex(16), rng.hex(8)),
            "link": format!("https://s3.eu-central-1.wasabisys.com/in-files/{}.jpeg", rng.hex(24)),
            "mime_type": "image/jpeg",
            "file_size": 20_000 + rng.below(400_000),
            "sha256": rng.hex(64),
            "width": 1280,
            "height": 720 + rng.below(240),
            "caption": sentence(rng, 3),
            "preview": preview(rng),
        }),
        "location" => json!({
            "latitude": 52.0 + rng.below(1_000_000) as f64 / 1e6,
            "longitude": 13.0 + rng.below(1_000_000) as f64 / 1e6,
            "name": "Alexanderplatz",
            "address": "Alexanderplatz 1, 10178 Berlin",
            "url": "https://maps.example.com/alexanderplatz",
            "preview": preview(rng),
        }),
        _ => {
            let name = format!("Contact {}", rng.below(1000));
            let phone = rng.phone();
            json!({
                "name": name,
                "vcard": format!(
                    "BEGIN:VCARD\nVERSION:3.0\nN:;{name};;;\nFN:{name}\nTEL;type=CELL;type=VOICE;waid={phone}:+{phone}\nEND:VCARD"
                ),
            })
        }
    };
    m.insert(kind.into(), body);
    if i.is_multiple_of(3) {
        let context = if rng.below(2) == 0 {
            json!({"forwarded": true, "forwarding_score": 1 + rng.below(4)})
        } else {
            json!({
                "quoted_id": message_id(rng),
                "quoted_author": rng.phone(),
                "quoted_type": "text",
                "quoted_content": {"body": sentence(rng, 6)},
                "mentions": [rng.phone()],
            })
        };
        m.insert("context".into(), context);
    }
    if i.is_multiple_of(5) {
        let reactions: Vec<Value> = (0..1 + rng.below(3))
            .map(|_| {
                json!({
                    "id": message_id(rng),
                    "emoji": EMOJI[rng.below(EMOJI.len() as u64) as usize],
                    "group_key": "default",
                    "t": 1_718_000_100 + rng.below(10_000),
                    "unread": rng.below(2) == 0,
                })
            })
            .collect();
        m.insert("reactions".into(), Value::Array(reactions));
    }
    Value::Object(m)
}

/// A `MessagesList` page of `n` messages, the same on every call.
pub fn messages_list(n: usize) -> Value {
    let mut rng = Lcg(0x5eed_cafe);
    let messages: Vec<Value> = (0..n).map(|i| message(&mut rng, i)).collect();
    json!({"messages": messages, "count": n, "total": 12_345, "offset": 0})
}

/// The 201 body of `POST /messages/document`: the message as Whapi echoes it.
pub fn sent_document() -> Value {
    json!({
        "sent": true,
        "message": {
            "id": "PsqXn5SAD5v7HRA-wHSpIt0Ps",
            "type": "document",
            "subtype": "",
            "chat_id": "15551234567@s.whatsapp.net",
            "from_me": true,
            "status": "pending",
            "timestamp": 1_718_000_000,
            "source": "api",
            "document": {
                "id": "pdf-4f2a0e1b3c5d6e7f-8a9b0c1d",
                "link": "https://x/a.pdf",
                "mime_type": "application/pdf",
                "file_size": 48_213,
                "file_name": "a.pdf",
                "filename": "a.pdf",
                "sha256": "9f2c4d4b8b1a0e6f3c2d1e0f9a8b7c6d5e4f3a2b1c0d9e8f7a6b5c4d3e2f1a0b",
                "page_count": 3,
                "caption": "Your invoice",
            },
        },
    })
}
