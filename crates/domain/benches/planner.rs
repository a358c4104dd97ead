//! Times `plan` and `eligible` on synthetic catalogs. Run with
//! `cargo bench -p certgraph-domain --bench planner` (optionally `-- 1000` for another size).
//!
//! Reports, per target: exams in the plan, alternatives, the median and worst of several
//! runs, and the smallest `max_work` that answers; then a sweep planning every certification.

use std::time::{Duration, Instant};

use certgraph_domain::{
    eligible, plan, plan_jointly_spending, CertificationCode, Holdings, PlanError, PlanLimits,
    RequirementGraph,
};
use certgraph_testkit::synthetic_catalog;

const RUNS: usize = 15;

fn main() {
    let size: usize = std::env::args()
        .skip(1)
        .find_map(|a| a.parse().ok())
        .unwrap_or(10_000);
    let started = Instant::now();
    let catalog = synthetic_catalog(size, 1);
    let generated = started.elapsed();
    let started = Instant::now();
    let graph = RequirementGraph::from_catalog(&catalog);
    println!(
        "catalog: {size} certifications, {} exams, {} courses; generated in {generated:?}, graph built in {:?}",
        catalog.exams.len(),
        catalog.courses.len(),
        started.elapsed()
    );
    let codes: Vec<CertificationCode> = graph.certification_codes().into_iter().cloned().collect();
    let picks = [0.05, 0.35, 0.5, 0.75, 0.9, 0.97, 1.0];
    let mut targets: Vec<&CertificationCode> = picks
        .iter()
        .map(|p| &catalog.certifications[((size as f64 * p) as usize).min(size - 1)].code)
        .collect();
    targets.dedup();
    println!(
        "\n{:<22} {:>5} {:>5} {:>11} {:>11} {:>10}",
        "target", "exams", "alts", "median", "worst", "min work"
    );
    for target in targets {
        bench_target(&graph, target);
    }
    sweep(&graph, &codes);
    bench_eligible(&graph, &catalog);
    bench_joint(&graph, &codes);
}

/// Joint plans for 2, 3 and 5 targets spread over the catalog: 20 target sets each, time
/// (the graph cloned beforehand, as each request builds its own), work steps, and exams
/// against the separate plans put together.
fn bench_joint(graph: &RequirementGraph, codes: &[CertificationCode]) {
    const SETS: usize = 20;
    let limits = PlanLimits::default();
    let none = Holdings::none();
    println!(
        "
{:<8} {:>11} {:>11} {:>10} {:>10} {:>12} {:>8}",
        "targets", "median", "worst", "work med", "work max", "exams joint", "union"
    );
    for k in [2usize, 3, 5] {
        let (mut times, mut work) = (Vec::new(), Vec::new());
        let (mut joint_exams, mut union_exams, mut unachievable) = (0, 0, 0);
        for set in 0..SETS {
            let targets: Vec<CertificationCode> = (0..k)
                .map(|j| codes[(set * 7_919 + j * 104_729 + 17) % codes.len()].clone())
                .collect();
            let copy = graph.clone();
            let started = Instant::now();
            let (result, steps) = plan_jointly_spending(copy, &targets, &none, &limits);
            times.push(started.elapsed());
            work.push(steps);
            match result {
                Ok(p) if p.achievable => {
                    joint_exams += p.exam_count();
                    let mut union = std::collections::BTreeSet::new();
                    for t in &targets {
                        if let Ok(single) = plan(graph, t, &none, &limits) {
                            union.extend(single.exams().cloned());
                        }
                    }
                    union_exams += union.len();
                }
                _ => unachievable += 1,
            }
        }
        times.sort();
        work.sort();
        println!(
            "{:<8} {:>11} {:>11} {:>10} {:>10} {:>12} {:>8}{}",
            k,
            format!("{:?}", times[SETS / 2]),
            format!("{:?}", times[SETS - 1]),
            work[SETS / 2],
            work[SETS - 1],
            joint_exams,
            union_exams,
            if unachievable > 0 {
                format!("  ({unachievable} sets not achievable)")
            } else {
                String::new()
            }
        );
    }
}

fn bench_target(graph: &RequirementGraph, target: &CertificationCode) {
    let limits = PlanLimits::default();
    let none = Holdings::none();
    let mut times = Vec::with_capacity(RUNS);
    let mut result = None;
    for _ in 0..RUNS {
        let started = Instant::now();
        result = Some(plan(graph, target, &none, &limits));
        times.push(started.elapsed());
    }
    times.sort();
    let (exams, alternatives) = match result {
        Some(Ok(p)) if p.achievable => (p.exam_count().to_string(), p.alternatives.len().to_string()),
        Some(Ok(_)) => ("-".into(), "unachievable".into()),
        Some(Err(e)) => ("err".into(), e.code().into()),
        None => unreachable!(),
    };
    println!(
        "{:<22} {:>5} {:>5} {:>11} {:>11} {:>10}",
        target.as_str(),
        exams,
        alternatives,
        format!("{:?}", times[RUNS / 2]),
        format!("{:?}", times[RUNS - 1]),
        min_work(graph, target),
    );
}

/// The smallest budget that answers (binary search; the work count is deterministic).
fn min_work(graph: &RequirementGraph, target: &CertificationCode) -> u64 {
    let answers = |max_work| {
        let limits = PlanLimits {
            max_work,
            ..PlanLimits::default()
        };
        !matches!(
            plan(graph, target, &Holdings::none(), &limits),
            Err(PlanError::WorkLimitExceeded { .. })
        )
    };
    let (mut low, mut high) = (1u64, 1u64 << 32);
    if !answers(high) {
        return high;
    }
    while low < high {
        let mid = low + (high - low) / 2;
        if answers(mid) {
            high = mid;
        } else {
            low = mid + 1;
        }
    }
    low
}

/// Plans every certification once with the default limits.
fn sweep(graph: &RequirementGraph, codes: &[CertificationCode]) {
    let limits = PlanLimits::default();
    let mut times: Vec<(Duration, &CertificationCode)> = Vec::with_capacity(codes.len());
    let (mut achievable, mut unachievable, mut refused, mut exams) = (0, 0, 0, 0);
    let started = Instant::now();
    for code in codes {
        let one = Instant::now();
        match plan(graph, code, &Holdings::none(), &limits) {
            Ok(p) if p.achievable => {
                achievable += 1;
                exams = exams.max(p.exam_count());
            }
            Ok(_) => unachievable += 1,
            Err(_) => refused += 1,
        }
        times.push((one.elapsed(), code));
    }
    let total = started.elapsed();
    times.sort();
    let at = |q: f64| times[((times.len() - 1) as f64 * q) as usize].0;
    println!(
        "\nsweep: {} targets in {total:?}: {achievable} achievable (up to {exams} exams), {unachievable} unachievable, {refused} refused",
        codes.len()
    );
    println!(
        "  per target: median {:?}, p99 {:?}, max {:?} ({})",
        at(0.5),
        at(0.99),
        at(1.0),
        times.last().map_or("", |t| t.1.as_str())
    );
}

fn bench_eligible(graph: &RequirementGraph, catalog: &certgraph_domain::Catalog) {
    let holdings = Holdings {
        certifications: catalog
            .certifications
            .iter()
            .step_by(97)
            .map(|c| c.code.clone())
            .collect(),
        exams: catalog.exams.iter().step_by(13).map(|e| e.code.clone()).collect(),
    };
    for within in [1, 2, 3] {
        let limits = PlanLimits::default();
        let started = Instant::now();
        let found = eligible(graph, &holdings, within, &limits);
        let elapsed = started.elapsed();
        match found {
            Ok(found) => println!(
                "eligible within {within} ({} held certs, {} held exams): {} certifications in {elapsed:?}",
                holdings.certifications.len(),
                holdings.exams.len(),
                found.len()
            ),
            Err(e) => println!("eligible within {within}: {e} after {elapsed:?}"),
        }
    }
}
