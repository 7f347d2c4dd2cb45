//! Conversations do not depend on the order mail arrives in (bodies come over several
//! connections, in batches).

use super::*;

/// The same mail stored in every order: by subject alone, each reply joins the nearest earlier
/// message of its subject, whichever arrived first (bodies come over several connections).
#[test]
fn conversations_by_subject_do_not_depend_on_arrival_order() {
    let week = [
        mail(1, "w1", "Weekly sync", 0),
        mail(2, "w2", "Re: Weekly sync", 1),
        mail(3, "w3", "Weekly sync", 10),
        mail(4, "w4", "Re: Weekly sync", 11),
        mail(5, "w5", "RE: Re: weekly  sync", 12),
    ];
    let expected = vec![vec![(0, 1), (0, 2)], vec![(0, 3), (0, 4), (0, 5)]];
    let mut orders = 0;
    let mut order: Vec<usize> = (0..week.len()).collect();
    // Every permutation (Heap's algorithm, iterative).
    let mut c = vec![0; order.len()];
    let mut check = |order: &[usize]| {
        let mut s = store();
        let inbox = s.inbox;
        for &i in order {
            s.put_full(inbox, std::slice::from_ref(&week[i]));
        }
        let found: Vec<Vec<(i64, u32)>> = s
            .partition()
            .into_iter()
            .map(|set| set.into_iter().map(|(_, uid)| (0, uid)).collect())
            .collect();
        assert_eq!(found, expected, "stored in order {order:?}");
        orders += 1;
    };
    check(&order);
    let mut i = 0;
    while i < order.len() {
        if c[i] < i {
            order.swap(if i % 2 == 0 { 0 } else { c[i] }, i);
            check(&order);
            c[i] += 1;
            i = 0;
        } else {
            c[i] = 0;
            i += 1;
        }
    }
    assert_eq!(orders, 120);
}

/// Mail linked by headers and by subject, stored with its bodies in random orders and
/// batches: always the conversations that threading everything at once finds.
#[test]
fn tangled_mail_in_any_order_makes_the_conversations_of_a_rethread() {
    for seed in 1..=8u64 {
        let mut rng = fastrand::Rng::with_seed(seed);
        let n = 120u32;
        let id = |k: u32| format!("m{k}@x");
        let mut all: Vec<NewEnvelope> = (1..=n)
            .map(|uid| {
                let subject =
                    ["Plans", "Re: Plans", "Lunch", "Fwd: Lunch", "Hello"][rng.usize(..5)];
                let mut e = mail(uid, "", subject, 0);
                // Distinct dates: messages of one date are ordered as they were stored.
                e.date = Some(T0 + rng.i64(0..80) * DAY + rng.i64(0..3) * 3600 + uid as i64);
                e.message_id = (rng.u32(..8) != 0).then(|| format!("<{}>", id(uid)));
                if rng.u32(..4) == 0 {
                    e.in_reply_to = Some(format!("<{}>", id(rng.u32(1..n + 10))));
                }
                if rng.u32(..6) == 0 {
                    e.references.push(format!("<{}>", id(rng.u32(1..n + 10))));
                }
                e
            })
            .collect();
        let mut runs = Vec::new();
        for _ in 0..3 {
            rng.shuffle(&mut all);
            let mut s = store();
            let inbox = s.inbox;
            let mut rest = &all[..];
            while !rest.is_empty() {
                let take = rng.usize(1..=rest.len().min(9));
                s.put_full(inbox, &rest[..take]);
                rest = &rest[take..];
            }
            let (incremental, remembered) = (s.partition(), s.remembered());
            s.db.rethread_all().unwrap();
            assert_eq!(incremental, s.partition(), "seed {seed}");
            // A rethread remembers only ids no stored message has; those lead to the same
            // conversation as they did.
            for entry in s.remembered() {
                assert!(remembered.contains(&entry), "seed {seed}: {entry:?}");
            }
            runs.push(incremental);
        }
        assert!(runs.windows(2).all(|w| w[0] == w[1]), "seed {seed}");
        assert!(runs[0].len() < 100, "seed {seed}: conversations formed");
    }
}
