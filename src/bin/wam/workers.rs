//! The CLI's helpers (src/split.rs) on threads: a multi-sample explanation
//! or the faithfulness curves are split into parts, one per core. The
//! calling thread computes its part and each helper thread its own, every
//! one on a one-thread pool with its own copy of the model, so the cores
//! work on separate samples instead of sharing every operation (flex's
//! threads wait for each other at each of the model's many small steps).

use std::sync::mpsc::{Sender, channel};
use std::thread;

use anyhow::{Result, anyhow};
use burn::tensor::Device;
use rayon::ThreadPool;
use wam::array::HostArray;
use wam::explain::{ExplainError, ExplainOptions, Explanation, explain_with};
use wam::model::{Classifier, Model};
use wam::split::{Answer, Helper, Job, run};

use crate::backend;

type Reply = Sender<Result<Vec<f32>, ExplainError>>;

/// A thread holding a copy of the model that runs the jobs it is sent.
struct ThreadHelper {
    jobs: Sender<(Job, Reply)>,
}

impl ThreadHelper {
    /// Starts the thread and loads its model with `load`.
    fn spawn(load: impl FnOnce() -> Result<Model> + Send + 'static) -> Result<Self> {
        let (jobs, incoming) = channel::<(Job, Reply)>();
        let (ready, loaded) = channel();
        thread::spawn(move || {
            let pool = match backend::one_thread_pool() {
                Ok(pool) => pool,
                Err(e) => return ready.send(Err(e)).unwrap_or(()),
            };
            pool.install(|| {
                let model = match load() {
                    Ok(model) => model,
                    Err(e) => return ready.send(Err(e)).unwrap_or(()),
                };
                let _ = ready.send(Ok(()));
                let device = backend::cpu().autodiff();
                for (job, reply) in incoming {
                    let _ =
                        reply.send(pollster::block_on(run(model.network.as_ref(), &job, &device)));
                }
            })
        });
        loaded.recv().map_err(|_| anyhow!("a helper thread stopped while loading"))??;
        Ok(Self { jobs })
    }
}

impl Helper for ThreadHelper {
    fn start(&self, job: Job) -> Answer {
        let (reply, answer) = channel();
        let sent = self.jobs.send((job, reply)).is_ok();
        Box::pin(async move {
            let stopped = || ExplainError::Helper("a helper thread stopped".into());
            if !sent {
                return Err(stopped());
            }
            answer.recv().map_err(|_| stopped())?
        })
    }
}

/// One worker per core (rayon's thread count, so `RAYON_NUM_THREADS=1`
/// means the calling thread alone).
pub struct Workers {
    lead: Option<ThreadPool>,
    helpers: Vec<ThreadHelper>,
}

impl Workers {
    /// Starts a helper thread per core but one, each loading its model with `load`.
    pub fn start(load: impl Fn() -> Result<Model> + Clone + Send + 'static) -> Result<Self> {
        let cores = rayon::current_num_threads();
        if cores < 2 {
            return Ok(Self::none());
        }
        let helpers =
            (1..cores).map(|_| ThreadHelper::spawn(load.clone())).collect::<Result<_>>()?;
        Ok(Self { lead: Some(backend::one_thread_pool()?), helpers })
    }

    /// The calling thread alone, on all cores (for single-pass methods).
    pub fn none() -> Self {
        Self { lead: None, helpers: Vec::new() }
    }

    /// How many threads compute: the calling one and the helpers.
    pub fn count(&self) -> usize {
        1 + self.helpers.len()
    }

    /// Explains `input` (see [`explain_with`]): a multi-sample method on
    /// every worker; the others, one pass with nothing to split, on the
    /// calling thread with all of flex's threads.
    pub fn explain(
        &self,
        network: &dyn Classifier,
        input: &HostArray,
        options: &ExplainOptions,
        device: &Device,
        progress: &mut (dyn FnMut(usize, usize) -> bool + Send),
    ) -> Result<Explanation, ExplainError> {
        let mut explain = move |helpers: &[&dyn Helper]| {
            pollster::block_on(explain_with(network, input, options, device, helpers, progress))
        };
        if options.method.is_sampled() { self.run(explain) } else { explain(&[]) }
    }

    /// Runs `work` on the calling thread's one-thread pool with the helpers.
    pub fn run<R: Send>(&self, work: impl FnOnce(&[&dyn Helper]) -> R + Send) -> R {
        let with_helpers = || {
            let helpers: Vec<&dyn Helper> = self.helpers.iter().map(|h| h as &dyn Helper).collect();
            work(&helpers)
        };
        match &self.lead {
            Some(pool) => pool.install(with_helpers),
            None => with_helpers(),
        }
    }
}
