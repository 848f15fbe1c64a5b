import type { EntityManager, FilterQuery } from '@mikro-orm/postgresql';
import { z } from 'zod';
import { BadUserInputError } from '../../errors';
import { paginate, type Page } from '../../pagination';
import { localityForFilter } from '../places/places.service';
import { col, readRows } from '../../rows';
import { HealthAndWellbeingAim, PriorityTheme } from './plan.enums';
import type { WardPrioritiesArgs } from './plans.inputs';
import { WardPlan } from './ward-plan.entity';
import { WardPriority } from './ward-priority.entity';

/** A plan as reads return it: plain, with its references as ids (an entity is one too). */
export type WardPlanRow = Omit<WardPlan, 'ward' | 'source'> & { ward: { code: string }; source: { id: number } };

/** A priority as reads return it. */
export type WardPriorityRow = Omit<WardPriority, 'plan'> & { plan: { id: number } };

const planColumns = {
  id: col.int,
  ward_code: col.text,
  year: col.int,
  title: col.text,
  published_on: col.date,
  summary: col.text,
  source_id: col.int,
};
const PLAN_COLUMNS = 'id, ward_code, year, title, published_on, summary, source_id';

async function readPlans(em: EntityManager, sql: string, params: (string[] | number[])[]): Promise<WardPlanRow[]> {
  const rows = await readRows(em, planColumns, sql, params);
  return rows.map((r) => ({
    id: r.id,
    ward: { code: r.ward_code },
    year: r.year,
    title: r.title,
    publishedOn: r.published_on,
    summary: r.summary,
    source: { id: r.source_id },
  }));
}

/** Every plan of each ward, newest year first. */
export function plansByWards(em: EntityManager, codes: readonly string[]): Promise<WardPlanRow[]> {
  return readPlans(em, `select ${PLAN_COLUMNS} from ward_plan where ward_code = any(?::text[]) order by year desc, id`, [[...codes]]);
}

export function plansByIds(em: EntityManager, ids: readonly number[]): Promise<WardPlanRow[]> {
  return readPlans(em, `select ${PLAN_COLUMNS} from ward_plan where id = any(?::int[])`, [[...ids]]);
}

const priorityColumns = {
  id: col.int,
  plan_id: col.int,
  position: col.int,
  theme: z.enum(PriorityTheme),
  title: col.text,
  health_and_wellbeing_aims: z.array(z.enum(HealthAndWellbeingAim)),
  planned_actions: col.textArray,
};

export async function prioritiesByPlans(em: EntityManager, ids: readonly number[]): Promise<WardPriorityRow[]> {
  const rows = await readRows(
    em,
    priorityColumns,
    // As JSON: node-postgres parses a json column natively, where a text[] goes through a parser
    // written in JavaScript that took 5% of a dashboard request's CPU.
    `select id, plan_id, position, theme, title,
            to_json(health_and_wellbeing_aims) as health_and_wellbeing_aims, to_json(planned_actions) as planned_actions
       from ward_priority where plan_id = any(?::int[]) order by position, id`,
    [[...ids]],
  );
  return rows.map((r) => ({
    id: r.id,
    plan: { id: r.plan_id },
    position: r.position,
    theme: r.theme,
    title: r.title,
    healthAndWellbeingAims: r.health_and_wellbeing_aims,
    plannedActions: r.planned_actions,
  }));
}

/** The plan for `year`, or the newest when no year is given, from a ward's plans (newest first). */
export function pickPlan(plans: WardPlanRow[], year?: number | null): WardPlanRow | null {
  if (year == null) return plans[0] ?? null;
  return plans.find((p) => p.year === year) ?? null;
}

/** A page of ward priorities across the borough, filtered by theme, year, aim and locality. */
export async function listPriorities(em: EntityManager, args: WardPrioritiesArgs, maxPageSize: number): Promise<Page<WardPriority>> {
  if (args.year != null && (args.year < 2000 || args.year > 2100)) {
    throw new BadUserInputError(`'year' must be a four-digit year such as 2024; it was ${args.year}.`, 'year');
  }
  const where: FilterQuery<WardPriority>[] = [];
  if (args.theme) where.push({ theme: args.theme });
  if (args.year != null) where.push({ plan: { year: args.year } });
  if (args.aim) where.push({ healthAndWellbeingAims: { $contains: [args.aim] } });
  if (args.locality != null) {
    where.push({ plan: { ward: { locality: await localityForFilter(em, args.locality, 'locality') } } });
  }
  return paginate(em, WardPriority, where.length ? { $and: where } : {}, [{ id: 'asc' }], args, maxPageSize);
}
