//! The cost limiter's unit tests (budgets spent by cost, refusals that tell the wait,
//! separate clients, IPv6 keys), beside the limiter but out of its file.

use super::*;

fn limiter(per_second: u32, burst: u32) -> Arc<CostLimiter> {
    CostLimiter::new(RateLimit {
        cost_per_second: NonZeroU32::new(per_second).unwrap(),
        burst: NonZeroU32::new(burst).unwrap(),
    })
}

fn key(text: &str) -> ClientKey {
    ClientKey::from_ip(text.parse().unwrap())
}

#[test]
fn a_burst_is_spent_by_cost_then_refused_with_the_wait() {
    let l = limiter(10, 100);
    let a = key("192.0.2.1");
    assert_eq!(l.charge(a, 60), Ok(40));
    assert_eq!(l.charge(a, 40), Ok(0));
    let refused = l.charge(a, 50).unwrap_err();
    assert!(refused.remaining.is_some_and(|left| left < 10), "{refused:?}");
    // 50 more at 10 per second: about five seconds.
    assert!(
        refused.retry_after > Duration::from_secs(4) && refused.retry_after <= Duration::from_secs(5),
        "{refused:?}"
    );
    // A refusal takes nothing: a small charge still waits only for its own share.
    let small = l.charge(a, 1).unwrap_err();
    assert!(small.retry_after <= Duration::from_millis(100), "{small:?}");
}

#[test]
fn a_refusal_tells_what_is_left() {
    let l = limiter(1, 100);
    let a = key("192.0.2.1");
    assert_eq!(l.charge(a, 60), Ok(40));
    let refused = l.charge(a, 50).unwrap_err();
    // 40 left, plus what one second refills should this test stall that long.
    assert!(
        refused.remaining.is_some_and(|left| (40..=41).contains(&left)),
        "{refused:?}"
    );
    assert_eq!(l.charge(a, 1_000).unwrap_err().remaining, None);
}

#[test]
fn work_done_is_settled_even_beyond_what_is_left_and_then_the_client_waits() {
    let l = limiter(10, 100);
    let a = key("192.0.2.1");
    assert_eq!(l.charge(a, 1), Ok(99));
    // Estimated at 60, set aside while it runs: others see it.
    assert_eq!(l.reserve(a, 60), 60);
    assert!(l.level_of(a) <= 39);
    // It turned out to cost 150: the client owes about 51.
    let left = l.settle(a, 60, 150);
    assert!((-51..=-50).contains(&left), "{left}");
    // Nothing more runs until the debt is paid back at 10 per second.
    let refused = l.charge(a, 1).unwrap_err();
    assert_eq!(refused.remaining, Some(0));
    assert!(
        refused.retry_after > Duration::from_secs(4) && refused.retry_after <= Duration::from_millis(5_300),
        "{refused:?}"
    );
    // A client never owes more than one burst, and what was set aside beyond that
    // is not given back as if it had been taken.
    let taken = l.reserve(a, 1_000_000);
    assert!(taken <= 50, "{taken}");
    assert_eq!(l.settle(a, taken, 1_000_000), -100);
    // An operation that did less than its estimate gets the rest back.
    let b = key("192.0.2.2");
    assert_eq!(l.reserve(b, 80), 80);
    assert_eq!(l.settle(b, 80, 5), 95);
    assert!(l.fits(100).is_ok());
    assert_eq!(l.fits(101).unwrap_err().remaining, None);
}

#[test]
fn clients_have_separate_budgets() {
    let l = limiter(1, 10);
    assert!(l.charge(key("192.0.2.1"), 10).is_ok());
    assert!(l.charge(key("192.0.2.1"), 1).is_err());
    assert!(l.charge(key("192.0.2.2"), 10).is_ok());
    // An API key's budget is its own, apart from every address's.
    assert!(l.charge(ClientKey::api_key(1), 10).is_ok());
    assert!(l.charge(ClientKey::api_key(2), 10).is_ok());
    assert!(l.charge(ClientKey::api_key(1), 1).is_err());
    assert_eq!(l.tracked_clients(), 4);
    assert_eq!(ClientKey::api_key(1).to_string(), "API key #1");
}

#[test]
fn a_charge_above_the_burst_is_refused_with_a_finite_wait() {
    let l = limiter(10, 100);
    let refused = l.charge(key("192.0.2.1"), 1_000).unwrap_err();
    assert_eq!(refused.retry_after, Duration::from_secs(11));
}

#[test]
fn ipv6_clients_are_charged_per_64_and_mapped_ipv4_as_ipv4() {
    assert_eq!(key("2001:db8:1:2:aaaa::1"), key("2001:db8:1:2:bbbb::9"));
    assert_ne!(key("2001:db8:1:2::1"), key("2001:db8:1:3::1"));
    assert_eq!(key("::ffff:192.0.2.7"), key("192.0.2.7"));
    assert_eq!(key("2001:db8:1:2:aaaa::1").to_string(), "2001:db8:1:2::/64");
}
