#!/usr/bin/env bash
# Reproducible generation downstream: package the crates as crates.io would
# ship them (whapi and the generated whapi-api it depends on), build a
# throwaway crate that depends on the unpacked packages (by path: nothing is
# published), resolving its dependencies afresh from
# crates.io as a user's `cargo add whapi` would (no lockfile of ours), and
# check that the code its build script generated is byte for byte the code
# this checkout's build generated. tests/generated_api.rs holds the latter to
# the committed snapshot, so a downstream build gets the API the snapshots
# promise: the generator's pins hold.
set -euo pipefail
cd "$(dirname "$0")/.."

target=${CARGO_TARGET_DIR:-$PWD/target}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# The out_dir of whapi-api's build script (the generator), from cargo's JSON
# messages (fresh builds report it too).
out_dir() {
  python3 -c '
import json, sys
dirs = {m["out_dir"] for m in map(json.loads, sys.stdin)
        if m.get("reason") == "build-script-executed" and "#whapi-api@" in m["package_id"]}
if len(dirs) != 1:
    sys.exit(f"expected one whapi-api build script run, saw {sorted(dirs)}")
print(dirs.pop())'
}

echo "package"
# Together: whapi's packaged manifest names whapi-api by version only.
cargo package -p whapi-api -p whapi --allow-dirty --no-verify --quiet
version=$(sed -n 's/^version = "\(.*\)"$/\1/p' Cargo.toml | head -n 1)
for name in whapi whapi-api; do
  crate="$target/package/$name-$version.crate"
  tar -xzf "$crate" -C "$work"
  echo "unpacked $(basename "$crate") ($(wc -c <"$crate") bytes)"
done
# The generator's input and script travel in whapi-api's package.
for file in build.rs whapi.openapi.json; do
  [ -f "$work/whapi-api-$version/$file" ] || { echo "whapi-api's package lacks $file"; exit 1; }
done

echo "this checkout's generated code"
ours=$(cargo build --lib --message-format=json --quiet | out_dir)/whapi_generated.rs

echo "a downstream crate's generated code"
mkdir -p "$work/downstream/src"
cat >"$work/downstream/Cargo.toml" <<TOML
[package]
name = "downstream"
version = "0.0.0"
edition = "2024"
publish = false

[dependencies]
whapi = { path = "../whapi-$version" }

# As if both were on crates.io: whapi's manifest names whapi-api by version.
[patch.crates-io]
whapi-api = { path = "../whapi-api-$version" }

[workspace]
TOML
echo 'fn main() { let _ = whapi::Client::builder(); }' >"$work/downstream/src/main.rs"
# Its own target dir (kept between runs, so CI stays warm) and a fresh
# resolution: the downstream's Cargo.lock is cargo's choice, not ours.
theirs=$(cd "$work/downstream" &&
  CARGO_TARGET_DIR="$target/downstream" cargo build --message-format=json --quiet | out_dir)/whapi_generated.rs

for tool in progenitor progenitor-impl typify typify-impl openapiv3 prettyplease; do
  printf '  %-16s %s\n' "$tool" "$(cd "$work/downstream" && cargo tree -e normal,build -i "$tool" --depth 0 2>/dev/null | head -n 1)"
done
if cmp -s "$ours" "$theirs"; then
  echo "downstream: generated code identical ($(wc -l <"$ours") lines)"
else
  echo "downstream: generated code differs from this checkout's:"
  diff -u "$ours" "$theirs" | head -n 60
  exit 1
fi
