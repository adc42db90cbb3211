//! Group commit of the operation log (操作日志): the `observe` middleware hands each entry to one task that writes
//! whatever has queued in one statement and one transaction, and the request is answered once its entry is
//! committed — so the log stays complete and in step with the responses (as before) while a burst of requests
//! costs one disk sync instead of one per request.

use tokio::sync::{mpsc, oneshot};
use zhibao_store::logs::NewOpLog;
use zhibao_store::{Store, StoreError};

/// Most entries per transaction.
pub const MAX_BATCH: usize = 256;

type Job = (NewOpLog, oneshot::Sender<Result<(), String>>);

/// The writer: a queue in front of one task.
pub struct OpLogWriter {
    queue: mpsc::Sender<Job>,
}

impl OpLogWriter {
    /// Start the writer task on the current runtime.
    pub fn start(store: Store) -> Self {
        let (queue, rx) = mpsc::channel(4 * MAX_BATCH);
        tokio::spawn(run(store, rx));
        OpLogWriter { queue }
    }

    /// Write one entry; returns once the transaction holding it has committed.
    pub async fn write(&self, entry: NewOpLog) -> Result<(), StoreError> {
        let (reply, answer) = oneshot::channel();
        self.queue.send((entry, reply)).await.map_err(|_| StoreError::Rule("the log writer has stopped".into()))?;
        answer.await.map_err(|_| StoreError::Rule("the log writer dropped an entry".into()))?.map_err(StoreError::Rule)
    }
}

async fn run(store: Store, mut rx: mpsc::Receiver<Job>) {
    while let Some(first) = rx.recv().await {
        let mut jobs = vec![first];
        while jobs.len() < MAX_BATCH {
            match rx.try_recv() {
                Ok(j) => jobs.push(j),
                Err(_) => break,
            }
        }
        let (entries, replies): (Vec<NewOpLog>, Vec<_>) = jobs.into_iter().unzip();
        let result = store.log_ops(&entries).await.map_err(|e| e.to_string());
        for reply in replies {
            let _ = reply.send(result.clone());
        }
    }
}
