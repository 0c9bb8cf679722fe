//! criterion benchmarks of the whole pipeline.
//!
//! In: synthetic flows of [`archflow::synth`] at 30, 100, 1000 and 5000
//! nodes (generated in-process, seed 1), and the `scenarios/` corpus. Out:
//! criterion's timings of each stage: parse+validate, layout, SVG
//! rendering (scene and document), PNG rasterisation (at scale 1; sizes
//! whose PNG would pass `png::MAX_PIXELS` are skipped), the whole
//! [`archflow::compile`] pipeline from bytes to SVG, and laying out the
//! whole corpus. Every input is made by the library's one pipeline.
//!
//! Sample sizes are kept small so `cargo bench` finishes in a few minutes
//! on a 2-core machine: `cargo bench --bench pipeline -- layout` runs one
//! group only.

#[path = "../tests/support/flow_files.rs"]
mod flow_files;

use std::hint::black_box;
use std::path::Path;
use std::time::Duration;

use archflow::internals::synth::{generate, Params};
use archflow::model::Diagram;
use archflow::pipeline::{compile, Compiled, Options, PngScale, Stage};
use archflow::render::Theme;
use criterion::{
    criterion_group, criterion_main, BenchmarkId, Criterion, SamplingMode, Throughput,
};

const SIZES: [usize; 4] = [30, 100, 1000, 5000];

fn source(nodes: usize) -> String {
    generate(Params { nodes, seed: 1 })
}

fn load(text: &str) -> Option<Diagram> {
    archflow::load_source("synth.toml", text.as_bytes(), Path::new(".")).ok()
}

/// The synthetic flow of `nodes` nodes, run through the pipeline up to
/// `until`.
fn compiled(nodes: usize, until: Stage) -> Option<Compiled> {
    let options = Options {
        theme: Theme::Light,
        until,
    };
    compile(source(nodes).as_bytes(), Path::new("synth.toml"), &options).ok()
}

/// Fewer samples for the big sizes, flat sampling past 100 nodes and a
/// longer target for 5000 (a layout takes over a second there), so each
/// group stays within seconds and criterion does not warn.
fn configure<M: criterion::measurement::Measurement>(
    group: &mut criterion::BenchmarkGroup<'_, M>,
    nodes: usize,
) {
    match nodes {
        0..=30 => {
            group.sample_size(30);
            group.sampling_mode(SamplingMode::Auto);
            group.measurement_time(Duration::from_secs(5));
        }
        31..=100 => {
            group.sample_size(20);
            group.sampling_mode(SamplingMode::Auto);
            group.measurement_time(Duration::from_secs(5));
        }
        101..=1000 => {
            group.sample_size(10);
            group.sampling_mode(SamplingMode::Flat);
            group.measurement_time(Duration::from_secs(5));
        }
        _ => {
            group.sample_size(10);
            group.sampling_mode(SamplingMode::Flat);
            group.measurement_time(Duration::from_secs(20));
        }
    }
}

fn parse_validate(c: &mut Criterion) {
    let mut group = c.benchmark_group("parse_validate");
    group.warm_up_time(Duration::from_millis(500));
    for n in SIZES {
        let text = source(n);
        configure(&mut group, n);
        group.throughput(Throughput::Elements(n as u64));
        group.bench_with_input(BenchmarkId::from_parameter(n), &text, |b, text| {
            b.iter(|| load(black_box(text)))
        });
    }
    group.finish();
}

fn layout(c: &mut Criterion) {
    let mut group = c.benchmark_group("layout");
    group.warm_up_time(Duration::from_millis(500));
    for n in SIZES {
        let Some(c) = compiled(n, Stage::Layout) else {
            continue;
        };
        configure(&mut group, n);
        group.throughput(Throughput::Elements(n as u64));
        group.bench_with_input(BenchmarkId::from_parameter(n), &c.diagram, |b, d| {
            b.iter(|| archflow::layout::layout(black_box(d)))
        });
    }
    group.finish();
}

fn render_svg(c: &mut Criterion) {
    let mut group = c.benchmark_group("render_svg");
    group.warm_up_time(Duration::from_millis(500));
    for n in SIZES {
        let Some(c) = compiled(n, Stage::Layout) else {
            continue;
        };
        configure(&mut group, n);
        group.throughput(Throughput::Elements(n as u64));
        group.bench_with_input(
            BenchmarkId::from_parameter(n),
            &(c.diagram, c.layout),
            |b, (d, l)| {
                b.iter(|| archflow::render::to_svg(black_box(d), black_box(l), Theme::Light))
            },
        );
    }
    group.finish();
}

fn render_png(c: &mut Criterion) {
    let mut group = c.benchmark_group("render_png");
    group.warm_up_time(Duration::from_millis(200));
    // Rasterising takes up to seconds per sample: the smallest sample
    // criterion allows, and scale 1.
    for n in SIZES {
        let Some(svg) = compiled(n, Stage::Svg).and_then(|c| c.svg) else {
            continue;
        };
        // Past png::MAX_PIXELS the rasteriser refuses at once; timing that
        // refusal would mean nothing.
        if let Err(e) = archflow::pipeline::rasterise(&svg, PngScale::Exact(1.0)) {
            eprintln!("render_png/{n}: skipped ({e})");
            continue;
        }
        group.sample_size(10);
        group.sampling_mode(SamplingMode::Flat);
        group.measurement_time(Duration::from_secs(if n > 30 { 8 } else { 5 }));
        group.throughput(Throughput::Elements(n as u64));
        group.bench_with_input(BenchmarkId::from_parameter(n), &svg, |b, svg| {
            b.iter(|| archflow::pipeline::rasterise(black_box(svg), PngScale::Exact(1.0)))
        });
    }
    group.finish();
}

/// The whole pipeline, bytes to SVG document.
fn compile_svg(c: &mut Criterion) {
    let mut group = c.benchmark_group("compile_svg");
    group.warm_up_time(Duration::from_millis(500));
    let options = Options::default();
    for n in SIZES {
        let text = source(n);
        configure(&mut group, n);
        group.throughput(Throughput::Elements(n as u64));
        group.bench_with_input(BenchmarkId::from_parameter(n), &text, |b, text| {
            b.iter(|| {
                compile(
                    black_box(text.as_bytes()),
                    Path::new("synth.toml"),
                    &options,
                )
            })
        });
    }
    group.finish();
}

fn corpus(c: &mut Criterion) {
    let layout_only = Options {
        theme: Theme::Light,
        until: Stage::Layout,
    };
    let diagrams: Vec<Diagram> = flow_files::scenario_files()
        .iter()
        .filter_map(|p| archflow::compile_file(p, &layout_only).ok())
        .map(|c| c.diagram)
        .collect();
    let mut group = c.benchmark_group("corpus");
    group.warm_up_time(Duration::from_millis(500));
    group.sample_size(20);
    group.throughput(Throughput::Elements(diagrams.len() as u64));
    group.bench_function(BenchmarkId::new("layout_all", diagrams.len()), |b| {
        b.iter(|| {
            for d in &diagrams {
                black_box(archflow::layout::layout(black_box(d)));
            }
        })
    });
    group.finish();
}

criterion_group!(
    benches,
    parse_validate,
    layout,
    render_svg,
    compile_svg,
    render_png,
    corpus
);
criterion_main!(benches);
