//! Group commit of intake (成批落库): concurrent filings are written in one transaction and each request is
//! answered only after that transaction commits, so an acknowledged filing is durable and the disk syncs once per
//! batch instead of once per filing. A batch is whatever has queued while the previous one was committing (at most
//! [`MAX_BATCH`]); a lone filing is written at once. If a batch fails, its filings are retried one by one, so one bad
//! filing cannot fail the others. The store does the whole filing in that transaction — receipt number, officer,
//! duplicate check (类案) — see `zhibao_store::cases::intake`.

use tokio::sync::{mpsc, oneshot};
use zhibao_store::cases::{Intaken, NewMatter};
use zhibao_store::{Store, StoreError, Ts};

/// Most filings per transaction.
pub const MAX_BATCH: usize = 128;

struct Job {
    matter: NewMatter,
    reply: oneshot::Sender<Result<Intaken, StoreError>>,
}

/// The intake writer: a queue in front of one task that owns the writes.
pub struct IntakeWriter {
    queue: mpsc::Sender<Job>,
}

impl IntakeWriter {
    /// Start the writer task on the current runtime.
    pub fn start(store: Store) -> Self {
        let (queue, rx) = mpsc::channel(4 * MAX_BATCH);
        tokio::spawn(run(store, rx));
        IntakeWriter { queue }
    }

    /// Write one matter; returns what the store did with it once the transaction holding it has committed.
    pub async fn write(&self, matter: NewMatter) -> Result<Intaken, StoreError> {
        let (reply, answer) = oneshot::channel();
        self.queue
            .send(Job { matter, reply })
            .await
            .map_err(|_| StoreError::Rule("the intake writer has stopped".into()))?;
        answer.await.map_err(|_| StoreError::Rule("the intake writer dropped a filing".into()))?
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
        let (matters, replies): (Vec<NewMatter>, Vec<_>) = jobs.into_iter().map(|j| (j.matter, j.reply)).unzip();
        let now = Ts::new(chrono::Utc::now());
        match store.intake_matters(&matters, now).await {
            Ok(done) => {
                for (reply, d) in replies.into_iter().zip(done) {
                    let _ = reply.send(Ok(d));
                }
            }
            Err(e) if matters.len() == 1 => {
                if let Some(reply) = replies.into_iter().next() {
                    let _ = reply.send(Err(e));
                }
            }
            Err(_) => {
                for (m, reply) in matters.iter().zip(replies) {
                    let r = store.intake_matters(std::slice::from_ref(m), now).await;
                    let _ = reply.send(r.and_then(|d| d.into_iter().next().ok_or(StoreError::NotFound)));
                }
            }
        }
    }
}
