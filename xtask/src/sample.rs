//! Which clients a sweep compiles. CI cannot afford every sweep in full on each commit (the
//! corpus alone takes ~11 min and >13 GB), so with `--ci` each sweep compiles a fixed,
//! deterministic sample: every small item always, and of the rest the slice
//! `commits % K` of K slices, a slice being the items whose name hashes (FNV-1a) to it. K
//! consecutive commits cover everything; `--slice I/K` picks a slice by hand, and no flag
//! compiles everything.

/// What a sweep compiles.
#[derive(Clone, Copy, Debug)]
pub enum Selection {
    /// Everything.
    All,
    /// Small items, and of the others slice `index` of `of` (`of` chosen by the sweep when
    /// `None`: the CI default).
    Slice { index: Option<u64>, of: Option<u64> },
}

impl Selection {
    /// Parses `[--ci | --slice I/K]`.
    pub fn from_args(args: &[String]) -> Result<Self, String> {
        match args {
            [] => Ok(Selection::All),
            [flag] if flag == "--ci" => Ok(Selection::Slice {
                index: None,
                of: None,
            }),
            [flag, spec] if flag == "--slice" => {
                let parsed = spec
                    .split_once('/')
                    .and_then(|(i, k)| Some((i.parse().ok()?, k.parse().ok()?)))
                    .filter(|&(i, k): &(u64, u64)| k > 0 && i < k);
                let (i, k) = parsed
                    .ok_or_else(|| format!("expected --slice I/K with I < K, found {spec}"))?;
                Ok(Selection::Slice {
                    index: Some(i),
                    of: Some(k),
                })
            }
            _ => Err(format!("unexpected arguments {args:?}\n{}", crate::USAGE)),
        }
    }

    /// Keeps the items this selection compiles and prints what was sampled. `name` is an
    /// item's stable name (its document path), `small` says whether it is always compiled,
    /// `default_of` is the number of slices under `--ci`.
    pub fn pick<T>(
        self,
        what: &str,
        items: Vec<T>,
        name: impl Fn(&T) -> &str,
        small: impl Fn(&T) -> bool,
        default_of: u64,
    ) -> Vec<T> {
        let Selection::Slice { index, of } = self else {
            println!("{what}: compiling all {} (no sampling)", items.len());
            return items;
        };
        let of = of.unwrap_or(default_of);
        let index = index.unwrap_or_else(|| commit_count() % of);
        let total = items.len();
        let (always, rest): (Vec<T>, Vec<T>) = items.into_iter().partition(|i| small(i));
        let rest_total = rest.len();
        let sliced: Vec<T> = rest
            .into_iter()
            .filter(|i| fnv1a(name(i)) % of == index)
            .collect();
        println!(
            "{what}: sample {index}/{of}: {} of {total} ({} small ones always, {} of the {rest_total} others); `--slice I/{of}` picks another slice, no flag compiles all",
            always.len() + sliced.len(),
            always.len(),
            sliced.len(),
        );
        for i in &sliced {
            println!("  sampled: {}", name(i));
        }
        always.into_iter().chain(sliced).collect()
    }
}

/// The number of commits reachable from `HEAD` (0 outside a git checkout): the rotation.
fn commit_count() -> u64 {
    std::process::Command::new("git")
        .args(["rev-list", "--count", "HEAD"])
        .current_dir(crate::root())
        .output()
        .ok()
        .and_then(|o| String::from_utf8(o.stdout).ok())
        .and_then(|s| s.trim().parse().ok())
        .unwrap_or(0)
}

/// FNV-1a: a stable hash (std's hasher may change between releases).
fn fnv1a(text: &str) -> u64 {
    text.bytes().fold(0xcbf2_9ce4_8422_2325, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slices_partition_the_large_items_and_keep_the_small_ones() {
        let items: Vec<(String, bool)> = (0..50)
            .map(|n| (format!("doc{n}.xml"), n % 5 == 0))
            .collect();
        let mut seen = Vec::new();
        for index in 0..4 {
            let picked = Selection::Slice {
                index: Some(index),
                of: Some(4),
            }
            .pick("t", items.clone(), |i| &i.0, |i| i.1, 4);
            assert!(items.iter().filter(|i| i.1).all(|i| picked.contains(i)));
            seen.extend(picked.into_iter().filter(|i| !i.1));
        }
        seen.sort();
        let mut large: Vec<_> = items.into_iter().filter(|i| !i.1).collect();
        large.sort();
        assert_eq!(seen, large, "every large item in exactly one slice");
    }
}
