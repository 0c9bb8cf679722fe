//! criterion benchmarks of the whole pipeline.
//!
//! In: synthetic flows of [`archflow::synth`] at 30, 100, 1000 and 5000
//! nodes (generated in-process, seed 1), and the `scenarios/` corpus. Out:
//! criterion's timings of each stage: parse+validate, layout, SVG
//! rendering, PNG rasterisation (at scale 1; sizes whose PNG would pass
//! `png::MAX_PIXELS` are skipped), and laying out the whole corpus.
//!
//! Sample sizes are kept small so `cargo bench` finishes in a few minutes
//! on a 2-core machine: `cargo bench --bench pipeline -- layout` runs one
//! group only.

#[path = "../tests/support/flow_files.rs"]
mod flow_files;

use std::hint::black_box;
use std::path::Path;
use std::time::Duration;

use archflow::model::Diagram;
use archflow::render::Theme;
use archflow::synth::{generate, Params};
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
        let Some(diagram) = load(&source(n)) else {
            continue;
        };
        configure(&mut group, n);
        group.throughput(Throughput::Elements(n as u64));
        group.bench_with_input(BenchmarkId::from_parameter(n), &diagram, |b, d| {
            b.iter(|| archflow::layout::layout(black_box(d)))
        });
    }
    group.finish();
}

fn render_svg(c: &mut Criterion) {
    let mut group = c.benchmark_group("render_svg");
    group.warm_up_time(Duration::from_millis(500));
    for n in SIZES {
        let Some(diagram) = load(&source(n)) else {
            continue;
        };
        let lay = archflow::layout::layout(&diagram);
        configure(&mut group, n);
        group.throughput(Throughput::Elements(n as u64));
        group.bench_with_input(
            BenchmarkId::from_parameter(n),
            &(diagram, lay),
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
        let Some(diagram) = load(&source(n)) else {
            continue;
        };
        let lay = archflow::layout::layout(&diagram);
        let svg = archflow::render::to_svg(&diagram, &lay, Theme::Light);
        // Past png::MAX_PIXELS the rasteriser refuses at once; timing that
        // refusal would mean nothing.
        if let Err(e) = archflow::render::png::render(&svg, 1.0) {
            eprintln!("render_png/{n}: skipped ({e})");
            continue;
        }
        group.sample_size(10);
        group.sampling_mode(SamplingMode::Flat);
        group.measurement_time(Duration::from_secs(if n > 30 { 8 } else { 5 }));
        group.throughput(Throughput::Elements(n as u64));
        group.bench_with_input(BenchmarkId::from_parameter(n), &svg, |b, svg| {
            b.iter(|| archflow::render::png::render(black_box(svg), 1.0))
        });
    }
    group.finish();
}

fn corpus(c: &mut Criterion) {
    let diagrams: Vec<Diagram> = flow_files::scenario_files()
        .iter()
        .filter_map(|p| archflow::load_file(p).ok())
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
    render_png,
    corpus
);
criterion_main!(benches);
