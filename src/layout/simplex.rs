//! A small dense linear program solver (the dual simplex method).
//!
//! In: non-negative costs `c`, a matrix `A` and bounds `b`. Out: an `x >= 0`
//! with `A x >= b` and the least cost `c · x`, or nothing when there is none
//! (or it takes too many steps). Meant for a few hundred rows and columns:
//! every step costs rows × columns.
//!
//! With non-negative costs the all-slack start is already optimal for the
//! dual, so the dual simplex needs no first phase: each step takes the row
//! most in violation, and the column whose cost per unit of that row's
//! growth is least enters the basis (ties to the lower index).

/// Below this a value counts as zero.
const EPS: f64 = 1e-9;

/// Minimises `c · x` subject to `A x >= b` and `x >= 0`, where every `c[j]`
/// is at least 0 and every row of `a` has `c.len()` entries.
pub fn minimise(c: &[f64], a: &[Vec<f64>], b: &[f64]) -> Option<Vec<f64>> {
    let n = c.len();
    let m = a.len();
    // The dictionary: basic[i] = beta[i] + sum_j alpha[i][j] * free[j], and
    // the cost is sum_j d[j] * free[j] plus a constant. Variables 0..n are
    // x, n..n + m the slacks s = A x - b.
    let mut beta: Vec<f64> = b.iter().map(|v| -v).collect();
    let mut alpha: Vec<Vec<f64>> = a.to_vec();
    let mut d: Vec<f64> = c.to_vec();
    let mut basic: Vec<usize> = (n..n + m).collect();
    let mut free: Vec<usize> = (0..n).collect();
    let limit = 50 * (n + m) + 100;
    for _ in 0..limit {
        let Some(r) = (0..m)
            .filter(|&i| beta[i] < -EPS)
            .min_by(|&i, &k| beta[i].total_cmp(&beta[k]))
        else {
            let mut x = vec![0.0; n];
            for (i, &v) in basic.iter().enumerate() {
                if v < n {
                    x[v] = beta[i].max(0.0);
                }
            }
            return Some(x);
        };
        let j = (0..n)
            .filter(|&j| alpha[r][j] > EPS)
            .min_by(|&j, &k| (d[j] / alpha[r][j]).total_cmp(&(d[k] / alpha[r][k])))?;
        let p = alpha[r][j];
        // Row r solved for free[j]: the leaving variable takes column j.
        beta[r] = -beta[r] / p;
        for (k, a) in alpha[r].iter_mut().enumerate() {
            *a = if k == j { 1.0 } else { -*a } / p;
        }
        let pivot_row = alpha[r].clone();
        // Every other row, and the costs, with free[j] replaced by row r.
        let substitute = |row: &mut [f64], f: f64| {
            for (k, (a, &pk)) in row.iter_mut().zip(&pivot_row).enumerate() {
                *a = if k == j { 0.0 } else { *a } + f * pk;
            }
        };
        for i in (0..m).filter(|&i| i != r) {
            let f = alpha[i][j];
            if f.abs() > EPS {
                beta[i] += f * beta[r];
                substitute(&mut alpha[i], f);
            }
        }
        let f = d[j];
        substitute(&mut d, f);
        std::mem::swap(&mut basic[r], &mut free[j]);
    }
    None
}

#[cfg(test)]
mod tests {
    use super::minimise;

    fn cost(c: &[f64], x: &[f64]) -> f64 {
        c.iter().zip(x).map(|(a, b)| a * b).sum()
    }

    #[test]
    fn finds_the_cheapest_cover() {
        // min x + y, x + 2y >= 4, 3x + y >= 6: optimum at (1.6, 1.2).
        let x = minimise(&[1.0, 1.0], &[vec![1.0, 2.0], vec![3.0, 1.0]], &[4.0, 6.0]).unwrap();
        assert!(
            (x[0] - 1.6).abs() < 1e-9 && (x[1] - 1.2).abs() < 1e-9,
            "{x:?}"
        );
        assert!((cost(&[1.0, 1.0], &x) - 2.8).abs() < 1e-9);
    }

    #[test]
    fn rows_already_met_cost_nothing() {
        let x = minimise(
            &[1.0, 2.0],
            &[vec![1.0, 0.0], vec![-1.0, 1.0]],
            &[-3.0, -1.0],
        )
        .unwrap();
        assert_eq!(x, vec![0.0, 0.0]);
    }

    #[test]
    fn a_row_that_pulls_against_another_is_balanced() {
        // The stretch of guarantee 7 in small: a/2 >= 182 and d/2 - a/2 >= 54.
        let x = minimise(
            &[1.0, 1.0],
            &[vec![0.5, 0.0], vec![-0.5, 0.5]],
            &[182.0, 54.0],
        )
        .unwrap();
        assert!(
            (x[0] - 364.0).abs() < 1e-6 && (x[1] - 472.0).abs() < 1e-6,
            "{x:?}"
        );
    }

    #[test]
    fn no_cover_is_none() {
        // x >= 1 and -x >= 0 cannot both hold.
        assert_eq!(
            minimise(&[1.0], &[vec![1.0], vec![-1.0]], &[1.0, 0.0]),
            None
        );
    }
}
