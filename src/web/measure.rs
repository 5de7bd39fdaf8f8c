//! Faithfulness on an explanation the caller holds: the insertion and
//! deletion curves, reported batch by batch as they grow, and the
//! model-randomisation sanity check, reported map by map
//! ([`crate::metrics`] does the work).

use js_sys::{Float32Array, Function, Promise};
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::future_to_promise;

use super::convert::picture;
use super::types::{CurveResult, FaithfulnessResult, MeasureSettings, SanityRow, to_js};
use super::{ExplanationHandle, Inner, goes_on, helpers, js_error, now};
use crate::explain::Explanation;
use crate::metrics::{CurveKind, Faithfulness, MetricsOptions, randomised};
use crate::modality::Views;
use crate::render::Colouring;

#[wasm_bindgen(js_class = Explanation)]
impl ExplanationHandle {
    /// The insertion and deletion curves of this explanation (K + 1 points
    /// each, K = `options.steps`, default 64; `options.batch` inputs per
    /// forward pass, default 16), the target's probability under the
    /// model's activation (softmax, or sigmoid for multi-label models).
    /// `on_progress(curve, points, total)` is called after each batch with
    /// the curve so far ("insertion", then "deletion"); returning `false`
    /// cancels. `helpers`: as for `Explainer.explain`, each round of inputs
    /// split between this worker and them. A point whose input another
    /// point already has (insertion's last and deletion's first: every
    /// feature; insertion's first and deletion's last: none) is computed once.
    #[wasm_bindgen(unchecked_return_type = "Promise<FaithfulnessResult>")]
    pub fn faithfulness(
        &self,
        #[wasm_bindgen(unchecked_param_type = "MeasureOptions | undefined")] options: JsValue,
        #[wasm_bindgen(
            unchecked_param_type = "((curve: \"insertion\" | \"deletion\", points: Float32Array, total: number) => boolean) | undefined"
        )]
        on_progress: Option<Function>,
        #[wasm_bindgen(unchecked_param_type = "HelperFunction[] | undefined")] helpers: Option<
            js_sys::Array,
        >,
    ) -> Promise {
        let (inner, input, explanation) =
            (self.inner.clone(), self.input.clone(), self.explanation.clone());
        future_to_promise(async move {
            let started = now();
            let helpers = helpers::helpers(helpers)?;
            let helped = helpers::as_dyn(&helpers);
            let settings = MeasureSettings::parse(options)?;
            let defaults = MetricsOptions::default();
            let options = MetricsOptions {
                steps: settings.steps.unwrap_or(defaults.steps),
                batch: settings.batch.unwrap_or(defaults.batch),
                activation: inner.model.manifest.activation,
                ..defaults
            };
            let network = inner.model.network.as_ref();
            // Forward passes only: no autodiff graph to record.
            let device = inner.backend.device.clone().without_autodiff();
            let measures = Faithfulness::new(network, &input, &explanation, options, &device)
                .map_err(js_error)?
                .helped_by(&helped);
            let [insertion, deletion] = inner.curves(&measures, &on_progress).await?;
            to_js(&FaithfulnessResult {
                insertion,
                deletion,
                features: measures.feature_count() as u32,
                activation: inner.model.manifest.activation.name().into(),
                ms: now() - started,
                workers: helpers::workers(&helpers),
            })
        })
    }

    /// The model-randomisation sanity check: this explanation made again
    /// with the model's top `layers[i]` layers re-initialised (0: the
    /// model itself; at most the result's `layers`), each for the class
    /// explained here, with the Spearman rank correlation of its
    /// attribution with this one. `on_row(row)` is called after each;
    /// returning `false` cancels. Resolves to the rows.
    #[wasm_bindgen(unchecked_return_type = "Promise<SanityRow[]>")]
    pub fn sanity(
        &self,
        layers: Vec<u32>,
        #[wasm_bindgen(unchecked_param_type = "((row: SanityRow) => boolean) | undefined")]
        on_row: Option<Function>,
    ) -> Promise {
        let (inner, input, explanation, options) = (
            self.inner.clone(),
            self.input.clone(),
            self.explanation.clone(),
            self.options.clone(),
        );
        future_to_promise(async move {
            let manifest = &inner.model.manifest;
            let network = inner.model.network.as_ref();
            let heatmap = |e: &Explanation| {
                let views = Views::new(manifest, &input, e, Colouring::Magnitude);
                let found = views.pictures.iter().find(|(name, _)| *name == "heatmap");
                picture(&found.expect("every rank has a heatmap").1)
            };
            let rows = js_sys::Array::new();
            for count in layers {
                let row = if count == 0 {
                    SanityRow { layers: 0, correlation: Some(1.0), heatmap: heatmap(&explanation) }
                } else {
                    let device = &inner.backend.device;
                    let seed = options.seed;
                    let step = randomised(
                        network,
                        &input,
                        &explanation,
                        &options,
                        count as usize,
                        seed,
                        device,
                    );
                    let step = match step.await {
                        Ok(step) => step,
                        Err(e) => return Err(inner.engine_error(e).await),
                    };
                    SanityRow {
                        layers: count,
                        correlation: Some(step.correlation).filter(|c| c.is_finite()),
                        heatmap: heatmap(&step.explanation),
                    }
                };
                let row = to_js(&row)?;
                rows.push(&row);
                let go_on = on_row.as_ref().is_none_or(|f| goes_on(f.call1(&JsValue::NULL, &row)));
                if !go_on {
                    return Err(js_error(crate::explain::ExplainError::Cancelled));
                }
            }
            Ok(rows.into())
        })
    }
}

impl Inner {
    /// The insertion and deletion curves of `measures`, each reported to
    /// `on_progress(name, points so far, total)` as it grows.
    async fn curves(
        &self,
        measures: &Faithfulness<'_>,
        on_progress: &Option<Function>,
    ) -> Result<[CurveResult; 2], JsValue> {
        let mut progress = |kind: CurveKind, points: &[f32], total: usize| match on_progress {
            Some(f) => {
                let name = match kind {
                    CurveKind::Insertion => "insertion",
                    CurveKind::Deletion => "deletion",
                };
                let points = Float32Array::from(points);
                goes_on(f.call3(&JsValue::NULL, &name.into(), &points.into(), &total.into()))
            }
            None => true,
        };
        let kinds = [CurveKind::Insertion, CurveKind::Deletion];
        match measures.curves(kinds, &mut progress).await {
            Ok(curves) => Ok(curves.map(|c| CurveResult { auc: c.auc, curve: c.curve })),
            Err(e) => Err(self.engine_error(e).await),
        }
    }
}
