//! The sync planner: pure functions from (what we have, what the server says) to the steps
//! and changes a sync must carry out. No I/O here; `sync` executes the plan.

use crate::store::FolderSyncState;

/// What the server reported when the folder was selected.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RemoteState {
    pub uidvalidity: u32,
    pub uidnext: Option<u32>,
    pub highestmodseq: Option<u64>,
    pub exists: u32,
}

/// What the local store holds for the folder.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct LocalState {
    pub synced: FolderSyncState,
    /// Messages stored locally.
    pub count: u32,
    /// Highest UID stored locally.
    pub max_uid: Option<u32>,
}

/// One step of a folder sync, in the order returned.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Step {
    /// UIDVALIDITY changed: every cached UID of the folder is meaningless; drop them.
    Reset,
    /// Fetch envelopes of every message with UID >= this.
    FetchNew { from_uid: u32 },
    /// CONDSTORE: fetch flags changed since this mod-sequence.
    FlagsChangedSince(u64),
    /// No CONDSTORE: fetch all flags and compare.
    FlagsAll,
    /// Some messages may have been expunged: compare the server's UID list with ours
    /// (only needed when counts disagree after fetching new ones).
    FindExpunged,
}

/// A change to the local store decided by comparing lists.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Change {
    SetFlags(u32, Vec<String>),
    Expunge(u32),
}

/// Decide how to bring one folder up to date.
pub fn plan_folder(local: &LocalState, remote: &RemoteState, condstore: bool) -> Vec<Step> {
    let known = local.synced.uidvalidity;
    if known != Some(remote.uidvalidity) {
        let mut steps = Vec::new();
        if known.is_some() || local.count > 0 {
            steps.push(Step::Reset);
        }
        if remote.exists > 0 {
            steps.push(Step::FetchNew { from_uid: 1 });
        }
        return steps;
    }
    let mut steps = Vec::new();
    let next_local = local
        .synced
        .uidnext
        .or(local.max_uid.map(|u| u + 1))
        .unwrap_or(1);
    let new_mail = match remote.uidnext {
        Some(next) => next > next_local,
        None => true,
    };
    if new_mail && remote.exists > 0 {
        steps.push(Step::FetchNew {
            from_uid: next_local,
        });
    }
    if local.count > 0 {
        match (condstore, local.synced.highestmodseq, remote.highestmodseq) {
            (true, Some(have), Some(now)) => {
                if now > have {
                    steps.push(Step::FlagsChangedSince(have));
                }
            }
            _ => steps.push(Step::FlagsAll),
        }
    }
    let unchanged = !new_mail
        && local.count == remote.exists
        && local.synced.server_count == remote.exists
        && condstore
        && local.synced.highestmodseq.is_some()
        && local.synced.highestmodseq == remote.highestmodseq;
    if local.count > 0 && !unchanged {
        steps.push(Step::FindExpunged);
    }
    steps
}

/// What a folder's record holds once a pass has seen `remote`.
pub fn recorded(remote: &RemoteState) -> FolderSyncState {
    FolderSyncState {
        uidvalidity: Some(remote.uidvalidity),
        uidnext: remote.uidnext,
        highestmodseq: remote.highestmodseq,
        server_count: remote.exists,
    }
}

/// Whether a folder whose counters the server reports as `remote` (LIST-STATUS) needs no
/// visit at all: nothing to fetch, check or record (a CONDSTORE server's counters move with
/// every new message, flag change and expunge).
pub fn untouched(local: &LocalState, remote: &RemoteState) -> bool {
    plan_folder(local, remote, true).is_empty() && recorded(remote) == local.synced
}

/// After new envelopes are stored: are there messages we hold that the server no longer has?
pub fn expunge_check_needed(local_count_now: u32, remote_exists: u32) -> bool {
    local_count_now != remote_exists
}

/// Local UIDs the server no longer lists. Both slices ascending.
pub fn expunged(local: &[u32], remote: &[u32]) -> Vec<Change> {
    let mut out = Vec::new();
    let mut r = remote.iter().peekable();
    for &uid in local {
        while r.peek().is_some_and(|&&x| x < uid) {
            r.next();
        }
        if r.peek() != Some(&&uid) {
            out.push(Change::Expunge(uid));
        }
    }
    out
}

/// Flag updates: every remote UID whose flag set differs from the local one.
/// Both slices ascending by UID, flags sorted.
pub fn flag_changes(local: &[(u32, Vec<String>)], remote: &[(u32, Vec<String>)]) -> Vec<Change> {
    let mut out = Vec::new();
    let mut l = local.iter().peekable();
    for (uid, flags) in remote {
        while l.peek().is_some_and(|(x, _)| x < uid) {
            l.next();
        }
        if let Some((luid, lflags)) = l.peek() {
            if luid == uid && lflags != flags {
                out.push(Change::SetFlags(*uid, flags.clone()));
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use Step::*;

    fn local(
        v: Option<u32>,
        next: Option<u32>,
        ms: Option<u64>,
        count: u32,
        sc: u32,
    ) -> LocalState {
        LocalState {
            synced: FolderSyncState {
                uidvalidity: v,
                uidnext: next,
                highestmodseq: ms,
                server_count: sc,
            },
            count,
            max_uid: if count > 0 { next.map(|n| n - 1) } else { None },
        }
    }

    fn remote(v: u32, next: u32, ms: Option<u64>, exists: u32) -> RemoteState {
        RemoteState {
            uidvalidity: v,
            uidnext: Some(next),
            highestmodseq: ms,
            exists,
        }
    }

    #[test]
    fn only_a_folder_whose_counters_stand_still_is_left_unopened() {
        let synced = local(Some(7), Some(31), Some(90), 30, 30);
        assert!(untouched(&synced, &remote(7, 31, Some(90), 30)));
        let moved = [
            ("new mail", remote(7, 32, Some(91), 31)),
            ("a flag changed", remote(7, 31, Some(91), 30)),
            ("renumbered", remote(8, 31, Some(90), 30)),
            ("one expunged, one added", remote(7, 32, Some(92), 30)),
            ("no mod-sequence", remote(7, 31, None, 30)),
        ];
        for (case, r) in moved {
            assert!(!untouched(&synced, &r), "{case}");
        }
        // Stored rows that the server does not count (or the other way round) need a look.
        assert!(!untouched(
            &local(Some(7), Some(31), Some(90), 29, 30),
            &remote(7, 31, Some(90), 30)
        ));
        assert!(!untouched(
            &local(Some(7), Some(31), Some(90), 30, 29),
            &remote(7, 31, Some(90), 30)
        ));
        // Never synced, even when empty: the folder's state must be recorded once.
        assert!(!untouched(
            &local(None, None, None, 0, 0),
            &remote(7, 1, Some(1), 0)
        ));
        assert!(untouched(
            &local(Some(7), Some(1), Some(1), 0, 0),
            &remote(7, 1, Some(1), 0)
        ));
    }

    /// Every combination that matters: (case, local, remote, condstore, expected steps).
    #[test]
    fn plan_table() {
        let table: Vec<(&str, LocalState, RemoteState, bool, Vec<Step>)> = vec![
            (
                "first sync, empty folder",
                local(None, None, None, 0, 0),
                remote(7, 1, Some(1), 0),
                true,
                vec![],
            ),
            (
                "first sync",
                local(None, None, None, 0, 0),
                remote(7, 101, Some(5), 100),
                true,
                vec![FetchNew { from_uid: 1 }],
            ),
            (
                "first sync without condstore",
                local(None, None, None, 0, 0),
                remote(7, 101, None, 100),
                false,
                vec![FetchNew { from_uid: 1 }],
            ),
            (
                "uidvalidity changed",
                local(Some(7), Some(101), Some(5), 100, 100),
                remote(8, 51, Some(2), 50),
                true,
                vec![Reset, FetchNew { from_uid: 1 }],
            ),
            (
                "uidvalidity changed, now empty",
                local(Some(7), Some(101), Some(5), 100, 100),
                remote(8, 1, Some(1), 0),
                true,
                vec![Reset],
            ),
            (
                "half-finished first sync left rows",
                local(None, None, None, 40, 0),
                remote(7, 101, Some(5), 100),
                true,
                vec![Reset, FetchNew { from_uid: 1 }],
            ),
            (
                "nothing changed, condstore",
                local(Some(7), Some(101), Some(5), 100, 100),
                remote(7, 101, Some(5), 100),
                true,
                vec![],
            ),
            (
                "nothing changed, no condstore",
                local(Some(7), Some(101), None, 100, 100),
                remote(7, 101, None, 100),
                false,
                vec![FlagsAll, FindExpunged],
            ),
            (
                "new mail, condstore",
                local(Some(7), Some(101), Some(5), 100, 100),
                remote(7, 103, Some(7), 102),
                true,
                vec![
                    FetchNew { from_uid: 101 },
                    FlagsChangedSince(5),
                    FindExpunged,
                ],
            ),
            (
                "flags changed only",
                local(Some(7), Some(101), Some(5), 100, 100),
                remote(7, 101, Some(9), 100),
                true,
                vec![FlagsChangedSince(5), FindExpunged],
            ),
            (
                "expunge only, condstore",
                local(Some(7), Some(101), Some(5), 100, 100),
                remote(7, 101, Some(6), 98),
                true,
                vec![FlagsChangedSince(5), FindExpunged],
            ),
            (
                "new mail, no condstore",
                local(Some(7), Some(101), None, 100, 100),
                remote(7, 102, None, 101),
                false,
                vec![FetchNew { from_uid: 101 }, FlagsAll, FindExpunged],
            ),
            (
                "condstore server but no stored modseq",
                local(Some(7), Some(101), None, 100, 100),
                remote(7, 101, Some(5), 100),
                true,
                vec![FlagsAll, FindExpunged],
            ),
            (
                "server lost modseq support",
                local(Some(7), Some(101), Some(5), 100, 100),
                remote(7, 101, None, 100),
                true,
                vec![FlagsAll, FindExpunged],
            ),
            (
                "everything expunged",
                local(Some(7), Some(101), Some(5), 100, 100),
                remote(7, 101, Some(6), 0),
                true,
                vec![FlagsChangedSince(5), FindExpunged],
            ),
            (
                "new mail into an emptied folder",
                local(Some(7), Some(101), Some(5), 0, 0),
                remote(7, 102, Some(6), 1),
                true,
                vec![FetchNew { from_uid: 101 }],
            ),
        ];
        for (case, l, r, condstore, expected) in table {
            assert_eq!(plan_folder(&l, &r, condstore), expected, "case: {case}");
        }
    }

    #[test]
    fn missing_uidnext_means_look_for_new_mail() {
        let l = local(Some(7), Some(101), Some(5), 100, 100);
        let r = RemoteState {
            uidvalidity: 7,
            uidnext: None,
            highestmodseq: Some(5),
            exists: 100,
        };
        assert_eq!(
            plan_folder(&l, &r, true),
            vec![FetchNew { from_uid: 101 }, FindExpunged]
        );
    }

    #[test]
    fn expunged_uids() {
        assert_eq!(
            expunged(&[1, 2, 3, 5], &[2, 5, 6]),
            vec![Change::Expunge(1), Change::Expunge(3)]
        );
        assert_eq!(expunged(&[], &[1]), vec![]);
        assert_eq!(expunged(&[4], &[]), vec![Change::Expunge(4)]);
        assert!(expunge_check_needed(10, 9));
        assert!(!expunge_check_needed(9, 9));
    }

    #[test]
    fn flag_differences() {
        let s = |v: &[&str]| v.iter().map(|x| x.to_string()).collect::<Vec<_>>();
        let local = vec![(1, s(&["\\Seen"])), (2, s(&[])), (4, s(&["\\Flagged"]))];
        let remote = vec![
            (1, s(&["\\Seen"])),
            (2, s(&["\\Seen"])),
            (3, s(&[])),
            (4, s(&[])),
        ];
        assert_eq!(
            flag_changes(&local, &remote),
            vec![
                Change::SetFlags(2, s(&["\\Seen"])),
                Change::SetFlags(4, s(&[]))
            ]
        );
    }
}
