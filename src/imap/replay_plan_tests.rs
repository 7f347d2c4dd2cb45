use super::*;
use crate::store::ActionItem;

fn action(kind: ActionKind, uids: &[u32]) -> QueuedAction {
    QueuedAction {
        id: 1,
        account_id: "a".into(),
        kind,
        folder: "INBOX".into(),
        uidvalidity: Some(7),
        target: match kind {
            ActionKind::Flag => "\\Seen".into(),
            _ => "Archive".into(),
        },
        flag_on: true,
        step: "pending".into(),
        created_at: 0,
        attempts: 0,
        last_error: None,
        items: uids
            .iter()
            .enumerate()
            .map(|(i, &uid)| ActionItem {
                row: i as i64 + 100,
                uid,
                dest_row: None,
            })
            .collect(),
    }
}

/// The server states every message action is tried against.
fn states() -> Vec<(&'static str, ServerView)> {
    let base = ServerView {
        source_exists: true,
        uidvalidity: Some(7),
        present: vec![1, 2, 3],
        target_exists: true,
        in_target_already: vec![],
        has_move: true,
        has_uidplus: true,
    };
    vec![
        ("present", base.clone()),
        (
            "one already gone",
            ServerView {
                present: vec![1, 3],
                ..base.clone()
            },
        ),
        (
            "all already moved",
            ServerView {
                present: vec![],
                ..base.clone()
            },
        ),
        (
            "folder missing",
            ServerView {
                source_exists: false,
                uidvalidity: None,
                present: vec![],
                ..base.clone()
            },
        ),
        (
            "uidvalidity changed",
            ServerView {
                uidvalidity: Some(8),
                ..base.clone()
            },
        ),
        (
            "target missing",
            ServerView {
                target_exists: false,
                ..base.clone()
            },
        ),
        (
            "no MOVE",
            ServerView {
                has_move: false,
                ..base.clone()
            },
        ),
        (
            "no MOVE, no UIDPLUS",
            ServerView {
                has_move: false,
                has_uidplus: false,
                ..base.clone()
            },
        ),
        (
            "copy interrupted after uid 1",
            ServerView {
                has_move: false,
                in_target_already: vec![1],
                ..base
            },
        ),
    ]
}

fn ops_text(p: &Plan) -> String {
    if let Some(c) = p.conflict {
        return format!("conflict {c:?}, missing {:?}", p.missing);
    }
    let ops: Vec<String> = p
        .ops
        .iter()
        .map(|o| match o {
            Op::Create(n) => format!("CREATE {n}"),
            Op::Move { uids, to } => format!("MOVE {uids:?} {to}"),
            Op::Copy { uids, to } => format!("COPY {uids:?} {to}"),
            Op::MarkDeleted(u) => format!("DELETED {u:?}"),
            Op::ExpungeUids(u) => format!("EXPUNGE {u:?}"),
            Op::Store { uids, flag, on } => {
                format!("STORE {uids:?} {}{flag}", if *on { "+" } else { "-" })
            }
            Op::Rename { from, to } => format!("RENAME {from} {to}"),
            Op::Delete(n) => format!("DELETE {n}"),
        })
        .collect();
    format!("{}; missing {:?}", ops.join(", "), p.missing)
}

#[test]
fn every_message_action_against_every_server_state() {
    let expected: &[(ActionKind, &[&str])] = &[
        (
            ActionKind::Move,
            &[
                "MOVE [1, 2, 3] Archive; missing []",
                "MOVE [1, 3] Archive; missing [2]",
                "conflict AllGone, missing [1, 2, 3]",
                "conflict SourceGone, missing []",
                "conflict Renumbered, missing []",
                "conflict TargetGone, missing []",
                "COPY [1, 2, 3] Archive, DELETED [1, 2, 3], EXPUNGE [1, 2, 3]; missing []",
                "COPY [1, 2, 3] Archive, DELETED [1, 2, 3]; missing []",
                "COPY [2, 3] Archive, DELETED [1, 2, 3], EXPUNGE [1, 2, 3]; missing []",
            ],
        ),
        (
            ActionKind::Copy,
            &[
                "COPY [1, 2, 3] Archive; missing []",
                "COPY [1, 3] Archive; missing [2]",
                "conflict AllGone, missing [1, 2, 3]",
                "conflict SourceGone, missing []",
                "conflict Renumbered, missing []",
                "conflict TargetGone, missing []",
                "COPY [1, 2, 3] Archive; missing []",
                "COPY [1, 2, 3] Archive; missing []",
                "COPY [2, 3] Archive; missing []",
            ],
        ),
        (
            ActionKind::Expunge,
            &[
                "DELETED [1, 2, 3], EXPUNGE [1, 2, 3]; missing []",
                "DELETED [1, 3], EXPUNGE [1, 3]; missing [2]",
                "; missing [1, 2, 3]",
                "conflict SourceGone, missing []",
                "conflict Renumbered, missing []",
                "DELETED [1, 2, 3], EXPUNGE [1, 2, 3]; missing []",
                "DELETED [1, 2, 3], EXPUNGE [1, 2, 3]; missing []",
                "DELETED [1, 2, 3]; missing []",
                "DELETED [1, 2, 3], EXPUNGE [1, 2, 3]; missing []",
            ],
        ),
        (
            ActionKind::Flag,
            &[
                "STORE [1, 2, 3] +\\Seen; missing []",
                "STORE [1, 3] +\\Seen; missing [2]",
                "conflict AllGone, missing [1, 2, 3]",
                "conflict SourceGone, missing []",
                "conflict Renumbered, missing []",
                "STORE [1, 2, 3] +\\Seen; missing []",
                "STORE [1, 2, 3] +\\Seen; missing []",
                "STORE [1, 2, 3] +\\Seen; missing []",
                "STORE [1, 2, 3] +\\Seen; missing []",
            ],
        ),
    ];
    for (kind, rows) in expected {
        for ((state, view), want) in states().iter().zip(rows.iter()) {
            let got = ops_text(&plan(&action(*kind, &[1, 2, 3]), view));
            assert_eq!(&got, want, "{kind:?} when {state}");
        }
    }
}

#[test]
fn uids_not_yet_known_are_skipped() {
    // Item 2 arrived by a move the server has not confirmed: only 5 is acted on.
    let view = ServerView {
        source_exists: true,
        uidvalidity: Some(7),
        present: vec![5],
        target_exists: true,
        has_move: true,
        has_uidplus: true,
        ..ServerView::default()
    };
    let p = plan(&action(ActionKind::Move, &[0, 5]), &view);
    assert_eq!(ops_text(&p), "MOVE [5] Archive; missing []");
}

#[test]
fn folder_actions() {
    let mut create = action(ActionKind::CreateFolder, &[]);
    create.target = "Projects".into();
    let absent = ServerView::default();
    let there = ServerView {
        target_exists: true,
        ..ServerView::default()
    };
    assert_eq!(
        ops_text(&plan(&create, &absent)),
        "CREATE Projects; missing []"
    );
    assert_eq!(ops_text(&plan(&create, &there)), "; missing []");

    let mut rename = action(ActionKind::RenameFolder, &[]);
    rename.folder = "Old".into();
    rename.target = "New".into();
    let cases = [
        (true, false, "RENAME Old New; missing []"),
        (false, true, "; missing []"),
        (false, false, "conflict SourceGone, missing []"),
        (true, true, "conflict NameTaken, missing []"),
    ];
    for (source, target, want) in cases {
        let view = ServerView {
            source_exists: source,
            target_exists: target,
            ..ServerView::default()
        };
        assert_eq!(ops_text(&plan(&rename, &view)), want, "{source} {target}");
    }

    let mut delete = action(ActionKind::DeleteFolder, &[]);
    delete.folder = "Old".into();
    let source = ServerView {
        source_exists: true,
        ..ServerView::default()
    };
    assert_eq!(ops_text(&plan(&delete, &source)), "DELETE Old; missing []");
    assert_eq!(ops_text(&plan(&delete, &absent)), "; missing []");
}
