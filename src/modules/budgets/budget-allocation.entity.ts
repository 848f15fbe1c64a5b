import { Entity, Enum, Index, ManyToOne, PrimaryKey, Property } from '@mikro-orm/core';
import { registerEnumType } from 'type-graphql';
import { Ward } from '../places/ward.entity';
import { PriorityTheme } from '../plans/plan.enums';
import { DataSource } from '../sources/data-source.entity';

export enum BudgetFund {
  WARD_BUDGET = 'WARD_BUDGET',
  WARD_HOUSING_HUB = 'WARD_HOUSING_HUB',
  PARTNER_CONTRIBUTION = 'PARTNER_CONTRIBUTION',
}

registerEnumType(BudgetFund, {
  name: 'BudgetFund',
  description: 'Which pot the money came from.',
  valuesConfig: {
    WARD_BUDGET: { description: "Ward members' budget for projects tackling ward priorities." },
    WARD_HOUSING_HUB: { description: 'Ward Housing Hub money for projects that benefit council tenants.' },
    PARTNER_CONTRIBUTION: { description: 'Money or resources a partner organisation puts into the ward.' },
  },
});

/** One allocation of money to an organisation in a ward (the hub's own format: see README, "ward-budgets"). */
@Entity({ tableName: 'budget_allocation' })
@Index({ properties: ['ward', 'financialYear'] })
export class BudgetAllocation {
  @PrimaryKey({ autoincrement: true })
  id!: number;

  @ManyToOne(() => DataSource, { deleteRule: 'cascade' })
  source!: DataSource;

  /** e.g. "2020/21". */
  @Property({ type: 'text' })
  financialYear!: string;

  @ManyToOne(() => Ward, { deleteRule: 'restrict' })
  ward!: Ward;

  @Enum({ items: () => BudgetFund })
  fund!: BudgetFund;

  @Property({ type: 'text' })
  organisation!: string;

  @Enum({ items: () => PriorityTheme, nullable: true })
  priority?: PriorityTheme | null;

  @Property({ type: 'date' })
  allocatedOn!: string;

  /** Pounds, to the penny. */
  @Property({ type: 'decimal', precision: 12, scale: 2 })
  amount!: string;

  @Property({ type: 'text', nullable: true })
  description?: string | null;
}
