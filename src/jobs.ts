import type { EntityManager, MikroORM } from '@mikro-orm/postgresql';
import type { Config } from './config';
import type { Logger } from './logger';
import { ApiKey } from './modules/access/api-key.entity';
import { generateApiKey } from './modules/access/api-keys';
import { HubUser } from './modules/access/hub-user.entity';
import type { TokenVerifier } from './modules/access/tokens';
import { markOverdueActions } from './modules/actions/actions.service';
import { erasePersonalData } from './modules/cases/cases.service';
import { changeLog } from './modules/live/live.outbox';
import type { WakeUpBus } from './modules/live/live.wakeups';
import type { ScheduledJob } from './scheduler';

/** Puts a job's transaction in system scope: the hub's own jobs see every group's rows. */
async function asSystem(tx: EntityManager): Promise<void> {
  await tx.execute(`select set_config('hub.system', 'on', true)`);
}

/** The jobs that run once across all hub processes. */
export function hubJobs(config: Pick<Config, 'jobs' | 'caseRetentionDays'>, bus: WakeUpBus): ScheduledJob[] {
  return [
    {
      name: 'overdue-actions',
      everyMs: config.jobs.overdueCheckSeconds * 1000,
      async run(tx) {
        await asSystem(tx);
        const log = changeLog(tx, bus);
        await markOverdueActions(tx, log);
        // The scheduler commits after `run` returns, so Redis wake-ups go out just before the commit: a
        // subscriber woken early finds nothing yet and looks again shortly (see live.stream).
        await log.afterCommit();
      },
    },
    {
      name: 'case-retention',
      everyMs: 60 * 60 * 1000,
      async run(tx) {
        await asSystem(tx);
        await erasePersonalData(tx, config.caseRetentionDays);
      },
    },
  ];
}

/** Seeded accounts that development tokens are printed for. */
const DEV_SUBJECTS = ['seed:north-chair', 'seed:north-police', 'seed:central-chair', 'seed:south-parish', 'seed:analyst', 'seed:admin'];
/** The account GraphiQL signs in as in development. */
export const DEV_GRAPHIQL_SUBJECT = 'seed:analyst';

const DEV_KEY_LABEL = 'Development key (printed at start)';

/**
 * Development only: prints ready-made bearer tokens for a few seeded people, and a fresh API key
 * for the seeded dashboard service account (earlier development keys are revoked, since only
 * hashes are stored and the old ones cannot be shown again).
 */
export async function printDevCredentials(orm: MikroORM, verifier: TokenVerifier, log: Logger): Promise<void> {
  if (!verifier.signDevToken) return;
  const em = orm.em.fork();
  const users = await em.find(HubUser, { subject: { $in: [...DEV_SUBJECTS, 'seed:dashboard'] } }, { populate: ['partner'] });
  const lines: string[] = [];
  for (const subject of DEV_SUBJECTS) {
    const user = users.find((u) => u.subject === subject);
    if (!user) continue;
    const token = await verifier.signDevToken(subject);
    lines.push(`  ${user.name} (${user.partner.name}; ${subject.slice(5)}):\n    Bearer ${token}`);
  }
  const dashboard = users.find((u) => u.subject === 'seed:dashboard');
  if (dashboard) {
    const key = generateApiKey();
    await em.transactional(async (tx) => {
      await tx.nativeUpdate(ApiKey, { user: dashboard, label: DEV_KEY_LABEL, revokedAt: null }, { revokedAt: new Date() });
      tx.create(ApiKey, { user: dashboard.id, prefix: key.prefix, hash: key.hash, label: DEV_KEY_LABEL });
    });
    lines.push(`  ${dashboard.name} (service account, partner dashboard):\n    Bearer ${key.key}`);
  }
  if (lines.length) {
    log.info(
      `Development tokens (valid 12 hours; never use these outside development). In GraphiQL, open Headers and paste ` +
        `{"Authorization": "Bearer <token>"}:\n${lines.join('\n')}`,
    );
  }
}
