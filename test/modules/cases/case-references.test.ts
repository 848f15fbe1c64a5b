import { OpenCaseDocument, type OpenCaseInput } from '../../generated/graphql';
import { useTestApp } from '../../support/app';

/**
 * Case references under load: many chairs of one group opening cases at the same moment all
 * succeed, and each case gets its own number, with none skipped.
 */

const hub = useTestApp({ OVERDUE_CHECK_SECONDS: '86400' });

const NJTG = 1;
const CHAIRS = 8;
const CASES_EACH = 20;

it(`${CHAIRS} chairs each opening ${CASES_EACH} cases in one group at once: every opening succeeds, with its own reference`, async () => {
  const [{ code }] = await hub.ownerSql<{ code: string }>(`select code from tasking_group where id = $1`, [NJTG]);
  const chairs: string[] = [];
  for (let i = 1; i <= CHAIRS; i += 1) {
    const subject = `test:busy-chair-${i}`;
    const [user] = await hub.ownerSql<{ id: number }>(
      `insert into hub_user (subject, name, kind, partner_id) values ($1, $2, 'PERSON', 1) returning id`,
      [subject, `Busy chair ${i}`],
    );
    await hub.ownerSql(`insert into group_member (group_id, user_id, role) values ($1, $2, 'CHAIR')`, [NJTG, user.id]);
    chairs.push(subject);
  }
  const [{ before }] = await hub.ownerSql<{ before: number }>(`select count(*)::int as before from tasking_case where group_id = $1`, [
    NJTG,
  ]);

  const opened = await Promise.all(
    chairs.map(async (subject, c) => {
      const results: { id?: string; reference?: string; errors?: unknown }[] = [];
      for (let i = 0; i < CASES_EACH; i += 1) {
        const input: OpenCaseInput = {
          groupId: String(NJTG),
          title: `Busy evening ${c}.${i}`,
          category: 'ANTI_SOCIAL_BEHAVIOUR',
          wardCode: 'E05013003', // Hoober, a North ward (seeds/data/wards.csv)
          location: `Street ${c}.${i}`,
          riskLevel: 'LOW',
          leadAgencyId: '1',
        };
        const { body } = await hub.gqlAs(subject, OpenCaseDocument, { input });
        results.push(body.errors ? { errors: body.errors } : body.data!.openCase);
      }
      return results;
    }),
  );

  const all = opened.flat();
  expect(all.filter((r) => r.errors)).toEqual([]);
  expect(all).toHaveLength(CHAIRS * CASES_EACH);
  const references = all.map((r) => r.reference!);
  expect(new Set(references).size).toBe(CHAIRS * CASES_EACH);
  expect(new Set(all.map((r) => r.id)).size).toBe(CHAIRS * CASES_EACH);
  const [{ after }] = await hub.ownerSql<{ after: number }>(`select count(*)::int as after from tasking_case where group_id = $1`, [NJTG]);
  expect(after - before).toBe(CHAIRS * CASES_EACH);

  // One year's numbers, consecutive: no opening took a number and then failed.
  const year = new Date().getUTCFullYear();
  const numbers = references.map((r) => {
    const m = new RegExp(`^${code}-${year}-(\\d{4,})$`).exec(r);
    expect(m).not.toBeNull();
    return Number(m![1]);
  });
  numbers.sort((a, b) => a - b);
  expect(numbers.at(-1)! - numbers[0]).toBe(CHAIRS * CASES_EACH - 1);
});
