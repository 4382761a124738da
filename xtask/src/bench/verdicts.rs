//! The prose about the last run, written from its figures (so that no
//! hand-written sentence in BENCHMARKS.md quotes a number that goes stale).

use super::*;

/// One paragraph per verdict, markdown.
pub(super) fn prose(f: &Figures, under_load: bool) -> String {
    let mut md = String::from("\nWhat this run says:\n\n");
    let met = |pass: bool| if pass { "met" } else { "**missed**" };

    // Loopback ratios: the interleaved median against the A/A floor.
    let loopback = |md: &mut String,
                    (what, key, aa, raw): (&str, &str, &str, &str),
                    goal: &str,
                    pass: bool| {
        let Some(p) = f.paired.get(key) else {
            md.push_str(&format!(
                "- {what}: no interleaved result in this run (criterion medians only).\n"
            ));
            return;
        };
        md.push_str(&format!(
            "- {what}: {} over {} interleaved rounds (middle half {:.3}–{:.3}); goal {goal} {}.",
            format_args!("{:.3}", p.median),
            p.rounds.map_or("?".to_owned(), |r| r.to_string()),
            p.q1,
            p.q3,
            met(pass)
        ));
        if let Some(floor) = f.paired.get(aa) {
            let width = floor.q3 - floor.q1;
            md.push_str(&format!(
                " Noise floor (two identical hand-written clients): {}, so differences under ±{:.3} are not measured costs.",
                floor.short(),
                (width / 2.0).max((floor.median - 1.0).abs())
            ));
        }
        if let Some(cpu) = p.cpu {
            md.push_str(&format!(" In process CPU time: {cpu:.3}."));
        }
        if let Some(r) = f.paired.get(raw) {
            md.push_str(&format!(
                " The generated client alone (`client.raw()`, same hooks): {:.3}; the facade's builders and checks account for the rest.",
                r.median
            ));
        }
        md.push('\n');
    };
    loopback(
        &mut md,
        (
            "round-trip latency",
            "roundtrip_latency_ratio",
            "roundtrip_aa_latency_ratio",
            "roundtrip_raw_latency_ratio",
        ),
        "≤ 1.05",
        f.latency_ratio() <= 1.05,
    );
    loopback(
        &mut md,
        (
            "throughput at 64 in flight",
            "throughput_ratio",
            "throughput_aa_ratio",
            "throughput_raw_ratio",
        ),
        "≥ 0.95",
        f.throughput_ratio() >= 0.95,
    );
    loopback(
        &mut md,
        ("decode", "decode_ratio", "", ""),
        "≤ 1.10",
        f.decode_ratio() <= 1.10,
    );

    let c = &f.codegen_run;
    md.push_str(&format!(
        "- codegen: the build script, as a debug build runs it (features: {}), takes {:.0} ms (median of {}; {:.0}–{:.0} ms); goal ≤ 100 ms {}. Optimized and in-process (criterion) the same generation takes {}.",
        c.features.join(", "),
        c.build_script_median(),
        c.build_script_ms.len(),
        spread(&c.build_script_ms).0,
        spread(&c.build_script_ms).1,
        met(f.codegen_ms() <= 100.0),
        show(f.codegen)
    ));
    match (c.ratio(), &c.skipped) {
        (Some(ratio), _) => md.push_str(&format!(
            " openapi-generator{} `generate -g rust` on the same pruned spec takes {:.1} s (median of {}), so ours takes {ratio:.4} of it; goal ≤ 0.05 {}.\n",
            c.generator_version
                .as_deref()
                .map(|v| format!(" {v}"))
                .unwrap_or_default(),
            median(&c.openapi_generator_ms) / 1e3,
            c.openapi_generator_ms.len(),
            met(ratio <= 0.05)
        )),
        (None, Some(reason)) => md.push_str(&format!(
            " The comparison with openapi-generator was skipped: {reason}.\n"
        )),
        (None, None) => md.push('\n'),
    }

    let b = &f.build;
    let (lo, hi) = b.spread();
    md.push_str(&format!(
        "- clean build: generating at build time costs {:.3}× the pre-generated build (median of {} alternating runs, {lo:.3}–{hi:.3}; CPU time {:.3}); goal ≤ 1.25 {}.{}\n",
        b.ratio(),
        b.run_ratios().len(),
        b.cpu_ratio(),
        met(b.ratio() <= 1.25),
        if b.run_ratios().len() < 3 {
            " Fewer than 3 runs: a single sample, not a verdict."
        } else {
            ""
        }
    ));
    if under_load {
        md.push_str("- This run was taken under load (see the load averages above): wall-clock figures are inflated; the interleaved ratios and CPU times hold better.\n");
    }
    md
}
