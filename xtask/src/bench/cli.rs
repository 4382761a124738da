//! The command line of `cargo xtask bench-report`.

pub(super) const USAGE: &str = "usage: cargo xtask bench-report [--skip-benches] [--skip-codegen] [--codegen-rounds N] [--skip-build-cost] [--build-runs N] [--config KEY=VALUE]... [--skip-base] [--base-runs N]

  --skip-benches      do not run the criterion benches; use their last results
  --skip-codegen      do not time the build script and openapi-generator; use the last results
  --codegen-rounds N  rounds of the codegen comparison, each 3 build-script runs and one
                      openapi-generator run, alternating (default 3)
  --skip-build-cost   do not run the clean builds; use their last results
  --build-runs N      clean builds of each variant, alternating (default 3)
  --config KEY=VALUE  passed to both clean builds as `cargo --config`, e.g.
                      'profile.dev.build-override.opt-level=1' (experiments)
  --skip-base         do not build the 15-operation base; use the last results
  --base-runs N       alternating base/head runs for the whole-API figures (default 3)
  --only-base         only the whole-API figures, merged into the last report
";

#[derive(Debug, Default)]
pub(super) struct Options {
    pub(super) skip_benches: bool,
    pub(super) skip_build_cost: bool,
    pub(super) skip_codegen: bool,
    pub(super) codegen_rounds: usize,
    pub(super) skip_base: bool,
    pub(super) only_base: bool,
    pub(super) base_runs: usize,
    pub(super) build_runs: usize,
    pub(super) configs: Vec<String>,
}

pub(super) fn parse_options(args: &[String]) -> Result<Options, String> {
    let mut options = Options {
        build_runs: 3,
        codegen_rounds: 3,
        base_runs: 3,
        ..Options::default()
    };
    let mut args = args.iter();
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--skip-benches" => options.skip_benches = true,
            "--skip-build-cost" => options.skip_build_cost = true,
            "--skip-codegen" => options.skip_codegen = true,
            "--codegen-rounds" => options.codegen_rounds = count(args.next(), "--codegen-rounds")?,
            "--skip-base" => options.skip_base = true,
            "--only-base" => options.only_base = true,
            "--base-runs" => {
                let n = args
                    .next()
                    .ok_or_else(|| format!("--base-runs takes a number\n\n{USAGE}"))?;
                options.base_runs = n
                    .parse()
                    .ok()
                    .filter(|n| *n >= 1)
                    .ok_or_else(|| format!("--base-runs: `{n}` is not a number ≥ 1"))?;
            }
            "--build-runs" => {
                let n = args
                    .next()
                    .ok_or_else(|| format!("--build-runs takes a number\n\n{USAGE}"))?;
                options.build_runs = n
                    .parse()
                    .ok()
                    .filter(|n| *n >= 1)
                    .ok_or_else(|| format!("--build-runs: `{n}` is not a number ≥ 1"))?;
            }
            "--config" => {
                let kv = args
                    .next()
                    .ok_or_else(|| format!("--config takes KEY=VALUE\n\n{USAGE}"))?;
                if !kv.contains('=') {
                    return Err(format!("--config: `{kv}` is not KEY=VALUE"));
                }
                options.configs.push(kv.clone());
            }
            "--help" | "-h" => return Err(USAGE.to_owned()),
            other => {
                return Err(format!(
                    "bench-report: unknown argument `{other}`\n\n{USAGE}"
                ));
            }
        }
    }
    Ok(options)
}

/// A count ≥ 1 given after `flag`.
fn count(value: Option<&String>, flag: &str) -> Result<usize, String> {
    let n = value.ok_or_else(|| format!("{flag} takes a number\n\n{USAGE}"))?;
    n.parse()
        .ok()
        .filter(|n| *n >= 1)
        .ok_or_else(|| format!("{flag}: `{n}` is not a number ≥ 1"))
}
