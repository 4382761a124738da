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
            // A ratio under 1 is a cost for throughput, over 1 for time.
            let cost = |ratio: f64| {
                if goal.starts_with('≥') {
                    1.0 / ratio
                } else {
                    ratio
                }
            };
            let reading = if cost(r.median) > cost(p.median) {
                "the facade costs less than it: its sends take a lean path past progenitor's builder (`call::post_json`)"
            } else {
                "the facade's builders and checks account for the rest"
            };
            md.push_str(&format!(
                " The generated client alone (`client.raw()`, same hooks): {:.3}; {reading}.",
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

#[cfg(test)]
mod tests {
    use super::*;

    fn figures(skipped: bool) -> Figures {
        let p = |m: f64| PairedFigure {
            median: m,
            q1: m - 0.01,
            q3: m + 0.01,
            min: m - 0.1,
            max: m + 0.1,
            rounds: Some(30),
            cpu: Some(m),
        };
        let paired = [
            ("roundtrip_latency_ratio", p(1.04)),
            ("roundtrip_aa_latency_ratio", p(1.0)),
            ("roundtrip_raw_latency_ratio", p(1.03)),
            ("throughput_ratio", p(0.90)),
            ("throughput_aa_ratio", p(1.0)),
            ("decode_ratio", p(1.01)),
        ]
        .into_iter()
        .map(|(k, v)| (k.to_owned(), v))
        .collect();
        Figures {
            rt_facade: 130e3,
            rt_hand: 100e3,
            tp_facade: 2e6,
            tp_hand: 1.6e6,
            dec_generated: 1e6,
            dec_hand: 1e6,
            dec_value: 1.5e6,
            wh_parse: 0.9e6,
            wh_value: 1e6,
            codegen: 50e6,
            codegen_prepare: 1e6,
            codegen_format: 30e6,
            regen_100: 10e6,
            regen_1k: 80e6,
            regen_10k: 800e6,
            build: BuildCost {
                generated_s: vec![66.0, 70.0, 64.0],
                pregenerated_s: vec![55.0, 56.0, 57.0],
                generated_cpu_s: vec![120.0, 121.0, 119.0],
                pregenerated_cpu_s: vec![100.0, 101.0, 99.0],
                build_script_ms: vec![900.0],
                generated_units: 149,
                pregenerated_units: 128,
                configs: Vec::new(),
            },
            codegen_run: Codegen {
                build_script_ms: vec![900.0, 1000.0, 1100.0],
                openapi_generator_ms: if skipped { vec![] } else { vec![10_000.0] },
                skipped: skipped.then(|| "no Java runtime".to_owned()),
                features: vec!["default".into()],
                generator_version: None,
            },
            paired,
        }
    }

    #[test]
    fn verdicts_follow_the_interleaved_medians_and_the_run_data() {
        let f = figures(false);
        // Criterion's medians say 1.30 and 0.80; the verdicts use 1.04, 0.90.
        assert_eq!((f.latency_ratio(), f.throughput_ratio()), (1.04, 0.90));
        let summary = f.summary();
        assert_eq!(summary["roundtrip_latency_ratio"], 1.04);
        assert_eq!(summary["codegen_ms"], 1000.0);
        assert_eq!(summary["codegen_vs_openapi_generator_ratio"], 0.1);
        let text = prose(&f, false);
        assert!(
            text.contains("round-trip latency: 1.040 over 30 interleaved rounds"),
            "{text}"
        );
        assert!(text.contains("goal ≥ 0.95 **missed**"), "{text}");
        assert!(text.contains("Noise floor"), "{text}");
        assert!(text.contains("median of 3 alternating runs"), "{text}");
        assert!(!text.contains("under load"), "{text}");
        assert!(prose(&f, true).contains("under load"));
    }

    #[test]
    fn a_skipped_generator_comparison_says_why_and_is_null() {
        let f = figures(true);
        assert!(f.summary()["codegen_vs_openapi_generator_ratio"].is_null());
        assert!(prose(&f, false).contains("skipped: no Java runtime"));
        assert!(
            f.goals()
                .iter()
                .all(|g| !g.name.contains("openapi-generator"))
        );
    }
}
