//! The table of `wam evaluate FOLDER`: per method, the mean ± standard
//! deviation over inputs of insertion, deletion, their difference and
//! µ-fidelity, as JSON, Markdown and CSV; and the mean curves.

use serde_json::{Value, json};
use wam::explain::{ExplainOptions, Method};
use wam::metrics::{Curve, Metrics, auc};

/// One method's curves, for a chart.
pub struct Line {
    pub method: Method,
    pub insertion: Curve,
    pub deletion: Curve,
}

impl Line {
    pub fn of(method: Method, metrics: &Metrics) -> Self {
        Self { method, insertion: metrics.insertion.clone(), deletion: metrics.deletion.clone() }
    }
}

/// A column: its name, its header, its value for one input's metrics.
type Column = (&'static str, &'static str, fn(&Metrics) -> f32);

/// A method's row: how many inputs, and `(mean, std)` per column.
type Row = (Method, usize, Vec<(f64, f64)>);

const COLUMNS: [Column; 4] = [
    ("insertion", "insertion ↑", |m| m.insertion.auc),
    ("deletion", "deletion ↓", |m| m.deletion.auc),
    ("ins_minus_del", "ins − del ↑", |m| m.insertion.auc - m.deletion.auc),
    ("mu_fidelity", "µ-fidelity ↑", |m| m.mu_fidelity),
];

/// Every input's metrics, per method.
pub struct Summary {
    rows: Vec<(Method, Vec<Metrics>)>,
}

/// Mean and sample standard deviation of the finite values (both NaN if
/// none: µ-fidelity is undefined for a constant attribution).
fn mean_std(values: impl Iterator<Item = f32>) -> (f64, f64) {
    let v: Vec<f64> = values.filter(|v| v.is_finite()).map(f64::from).collect();
    if v.is_empty() {
        return (f64::NAN, f64::NAN);
    }
    let n = v.len() as f64;
    let mean = v.iter().sum::<f64>() / n;
    let var = v.iter().map(|x| (x - mean).powi(2)).sum::<f64>() / (n - 1.0).max(1.0);
    (mean, var.sqrt())
}

impl Summary {
    pub fn new(methods: &[ExplainOptions]) -> Self {
        Self { rows: methods.iter().map(|o| (o.method, Vec::new())).collect() }
    }

    pub fn add(&mut self, method: Method, metrics: &Metrics) {
        if let Some((_, all)) = self.rows.iter_mut().find(|(m, _)| *m == method) {
            all.push(metrics.clone());
        }
    }

    /// Per method and column, `(mean, std)`.
    fn stats(&self) -> Vec<Row> {
        self.rows
            .iter()
            .map(|(method, all)| {
                let cols = COLUMNS.iter().map(|(_, _, f)| mean_std(all.iter().map(f))).collect();
                (*method, all.len(), cols)
            })
            .collect()
    }

    pub fn json(&self) -> Value {
        let rows: Vec<Value> = self
            .stats()
            .into_iter()
            .map(|(method, n, cols)| {
                let mut row = json!({"method": method.name(), "inputs": n});
                for ((name, _, _), (mean, std)) in COLUMNS.iter().zip(cols) {
                    row[*name] = json!({"mean": mean, "std": std});
                }
                row
            })
            .collect();
        json!(rows)
    }

    pub fn markdown(&self) -> String {
        let headers: Vec<&str> = COLUMNS.iter().map(|c| c.1).collect();
        let mut out = format!("| method | {} | inputs |\n", headers.join(" | "));
        out += &format!("|---|{}---|\n", "---|".repeat(COLUMNS.len()));
        for (method, n, cols) in self.stats() {
            let cell = |(m, s): &(f64, f64)| {
                if m.is_nan() { "—".to_string() } else { format!("{m:.3} ± {s:.3}") }
            };
            let cells: Vec<String> = cols.iter().map(cell).collect();
            out += &format!("| {method} | {} | {n} |\n", cells.join(" | "));
        }
        out
    }

    pub fn csv(&self) -> String {
        let headers: Vec<String> = COLUMNS
            .iter()
            .flat_map(|(n, _, _)| [format!("{n}_mean"), format!("{n}_std")])
            .collect();
        let mut out = format!("method,inputs,{}\n", headers.join(","));
        for (method, n, cols) in self.stats() {
            let cells: Vec<String> = cols.iter().map(|(m, s)| format!("{m:.6},{s:.6}")).collect();
            out += &format!("{method},{n},{}\n", cells.join(","));
        }
        out
    }

    /// Each method's mean curves (point by point) and their AUCs.
    pub fn mean_lines(&self) -> Vec<Line> {
        let mean = |curves: Vec<&Vec<f32>>| -> Curve {
            let points = curves.first().map_or(0, |c| c.len());
            let curve: Vec<f32> = (0..points)
                .map(|k| curves.iter().map(|c| c[k]).sum::<f32>() / curves.len() as f32)
                .collect();
            Curve { auc: auc(&curve), curve }
        };
        self.rows
            .iter()
            .map(|(method, all)| Line {
                method: *method,
                insertion: mean(all.iter().map(|m| &m.insertion.curve).collect()),
                deletion: mean(all.iter().map(|m| &m.deletion.curve).collect()),
            })
            .collect()
    }
}
