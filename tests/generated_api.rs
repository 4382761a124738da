//! Snapshot of the generated client's public API, parsed with syn from the
//! build script's output: a generator bump that changes the API shows here
//! even when the spec did not change.

use quote::ToTokens;
use syn::{ImplItem, Item, Visibility};

const GENERATED: &str = include_str!(concat!(env!("OUT_DIR"), "/whapi_generated.rs"));

fn tidy(tokens: impl ToTokens) -> String {
    let s = tokens.to_token_stream().to_string();
    s.replace(" :: ", "::")
        .replace(":: ", "::")
        .replace(" <", "<")
        .replace("< ", "<")
        .replace(" >", ">")
        .replace(" ,", ",")
        .replace("& '", "&'")
        .replace("& ", "&")
        .replace("::std::option::", "")
        .replace("::std::string::", "")
        .replace("::std::vec::", "")
        .replace("std::convert::", "")
        .replace("::std::num::", "")
}

fn is_pub(v: &Visibility) -> bool {
    matches!(v, Visibility::Public(_))
}

fn walk(items: &[Item], module: &str, out: &mut Vec<String>) {
    for item in items {
        match item {
            Item::Mod(m) if is_pub(&m.vis) => {
                if let Some((_, inner)) = &m.content {
                    walk(inner, &format!("{module}{}::", m.ident), out);
                }
            }
            Item::Struct(s) if is_pub(&s.vis) => {
                let fields: Vec<String> = s
                    .fields
                    .iter()
                    .filter(|f| is_pub(&f.vis))
                    .map(|f| {
                        format!(
                            "{}: {}",
                            f.ident.as_ref().map(|i| i.to_string()).unwrap_or_default(),
                            tidy(&f.ty)
                        )
                    })
                    .collect();
                out.push(format!(
                    "struct {module}{}{} {{{}}}",
                    s.ident,
                    tidy(&s.generics),
                    fields.join(", ")
                ));
            }
            Item::Enum(e) if is_pub(&e.vis) => {
                let variants: Vec<String> = e
                    .variants
                    .iter()
                    .map(|v| {
                        format!(
                            "{}{}",
                            v.ident,
                            if v.fields.is_empty() {
                                String::new()
                            } else {
                                tidy(&v.fields)
                            }
                        )
                    })
                    .collect();
                out.push(format!(
                    "enum {module}{} {{{}}}",
                    e.ident,
                    variants.join(", ")
                ));
            }
            Item::Type(t) if is_pub(&t.vis) => {
                out.push(format!("type {module}{} = {}", t.ident, tidy(&t.ty)))
            }
            Item::Fn(f) if is_pub(&f.vis) => out.push(format!("fn {module}{}", tidy(&f.sig))),
            Item::Impl(i) if i.trait_.is_none() => {
                let self_ty = tidy(&i.self_ty);
                for member in &i.items {
                    if let ImplItem::Fn(f) = member
                        && is_pub(&f.vis)
                    {
                        out.push(format!("fn {module}{self_ty}::{}", tidy(&f.sig)));
                    }
                }
            }
            Item::Impl(i) => {
                if let Some((path, _)) = &i.trait_ {
                    out.push(format!(
                        "impl {module}{} for {}",
                        tidy(path),
                        tidy(&i.self_ty)
                    ));
                }
            }
            _ => {}
        }
    }
}

#[test]
fn generated_api() {
    let file = syn::parse_file(GENERATED).expect("the generated file parses");
    let mut lines = Vec::new();
    walk(&file.items, "", &mut lines);
    lines.sort();
    lines.dedup();
    let methods = lines
        .iter()
        .filter(|l| l.starts_with("fn Client::"))
        .count();
    assert!(
        methods >= 15,
        "the client has a method per operation, found {methods}"
    );
    insta::assert_snapshot!("generated_api", lines.join("\n"));
}
