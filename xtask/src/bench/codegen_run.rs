//! `codegen_ms` as a build pays it: the compiled build script of a debug
//! build (`[profile.dev.build-override]`, opt-level 0 unless configured),
//! run on its own with the default features' environment, beside
//! openapi-generator's `generate` (Rust client) on the spec the build script
//! generates from (`whapi_spec.json`, the pruned spec it writes to OUT_DIR),
//! when Java and `openapi-generator-cli` (the PyPI package bundling the
//! jar) are installed. The two alternate, round by round.

use super::*;

/// What the codegen comparison measured.
#[derive(Debug, Clone, PartialEq)]
pub struct Codegen {
    /// One per run, ms: the build script, as the debug build runs it.
    pub build_script_ms: Vec<f64>,
    /// One per run, ms: `openapi-generator-cli generate -g rust`; empty
    /// when skipped.
    pub openapi_generator_ms: Vec<f64>,
    /// Why openapi-generator did not run.
    pub skipped: Option<String>,
    /// The cargo features the build script saw.
    pub features: Vec<String>,
    /// `openapi-generator-cli version`.
    pub generator_version: Option<String>,
}

impl Codegen {
    pub fn build_script_median(&self) -> f64 {
        median(&self.build_script_ms)
    }

    /// Build script over openapi-generator, medians of the runs.
    pub fn ratio(&self) -> Option<f64> {
        (!self.openapi_generator_ms.is_empty())
            .then(|| median(&self.build_script_ms) / median(&self.openapi_generator_ms))
    }

    pub(super) fn to_json(&self) -> Value {
        json!({
            "build_script_ms": self.build_script_ms,
            "openapi_generator_ms": self.openapi_generator_ms,
            "skipped": self.skipped,
            "features": self.features,
            "generator_version": self.generator_version,
        })
    }

    pub(super) fn from_json(v: &Value) -> Option<Codegen> {
        let floats = |key: &str| -> Option<Vec<f64>> {
            v.get(key)?.as_array()?.iter().map(Value::as_f64).collect()
        };
        Some(Codegen {
            build_script_ms: floats("build_script_ms")?,
            openapi_generator_ms: floats("openapi_generator_ms")?,
            skipped: v.get("skipped")?.as_str().map(str::to_owned),
            features: v
                .get("features")?
                .as_array()?
                .iter()
                .filter_map(|f| f.as_str().map(str::to_owned))
                .collect(),
            generator_version: v
                .get("generator_version")
                .and_then(Value::as_str)
                .map(str::to_owned),
        })
    }
}

/// The build script (of `whapi-api`, which `whapi` builds) and the place its
/// last run wrote to, from cargo's JSON messages for a debug
/// `cargo build --lib -p whapi`.
struct BuildScript {
    executable: PathBuf,
    out_dir: PathBuf,
    features: Vec<String>,
}

fn locate(root: &Path) -> Result<BuildScript, String> {
    let program = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let output = Command::new(&program)
        .args([
            "build",
            "--lib",
            "-p",
            "whapi",
            "--message-format=json-render-diagnostics",
        ])
        .current_dir(root)
        .stderr(Stdio::inherit())
        .output()
        .map_err(|e| format!("cannot run {program}: {e}"))?;
    if !output.status.success() {
        return Err(format!(
            "`cargo build --lib -p whapi` failed ({})",
            output.status
        ));
    }
    let manifest = root.join(API_DIR).join("Cargo.toml");
    let messages: Vec<Value> = String::from_utf8_lossy(&output.stdout)
        .lines()
        .filter_map(|line| serde_json::from_str(line).ok())
        .collect();
    // Artifacts name their manifest; `build-script-executed` only the
    // package id, taken from them.
    let package = messages
        .iter()
        .find(|m| {
            m["manifest_path"]
                .as_str()
                .is_some_and(|p| Path::new(p) == manifest)
        })
        .and_then(|m| m["package_id"].as_str())
        .ok_or("cargo reported no artifact of whapi-api")?
        .to_owned();
    let (mut executable, mut out_dir, mut features) = (None, None, Vec::new());
    for m in messages
        .iter()
        .filter(|m| m["package_id"] == package.as_str())
    {
        match m["reason"].as_str() {
            Some("compiler-artifact") if m["target"]["kind"][0] == "custom-build" => {
                executable = m["filenames"][0].as_str().map(PathBuf::from);
            }
            Some("compiler-artifact") if m["target"]["kind"][0] == "lib" => {
                features = m["features"]
                    .as_array()
                    .map(|f| {
                        f.iter()
                            .filter_map(|s| s.as_str().map(str::to_owned))
                            .collect()
                    })
                    .unwrap_or_default();
            }
            Some("build-script-executed") => {
                out_dir = m["out_dir"].as_str().map(PathBuf::from);
            }
            _ => {}
        }
    }
    Ok(BuildScript {
        executable: executable.ok_or("cargo named no build script for whapi-api")?,
        out_dir: out_dir.ok_or("cargo named no OUT_DIR for whapi-api")?,
        features,
    })
}

/// One run of the build script into `out`, with the environment cargo
/// gives it for `features`; milliseconds.
fn run_build_script(script: &BuildScript, root: &Path, out: &Path) -> Result<f64, String> {
    std::fs::create_dir_all(out).map_err(|e| format!("cannot create {}: {e}", out.display()))?;
    let mut command = Command::new(&script.executable);
    command
        .current_dir(root.join(API_DIR))
        .env("OUT_DIR", out)
        .env("CARGO_MANIFEST_DIR", root.join(API_DIR))
        .stdout(Stdio::null());
    for feature in &script.features {
        command.env(feature_env(feature), "1");
    }
    let started = Instant::now();
    let status = command
        .status()
        .map_err(|e| format!("cannot run {}: {e}", script.executable.display()))?;
    let ms = started.elapsed().as_secs_f64() * 1e3;
    if !status.success() {
        return Err(format!("{} failed ({status})", script.executable.display()));
    }
    Ok(ms)
}

/// Why openapi-generator cannot run here, if it cannot.
fn generator_missing() -> Result<String, String> {
    let runs = |program: &str, arg: &str| {
        Command::new(program)
            .arg(arg)
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .output()
            .ok()
            .filter(|o| o.status.success())
    };
    if runs("java", "-version").is_none() {
        return Err("no Java runtime (`java -version` fails)".into());
    }
    match runs("openapi-generator-cli", "version") {
        Some(o) => Ok(String::from_utf8_lossy(&o.stdout)
            .lines()
            .last()
            .unwrap_or("")
            .trim()
            .to_owned()),
        None => Err(
            "`openapi-generator-cli` is not installed (`pip install openapi-generator-cli`)".into(),
        ),
    }
}

fn run_generator(spec: &Path, out: &Path) -> Result<f64, String> {
    let _ = std::fs::remove_dir_all(out);
    let started = Instant::now();
    let output = Command::new("openapi-generator-cli")
        .args(["generate", "-g", "rust", "-i"])
        .arg(spec)
        .arg("-o")
        .arg(out)
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .output()
        .map_err(|e| format!("cannot run openapi-generator-cli: {e}"))?;
    let ms = started.elapsed().as_secs_f64() * 1e3;
    if !output.status.success() {
        let stderr = String::from_utf8_lossy(&output.stderr);
        let tail: Vec<&str> = stderr.lines().rev().take(15).collect();
        return Err(format!(
            "openapi-generator-cli generate failed ({}):\n{}",
            output.status,
            tail.into_iter().rev().collect::<Vec<_>>().join("\n")
        ));
    }
    let _ = std::fs::remove_dir_all(out);
    Ok(ms)
}

/// `rounds` rounds, each running the build script `per_round` times and
/// openapi-generator once, which goes first alternating.
pub fn measure(root: &Path, rounds: usize, per_round: usize) -> Result<Codegen, String> {
    let script = locate(root)?;
    let tmp = TempDir(std::env::temp_dir().join(format!("whapi-codegen-{}", std::process::id())));
    let spec = tmp.0.join("whapi_spec.json");
    std::fs::create_dir_all(&tmp.0)
        .map_err(|e| format!("cannot create {}: {e}", tmp.0.display()))?;
    // The spec the build script generates from, as it wrote it.
    std::fs::copy(script.out_dir.join("whapi_spec.json"), &spec)
        .map_err(|e| format!("cannot copy the build script's whapi_spec.json: {e}"))?;
    let generator = generator_missing();
    if let Err(reason) = &generator {
        eprintln!("bench-report: openapi-generator comparison skipped: {reason}");
    }
    // Warm the file cache (spec, executable) before anything counts.
    run_build_script(&script, root, &tmp.0.join("out-warm"))?;
    let mut codegen = Codegen {
        build_script_ms: Vec::new(),
        openapi_generator_ms: Vec::new(),
        skipped: generator.as_ref().err().cloned(),
        features: script.features.clone(),
        generator_version: generator.as_ref().ok().cloned(),
    };
    for round in 0..rounds {
        let ours = |codegen: &mut Codegen| -> Result<(), String> {
            for i in 0..per_round {
                let out = tmp.0.join(format!("out-{round}-{i}"));
                codegen
                    .build_script_ms
                    .push(run_build_script(&script, root, &out)?);
            }
            Ok(())
        };
        if round % 2 == 1 {
            ours(&mut codegen)?;
        }
        if generator.is_ok() {
            let ms = run_generator(&spec, &tmp.0.join("openapi-generator"))?;
            eprintln!(
                "bench-report: openapi-generator generate (round {}): {ms:.0} ms",
                round + 1
            );
            codegen.openapi_generator_ms.push(ms);
        }
        if round % 2 == 0 {
            ours(&mut codegen)?;
        }
    }
    Ok(codegen)
}
