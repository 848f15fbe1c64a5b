import { Entity, Enum, Index, ManyToOne, PrimaryKey, Property } from '@mikro-orm/core';
import { Field, ID, Int, ObjectType } from 'type-graphql';
import { HealthAndWellbeingAim, PriorityTheme } from './plan.enums';
import { WardPlan } from './ward-plan.entity';

@ObjectType({
  description: 'One priority in a ward plan: its theme, the Health and Wellbeing aims it serves, and the actions planned.',
})
@Entity({ tableName: 'ward_priority' })
export class WardPriority {
  @Field(() => ID, { description: 'Internal identifier of the priority.' })
  @PrimaryKey({ autoincrement: true })
  id!: number;

  @Index()
  @ManyToOne(() => WardPlan, { deleteRule: 'cascade' })
  plan!: WardPlan;

  @Field(() => Int, { description: 'Order of the priority within its plan, from 1.' })
  @Property({ type: 'smallint' })
  position!: number;

  @Field(() => PriorityTheme, { description: 'Which of the seven common themes the priority falls under.' })
  @Index()
  @Enum({ items: () => PriorityTheme })
  theme!: PriorityTheme;

  @Field({ description: 'The priority as the ward plan words it.' })
  @Property({ type: 'text' })
  title!: string;

  @Field(() => [HealthAndWellbeingAim], { description: 'Health and Wellbeing Strategy aims this priority serves.' })
  @Enum({ items: () => HealthAndWellbeingAim, array: true })
  healthAndWellbeingAims!: HealthAndWellbeingAim[];

  @Field(() => [String], { description: 'Actions planned: targeted service delivery, projects and activities.' })
  @Property({ type: 'text[]' })
  plannedActions!: string[];
}
