//! Other workers as [`Helper`]s: the caller passes one function per helper
//! worker, `(job: HelperJob) => Promise<Float32Array>`, that hands the job
//! to a worker holding the same model, whose `Explainer.work(job)` runs it.

use std::cell::Cell;

use js_sys::{Array, Float32Array, Function, Promise, Reflect};
use serde::Serialize;
use tsify::Tsify;
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::{JsFuture, future_to_promise};

use super::{Explainer, js_error, message_of};
use crate::array::HostArray;
use crate::explain::{ExplainError, Settings};
use crate::split::{self, Answer, Helper, Job};

#[wasm_bindgen(typescript_custom_section)]
const HELPER_FUNCTION: &str = r#"
/** Hands a job to another worker holding the same model (its `Explainer.work`); resolves with its answer. */
export type HelperFunction = (job: HelperJob) => Promise<Float32Array>;
"#;

/// A [`Job`] as it travels between workers (`Explainer.work` takes it).
#[derive(Serialize, Tsify)]
#[serde(tag = "kind", rename_all = "camelCase")]
pub enum HelperJob {
    /// The target score's gradient summed over the samples `start..end`.
    Gradient {
        /// The prepared input, row-major.
        #[serde(with = "serde_wasm_bindgen::preserve")]
        #[tsify(type = "Float32Array")]
        data: Float32Array,
        /// `[C, *spatial]`.
        shape: Vec<u32>,
        /// The explanation's options, as JSON (`ExplainOptions`).
        options: String,
        /// The class explained.
        target: u32,
        /// The first sample.
        start: u32,
        /// One past the last sample.
        end: u32,
    },
    /// The logits of inputs `[n, C, *spatial]`.
    Logits {
        /// The inputs, row-major.
        #[serde(with = "serde_wasm_bindgen::preserve")]
        #[tsify(type = "Float32Array")]
        data: Float32Array,
        /// `[n, C, *spatial]`.
        shape: Vec<u32>,
    },
}

fn to_u32(values: &[usize]) -> Vec<u32> {
    values.iter().map(|&v| v as u32).collect()
}

impl HelperJob {
    fn of(job: &Job) -> Self {
        match job {
            Job::Gradient { input, options, target, samples } => HelperJob::Gradient {
                data: Float32Array::from(input.data()),
                shape: to_u32(input.shape()),
                options: serde_json::to_string(&Settings::from(options)).expect("plain data"),
                target: *target as u32,
                start: samples.start as u32,
                end: samples.end as u32,
            },
            Job::Logits { inputs } => HelperJob::Logits {
                data: Float32Array::from(inputs.data()),
                shape: to_u32(inputs.shape()),
            },
        }
    }
}

/// Reads a [`HelperJob`] (by hand: serde cannot keep a typed array inside
/// a tagged enum).
fn read_job(job: &JsValue) -> Result<Job, String> {
    let get = |name: &str| Reflect::get(job, &name.into()).unwrap_or(JsValue::UNDEFINED);
    let whole = |name: &str| {
        get(name)
            .as_f64()
            .filter(|n| *n >= 0.0 && n.fract() == 0.0)
            .map(|n| n as usize)
            .ok_or_else(|| format!("the job's '{name}' must be a whole number ≥ 0"))
    };
    let data = get("data")
        .dyn_into::<Float32Array>()
        .map_err(|_| "the job's 'data' must be a Float32Array".to_string())?;
    let shape: Vec<usize> = serde_wasm_bindgen::from_value(get("shape"))
        .map_err(|e| format!("the job's 'shape' must be a list of sizes: {e}"))?;
    let array = HostArray::new(shape, data.to_vec()).map_err(|e| e.to_string())?;
    match get("kind").as_string().as_deref() {
        Some("gradient") => Ok(Job::Gradient {
            input: array,
            options: Settings::parse(&get("options").as_string().unwrap_or_default())?,
            target: whole("target")?,
            samples: whole("start")?..whole("end")?,
        }),
        Some("logits") => Ok(Job::Logits { inputs: array }),
        _ => Err("the job's 'kind' must be \"gradient\" or \"logits\"".to_string()),
    }
}

/// A helper worker, reached through the caller's function.
pub(super) struct JsHelper {
    function: Function,
    /// Whether it was given a job.
    used: Cell<bool>,
}

impl Helper for JsHelper {
    fn start(&self, job: Job) -> Answer {
        self.used.set(true);
        let call = serde_wasm_bindgen::to_value(&HelperJob::of(&job))
            .map_err(JsValue::from)
            .and_then(|job| self.function.call1(&JsValue::NULL, &job))
            .and_then(|answer| answer.dyn_into::<Promise>());
        Box::pin(async move {
            let failed = |e: JsValue| ExplainError::Helper(message_of(&e));
            let values = JsFuture::from(call.map_err(failed)?).await.map_err(failed)?;
            let values = values
                .dyn_into::<Float32Array>()
                .map_err(|_| ExplainError::Helper("its answer is not a Float32Array".into()))?;
            Ok(values.to_vec())
        })
    }
}

/// The helpers of `functions` (`undefined`: none).
pub(super) fn helpers(functions: Option<Array>) -> Result<Vec<JsHelper>, JsValue> {
    let Some(functions) = functions else { return Ok(Vec::new()) };
    functions
        .iter()
        .map(|f| {
            let function =
                f.dyn_into::<Function>().map_err(|_| js_error("each helper must be a function"))?;
            Ok(JsHelper { function, used: Cell::new(false) })
        })
        .collect()
}

/// `helpers` as the engine takes them.
pub(super) fn as_dyn(helpers: &[JsHelper]) -> Vec<&dyn Helper> {
    helpers.iter().map(|h| h as &dyn Helper).collect()
}

/// How many workers took part: this one and the helpers given a job.
pub(super) fn workers(helpers: &[JsHelper]) -> u32 {
    1 + helpers.iter().filter(|h| h.used.get()).count() as u32
}

#[wasm_bindgen]
impl Explainer {
    /// Runs a `job` that another worker's explainer (holding the same
    /// model) handed over as one of its helpers: resolves to the job's
    /// values (a summed gradient, or logits).
    #[wasm_bindgen(unchecked_return_type = "Promise<Float32Array>")]
    pub fn work(
        &self,
        #[wasm_bindgen(unchecked_param_type = "HelperJob")] job: JsValue,
    ) -> Promise {
        let inner = self.inner.clone();
        future_to_promise(async move {
            let job = read_job(&job).map_err(|e| js_error(format!("invalid helper job: {e}")))?;
            match split::run(inner.model.network.as_ref(), &job, &inner.backend.device).await {
                Ok(values) => Ok(Float32Array::from(&values[..]).into()),
                Err(e) => Err(inner.engine_error(e).await),
            }
        })
    }
}
