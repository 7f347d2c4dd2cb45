//! The replay planner: from one queued action and what the server holds now, the commands to
//! send (or the conflict to report). Pure: `replay` gathers the facts and runs the plan.

use crate::store::{ActionKind, QueuedAction};
use std::collections::HashSet;

/// What the server holds that matters for one action.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ServerView {
    /// The action's folder (the source of a message action) can be selected.
    pub source_exists: bool,
    /// Its UIDVALIDITY now.
    pub uidvalidity: Option<u32>,
    /// The action's UIDs that are still in the folder.
    pub present: Vec<u32>,
    /// The target folder (or new folder name) exists.
    pub target_exists: bool,
    /// Source UIDs whose message is already in the target (an interrupted COPY got through).
    pub in_target_already: Vec<u32>,
    pub has_move: bool,
    pub has_uidplus: bool,
}

/// One command of a plan.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Op {
    Create(String),
    /// `UID MOVE` (RFC 6851); the server answers with COPYUID.
    Move {
        uids: Vec<u32>,
        to: String,
    },
    /// `UID COPY`; the step is journaled before it is sent.
    Copy {
        uids: Vec<u32>,
        to: String,
    },
    /// `UID STORE +FLAGS.SILENT (\Deleted)`.
    MarkDeleted(Vec<u32>),
    /// `UID EXPUNGE` of exactly these (UIDPLUS); never a bare EXPUNGE.
    ExpungeUids(Vec<u32>),
    Store {
        uids: Vec<u32>,
        flag: String,
        on: bool,
    },
    Rename {
        from: String,
        to: String,
    },
    Delete(String),
}

impl Op {
    /// The command's name, for traces.
    pub fn name(&self) -> &'static str {
        match self {
            Op::Create(_) => "CREATE",
            Op::Move { .. } => "UID MOVE",
            Op::Copy { .. } => "UID COPY",
            Op::MarkDeleted(_) => "UID STORE \\Deleted",
            Op::ExpungeUids(_) => "UID EXPUNGE",
            Op::Store { .. } => "UID STORE",
            Op::Rename { .. } => "RENAME",
            Op::Delete(_) => "DELETE",
        }
    }
}

/// Why an action cannot be carried out; the local view is corrected from the server.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Conflict {
    /// The folder the messages were in is gone (deleted or renamed elsewhere).
    SourceGone,
    /// The folder was renumbered (UIDVALIDITY changed): the UIDs mean other messages now.
    Renumbered,
    /// The folder to move or copy into is gone.
    TargetGone,
    /// None of the messages are in the folder any more (moved or deleted elsewhere).
    AllGone,
    /// A folder of the new name exists already.
    NameTaken,
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Plan {
    pub ops: Vec<Op>,
    pub conflict: Option<Conflict>,
    /// UIDs of the action no longer on the server (reported, not acted on).
    pub missing: Vec<u32>,
}

impl Plan {
    fn conflict(c: Conflict) -> Plan {
        Plan {
            conflict: Some(c),
            ..Plan::default()
        }
    }
}

/// The commands that carry out `action` against `view`.
pub fn plan(action: &QueuedAction, view: &ServerView) -> Plan {
    match action.kind {
        ActionKind::CreateFolder => Plan {
            ops: if view.target_exists {
                vec![]
            } else {
                vec![Op::Create(action.target.clone())]
            },
            ..Plan::default()
        },
        ActionKind::RenameFolder => match (view.source_exists, view.target_exists) {
            // Already renamed (an earlier try got through before a crash).
            (false, true) => Plan::default(),
            (false, false) => Plan::conflict(Conflict::SourceGone),
            (true, true) => Plan::conflict(Conflict::NameTaken),
            (true, false) => Plan {
                ops: vec![Op::Rename {
                    from: action.folder.clone(),
                    to: action.target.clone(),
                }],
                ..Plan::default()
            },
        },
        ActionKind::DeleteFolder => Plan {
            ops: if view.source_exists {
                vec![Op::Delete(action.folder.clone())]
            } else {
                vec![]
            },
            ..Plan::default()
        },
        ActionKind::Flag | ActionKind::Move | ActionKind::Copy | ActionKind::Expunge => {
            plan_messages(action, view)
        }
    }
}

fn plan_messages(action: &QueuedAction, view: &ServerView) -> Plan {
    if !view.source_exists {
        return Plan::conflict(Conflict::SourceGone);
    }
    if action.uidvalidity.is_some() && view.uidvalidity != action.uidvalidity {
        return Plan::conflict(Conflict::Renumbered);
    }
    let mut known: Vec<u32> = action
        .items
        .iter()
        .map(|i| i.uid)
        .filter(|u| *u > 0)
        .collect();
    known.sort_unstable();
    known.dedup();
    // Sets of 10,000 UIDs are usual (a whole folder selected): look up, never scan.
    let on_server: HashSet<u32> = view.present.iter().copied().collect();
    let (present, missing): (Vec<u32>, Vec<u32>) =
        known.iter().partition(|u| on_server.contains(u));
    if present.is_empty() {
        // Deleting what is already gone is done; anything else has nothing left to act on.
        return Plan {
            conflict: (action.kind != ActionKind::Expunge).then_some(Conflict::AllGone),
            missing,
            ..Plan::default()
        };
    }
    let needs_target = matches!(action.kind, ActionKind::Move | ActionKind::Copy);
    if needs_target && !view.target_exists {
        return Plan {
            missing,
            ..Plan::conflict(Conflict::TargetGone)
        };
    }
    let to = action.target.clone();
    let copied: HashSet<u32> = view.in_target_already.iter().copied().collect();
    let to_copy: Vec<u32> = present
        .iter()
        .copied()
        .filter(|u| !copied.contains(u))
        .collect();
    let remove = |ops: &mut Vec<Op>| {
        ops.push(Op::MarkDeleted(present.clone()));
        if view.has_uidplus {
            ops.push(Op::ExpungeUids(present.clone()));
        }
    };
    let mut ops = Vec::new();
    match action.kind {
        ActionKind::Move if view.has_move => ops.push(Op::Move {
            uids: present.clone(),
            to,
        }),
        ActionKind::Move => {
            if !to_copy.is_empty() {
                ops.push(Op::Copy { uids: to_copy, to });
            }
            remove(&mut ops);
        }
        ActionKind::Copy => {
            if !to_copy.is_empty() {
                ops.push(Op::Copy { uids: to_copy, to });
            }
        }
        ActionKind::Expunge => remove(&mut ops),
        _ => ops.push(Op::Store {
            uids: present.clone(),
            flag: action.target.clone(),
            on: action.flag_on,
        }),
    }
    Plan {
        ops,
        conflict: None,
        missing,
    }
}

#[cfg(test)]
#[path = "replay_plan_tests.rs"]
mod tests;
