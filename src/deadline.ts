import type { MikroORM } from '@mikro-orm/postgresql';
import type { RequestHandler } from 'express';
import type { Logger } from './logger';
import type { PooledConnection } from './orm';
import { currentRequestWork, watchCurrentRequest, type RequestWork } from './request-context';

/** What knex tells its 'query', 'query-response' and 'query-error' listeners about a statement. */
interface QueryEvent {
  __knexUid?: string;
  __knexQueryUid?: string;
}

interface CancellingKnex {
  on(event: 'query', listener: (q: QueryEvent) => void): unknown;
  // knex may call this without the query object.
  on(event: 'query-response', listener: (r: unknown, q: QueryEvent | undefined) => void): unknown;
  on(event: 'query-error', listener: (e: unknown, q: QueryEvent) => void): unknown;
  client: { cancelQuery(connection: { processID: number }): Promise<unknown> };
}

/**
 * Gives every HTTP request a deadline. A request still running after `timeoutMs`, or whose client
 * has gone away, has its statements cancelled in PostgreSQL (`pg_cancel_backend`, through a separate
 * connection as the login user, which may cancel its own backends) and any statement it starts after
 * that is cancelled as it starts. A cancelled statement fails with SQLSTATE 57014, which the error
 * formatter reports as REQUEST_TIMEOUT; an open transaction fails with it and is rolled back.
 * Without this, a request that outlived its client kept its SQL running for as long as it took
 * (20 s after the client left, in issue 9), holding a pooled connection from everyone else.
 */
export class RequestDeadlines {
  /** knex's id of each pooled connection → its PostgreSQL backend pid. */
  private readonly pids = new Map<string, number>();
  /** Statements in flight, to whichever request ran them (removed however the statement ends). */
  private readonly inFlight = new Map<string, RequestWork>();
  private knex?: CancellingKnex;

  constructor(
    private readonly timeoutMs: number,
    private readonly log: Logger,
  ) {}

  /** For `openOrm`'s `onConnection`: notes each request connection's backend pid. */
  readonly onConnection = (connection: PooledConnection): void => {
    const uid = connection.__knexUid;
    const pid = connection.processID;
    if (!uid || !pid) return;
    this.pids.set(uid, pid);
    connection.once('end', () => this.pids.delete(uid));
  };

  /** Follows the statements of `orm`, the ORM requests use. */
  watch(orm: MikroORM): void {
    const knex = orm.em.getConnection().getKnex() as unknown as CancellingKnex;
    this.knex = knex;
    knex.on('query', (q) => {
      const work = currentRequestWork();
      const pid = q.__knexUid ? this.pids.get(q.__knexUid) : undefined;
      if (!work || !pid || !q.__knexQueryUid) return;
      work.running.set(q.__knexQueryUid, pid);
      this.inFlight.set(q.__knexQueryUid, work);
      // The request has already been stopped: this statement must not run on regardless.
      if (work.stopped) void this.cancel([pid]);
    });
    const finished = (_: unknown, q: QueryEvent | undefined) => {
      if (!q?.__knexQueryUid) return;
      this.inFlight.get(q.__knexQueryUid)?.running.delete(q.__knexQueryUid);
      this.inFlight.delete(q.__knexQueryUid);
    };
    knex.on('query-response', finished);
    knex.on('query-error', finished);
  }

  /**
   * Express middleware, mounted after `requestIds()`: starts the request's clock and watches for
   * the client going away (the response closing before it was sent).
   */
  middleware(): RequestHandler {
    return (_req, res, next) => {
      const work = watchCurrentRequest();
      if (!work) {
        next();
        return;
      }
      const stop = (reason: NonNullable<RequestWork['stopped']>) => {
        if (work.stopped) return;
        work.stopped = reason;
        const pids = [...new Set(work.running.values())];
        this.log.warn(
          { reason, statements: pids.length, timeoutMs: this.timeoutMs },
          reason === 'deadline' ? 'Request ran past its deadline: cancelling its SQL' : 'Client went away mid-request: cancelling its SQL',
        );
        void this.cancel(pids);
      };
      const timer = setTimeout(() => {
        stop('deadline');
      }, this.timeoutMs);
      timer.unref();
      res.once('close', () => {
        clearTimeout(timer);
        if (!res.writableFinished) stop('client-gone');
      });
      next();
    };
  }

  private async cancel(pids: number[]): Promise<void> {
    if (!this.knex) return;
    for (const pid of pids) {
      // Best effort: statement_timeout still bounds a statement whose cancel could not be sent.
      await this.knex.client.cancelQuery({ processID: pid }).catch((err: unknown) => {
        this.log.warn({ err, pid }, 'Could not cancel a statement');
      });
    }
  }
}
