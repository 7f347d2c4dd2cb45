//! Conversations (messages threaded by Message-ID, In-Reply-To and References across an
//! account's folders), as the window and the command line read them. Threading itself happens
//! in the store as messages are stored; these only read it.

use super::{Engine, EngineError, Failure};
use crate::store::{Conversation, Db, MessageSummary};

fn store(e: crate::store::StoreError) -> EngineError {
    EngineError::plain(Failure::Store(e.to_string()))
}

impl Engine {
    fn read<T>(&self, f: impl FnOnce(&Db) -> crate::store::Result<T>) -> Result<T, EngineError> {
        let db = self.reader().map_err(EngineError::plain)?;
        f(&db).map_err(store)
    }

    /// Conversations with a message in a folder (`folder_id`), in an account, or anywhere,
    /// newest activity first, at most `limit` (only as many rows are read as that takes).
    pub fn conversations(
        &self,
        account_id: Option<&str>,
        folder_id: Option<i64>,
        limit: usize,
    ) -> Result<Vec<Conversation>, EngineError> {
        self.read(|db| db.list_conversations(account_id, folder_id, limit))
    }

    /// One conversation's messages, oldest first, from all folders of its account.
    pub fn conversation_messages(
        &self,
        thread_id: i64,
    ) -> Result<Vec<MessageSummary>, EngineError> {
        self.read(|db| db.conversation_messages(thread_id))
    }

    /// The conversation a stored message belongs to (None: no such message).
    pub fn conversation_of(&self, message_id: i64) -> Result<Option<i64>, EngineError> {
        self.read(|db| db.conversation_of(message_id))
    }

    /// Thread every stored message again from scratch on the store's writer; returns the
    /// number of conversations.
    pub async fn rethread_all(&self) -> Result<usize, EngineError> {
        self.writer()
            .map_err(EngineError::plain)?
            .run(|db| db.rethread_all())
            .await
            .map_err(store)
    }
}
