//! The interleaved A/B results the benches write to
//! `<criterion dir>/paired.json` (benches/common/mod.rs): per name, the
//! median of the per-round ratios, their spread, and the same in process
//! CPU time.

use super::*;
use std::collections::BTreeMap;

/// One interleaved comparison.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PairedFigure {
    pub median: f64,
    /// The middle half of the rounds (25th–75th percentile).
    pub q1: f64,
    pub q3: f64,
    pub min: f64,
    pub max: f64,
    pub rounds: Option<u64>,
    /// The median ratio in process CPU time.
    pub cpu: Option<f64>,
}

impl PairedFigure {
    /// From an entry of paired.json: an object, or a bare number as older
    /// benches wrote (no spread then).
    pub fn from_json(v: &Value) -> Option<PairedFigure> {
        if let Some(m) = v.as_f64() {
            return Some(PairedFigure {
                median: m,
                q1: m,
                q3: m,
                min: m,
                max: m,
                rounds: None,
                cpu: None,
            });
        }
        let f = |k: &str| v.get(k).and_then(Value::as_f64);
        let median = f("median")?;
        Some(PairedFigure {
            median,
            q1: f("q1").unwrap_or(median),
            q3: f("q3").unwrap_or(median),
            min: f("min").unwrap_or(median),
            max: f("max").unwrap_or(median),
            rounds: v.get("rounds").and_then(Value::as_u64),
            cpu: v.pointer("/cpu/median").and_then(Value::as_f64),
        })
    }

    /// `1.032 (middle half 1.010–1.050, all 0.970–1.100, 30 rounds)`.
    pub fn text(&self) -> String {
        // A single deterministic figure (instruction counts): no spread.
        if self.rounds.is_none() && self.min == self.max {
            return format!("{:.3}", self.median);
        }
        let rounds = self
            .rounds
            .map(|r| format!(", {r} rounds"))
            .unwrap_or_default();
        format!(
            "{:.3} (middle half {:.3}–{:.3}, all {:.3}–{:.3}{rounds})",
            self.median, self.q1, self.q3, self.min, self.max
        )
    }

    /// `1.004 (0.990–1.012)`: the median and middle half, for a noise floor.
    pub fn short(&self) -> String {
        format!("{:.3} ({:.3}–{:.3})", self.median, self.q1, self.q3)
    }
}

/// Every comparison in `<dir>/paired.json`, by name.
pub fn read_paired(dir: &Path) -> BTreeMap<String, PairedFigure> {
    std::fs::read_to_string(dir.join("paired.json"))
        .ok()
        .and_then(|t| serde_json::from_str::<Value>(&t).ok())
        .and_then(|v| v.as_object().cloned())
        .unwrap_or_default()
        .into_iter()
        .filter_map(|(k, v)| Some((k, PairedFigure::from_json(&v)?)))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_objects_and_bare_numbers() {
        let full = json!({"median": 1.02, "q1": 1.0, "q3": 1.04, "min": 0.9, "max": 1.2,
            "rounds": 30, "cpu": {"median": 1.01}});
        let p = PairedFigure::from_json(&full).expect("an object");
        assert_eq!(
            (p.median, p.q1, p.max, p.rounds, p.cpu),
            (1.02, 1.0, 1.2, Some(30), Some(1.01))
        );
        assert_eq!(
            p.text(),
            "1.020 (middle half 1.000–1.040, all 0.900–1.200, 30 rounds)"
        );
        let bare = PairedFigure::from_json(&json!(0.97)).expect("a number");
        assert_eq!((bare.median, bare.min, bare.cpu), (0.97, 0.97, None));
        assert!(PairedFigure::from_json(&json!("x")).is_none());
    }
}
