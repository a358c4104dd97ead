//! Learn's URLs carry tracking parameters (`?WT.mc_id=…`); they are not part of the address.

/// Removes every query parameter whose name starts with `WT.` (any case), and the `?` when
/// none is left. Everything else is kept exactly as written.
pub(crate) fn strip_tracking(raw: &str) -> String {
    let (before_fragment, fragment) = match raw.split_once('#') {
        Some((b, f)) => (b, Some(f)),
        None => (raw, None),
    };
    let mut out = match before_fragment.split_once('?') {
        Some((base, query)) => {
            let kept: Vec<&str> = query
                .split('&')
                .filter(|p| !p.is_empty() && !is_tracking(p))
                .collect();
            if kept.is_empty() {
                base.to_owned()
            } else {
                format!("{base}?{}", kept.join("&"))
            }
        }
        None => before_fragment.to_owned(),
    };
    if let Some(fragment) = fragment {
        out.push('#');
        out.push_str(fragment);
    }
    out
}

fn is_tracking(param: &str) -> bool {
    let name = param.split('=').next().unwrap_or_default();
    name.get(..3)
        .is_some_and(|prefix| prefix.eq_ignore_ascii_case("wt."))
}

#[cfg(test)]
mod tests {
    use super::strip_tracking;

    #[test]
    fn tracking_parameters_go_and_the_rest_stays() {
        let cases = [
            (
                "https://learn.microsoft.com/en-us/credentials/certifications/devops-engineer/?WT.mc_id=api_CatalogApi",
                "https://learn.microsoft.com/en-us/credentials/certifications/devops-engineer/",
            ),
            ("https://x.org/a?tab=1&wt.mc_id=z&WT.srch=1", "https://x.org/a?tab=1"),
            ("https://x.org/a?WT.mc_id=z&tab=1#part", "https://x.org/a?tab=1#part"),
            ("https://x.org/a?wtx=1", "https://x.org/a?wtx=1"),
            ("https://x.org/a", "https://x.org/a"),
            ("https://x.org/a?", "https://x.org/a"),
            ("https://x.org/a?éé=1", "https://x.org/a?éé=1"),
        ];
        for (raw, clean) in cases {
            assert_eq!(strip_tracking(raw), clean, "{raw}");
        }
    }
}
