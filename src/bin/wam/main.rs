//! `wam`: the command-line face of the wam crate.

mod backend;
mod bench;
mod cli;
mod evaluate;
mod explain;
mod import;
mod onnx;
mod onnx_proto;
mod sample;
mod sanity;
mod summary;
mod train;
mod transform;
mod windows;
mod workers;

use clap::Parser;

fn main() {
    backend::reuse_freed_memory();
    backend::flush_subnormals();
    let args = cli::Args::parse();
    let result = match args.command {
        cli::Command::Dwt(a) => transform::dwt(a),
        cli::Command::Idwt(a) => transform::idwt(a),
        cli::Command::Explain(a) => explain::run(a),
        cli::Command::Evaluate(a) => evaluate::run(a),
        cli::Command::Sanity(a) => sanity::run(a),
        cli::Command::Bench(a) => bench::run(a),
        cli::Command::ImportWeights(a) => import::run(a),
        cli::Command::Train(a) => train::run(a),
        cli::Command::Sample(a) => sample::run(a),
    };
    if let Err(error) = result {
        // One line, naming the problem (and its cause, if any).
        eprintln!("wam: error: {error:#}");
        std::process::exit(1);
    }
}
