import PgBoss from 'pg-boss';
import pg from 'pg';
import { shownLocation } from '../store/index.js';

/**
 * The jobs workers take, in PostgreSQL through pg-boss. A job names queued inputs of the store's
 * ledger (`queued_inputs` ids); the ledger says what is done, so a job delivered twice (its worker
 * died before finishing it) stores nothing twice. pg-boss keeps its tables in a schema of its own
 * next to the store's: `<store schema>_jobs`.
 */

const INPUT_JOBS = 'storyline-inputs';
/** A job held this long without finishing counts as lost (its worker died) and is given to another worker. */
export const DEFAULT_JOB_TIMEOUT_SECONDS = 300;
/** Infrastructure failures (the database restarting) fail a job; it is tried again, waiting longer each time. */
const JOB_RETRIES = 12;
/** How often workers look for expired jobs; pg-boss's default of two minutes would keep a dead worker's job waiting long after its timeout. */
const MAINTENANCE_SECONDS = 5;
const POLLING_SECONDS = 0.5;

export interface InputJob {
  /** Ledger ids, in arrival order. */
  inputs: number[];
}

export interface WorkQueue {
  /** Queues one job per group of inputs. */
  send(jobs: readonly InputJob[]): Promise<void>;
  /** Takes jobs one at a time until stopped; a handler that throws fails the job, which is retried. */
  work(handler: (job: InputJob) => Promise<void>): Promise<void>;
  /** Stops taking jobs, waits for the one in hand, and closes the connections. */
  stop(): Promise<void>;
}

export interface WorkQueueOptions {
  /** See DEFAULT_JOB_TIMEOUT_SECONDS; applies to jobs sent from this queue. */
  jobTimeoutSeconds?: number;
  /** Errors pg-boss meets while polling (the database is restarting); it keeps polling. */
  onError?: (error: Error) => void;
}

/** Opens the job queue of the PostgreSQL store at `url`, creating pg-boss's schema and the queue when needed. */
export async function openWorkQueue(url: string, options: WorkQueueOptions = {}): Promise<WorkQueue> {
  const schema = `${await storeSchemaOf(url)}_jobs`;
  const jobTimeout = options.jobTimeoutSeconds ?? DEFAULT_JOB_TIMEOUT_SECONDS;
  const boss = new PgBoss({
    connectionString: url,
    schema,
    application_name: 'storyline-worker',
    max: 4,
    schedule: false,
    supervise: true,
    maintenanceIntervalSeconds: MAINTENANCE_SECONDS,
  });
  boss.on('error', (error) => options.onError?.(error));
  try {
    await boss.start();
    if (!(await boss.getQueue(INPUT_JOBS))) {
      await boss.createQueue(INPUT_JOBS, { name: INPUT_JOBS, policy: 'standard' }).catch(async (error: unknown) => {
        // Another process created it at the same moment.
        if (!(await boss.getQueue(INPUT_JOBS))) throw error;
      });
    }
  } catch (error) {
    await boss.stop({ graceful: false, wait: true }).catch(() => undefined);
    throw new Error(`cannot open the job queue of ${shownLocation(url)}: ${(error as Error).message}`, { cause: error });
  }

  return {
    async send(jobs) {
      if (jobs.length === 0) return;
      await boss.insert(jobs.map((data) => ({
        name: INPUT_JOBS, data, expireInSeconds: jobTimeout, retryLimit: JOB_RETRIES, retryDelay: 1, retryBackoff: true,
      })));
    },
    async work(handler) {
      let workerId: string | null = null;
      workerId = await boss.work<InputJob>(INPUT_JOBS, { batchSize: 1, pollingIntervalSeconds: POLLING_SECONDS }, async ([job]) => {
        if (!job) return;
        await handler(job.data);
        // pg-boss waits out its polling interval after every job; with work waiting, ask for the next one at once.
        if (workerId) boss.notifyWorker(workerId);
      });
    },
    async stop() {
      await boss.stop({ graceful: true, wait: true, timeout: 60_000 });
    },
  };
}

/** The schema the store lives in: the first of the URL's search_path that exists. */
async function storeSchemaOf(url: string): Promise<string> {
  const client = new pg.Client({ connectionString: url });
  try {
    await client.connect();
    const { rows } = await client.query<{ schema: string | null }>('select current_schema() as schema');
    if (!rows[0]?.schema) throw new Error('its search_path names no schema that exists');
    return rows[0].schema;
  } catch (error) {
    throw new Error(`cannot open the job queue of ${shownLocation(url)}: ${(error as Error).message}`, { cause: error });
  } finally {
    await client.end().catch(() => undefined);
  }
}
