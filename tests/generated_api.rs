//! Snapshots of the generated client's public API, one per area (cargo
//! feature), parsed with syn from what the build script's generator makes of
//! the spec pruned to that area: a change in one area is a diff in that
//! area's snapshot, whatever features this test run has, and a generator bump
//! that changes the API shows here even when the spec did not change.
//! (`tests/codegen.rs` checks that the build used the same generator.)

#[allow(dead_code)]
#[path = "../build.rs"]
mod build_script;

use quote::ToTokens;
use syn::{ImplItem, Item, Visibility};

const SPEC: &str = include_str!("../spec/whapi.openapi.json");

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

/// The public API lines of the code generated for `areas`.
fn api_lines(areas: &[&str]) -> Vec<String> {
    let areas = areas.iter().map(|a| (*a).to_owned()).collect();
    let code = build_script::generate_areas(SPEC, Some(&areas))
        .unwrap_or_else(|e| panic!("{areas:?} generate: {e}"));
    let file = syn::parse_file(&code).expect("the generated file parses");
    let mut lines = Vec::new();
    walk(&file.items, "", &mut lines);
    lines.sort();
    lines.dedup();
    lines
}

#[test]
fn generated_api_per_area() {
    let spec: serde_json::Value = serde_json::from_str(SPEC).expect("spec");
    let mut all = std::collections::BTreeSet::new();
    for area in build_script::AREAS {
        let lines = api_lines(&[area]);
        // Every `Client` method but the two constructors is an operation.
        let methods: Vec<&String> = lines
            .iter()
            .filter(|l| l.starts_with("fn Client::"))
            .filter(|l| !l.starts_with("fn Client::fn new "))
            .filter(|l| !l.starts_with("fn Client::fn new_with_client "))
            .collect();
        // One client method per operation of the area.
        let operations = spec["paths"]
            .as_object()
            .into_iter()
            .flatten()
            .flat_map(|(_, item)| item.as_object().into_iter().flatten())
            .filter(|(_, op)| {
                op["tags"]
                    .as_array()
                    .into_iter()
                    .flatten()
                    .filter_map(serde_json::Value::as_str)
                    .any(|t| t.to_lowercase() == area)
            })
            .count();
        assert_eq!(methods.len(), operations, "{area}: a method per operation");
        all.extend(methods.into_iter().cloned());
        insta::assert_snapshot!(format!("generated_api_{area}"), lines.join("\n"));
    }
    assert_eq!(all.len(), 167, "every operation is in an area");
}
