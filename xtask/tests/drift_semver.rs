//! `cargo xtask drift-semver`: drift's rust-breaking / compatible verdicts
//! agree with the compiler on every case (user code written against the base
//! API, type-checked against the head).

#[test]
fn drift_verdicts_agree_with_the_compiler() {
    let work = std::env::temp_dir().join(format!("xtask-drift-semver-{}", std::process::id()));
    let outcomes = xtask::semver::run(&work).unwrap_or_else(|e| panic!("{e}"));
    let table = xtask::semver::table(&outcomes);
    let _ = std::fs::remove_dir_all(&work);
    assert!(outcomes.len() >= 12, "{table}");
    // Both verdicts occur: the check can tell them apart.
    assert!(
        outcomes
            .iter()
            .any(|o| o.compiles_against_head == Some(true)),
        "{table}"
    );
    assert!(
        outcomes
            .iter()
            .any(|o| o.compiles_against_head == Some(false)),
        "{table}"
    );
    assert!(outcomes.iter().all(|o| o.agrees()), "{table}");
    assert!(
        table.ends_with(&format!(
            "semver cross-check: {0}/{0} agree\n",
            outcomes.len()
        )),
        "{table}"
    );
}
