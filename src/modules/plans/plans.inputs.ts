import { ArgsType, Field, Int } from 'type-graphql';
import { PageArgs } from '../../pagination';
import { HealthAndWellbeingAim, PriorityTheme } from './plan.enums';

@ArgsType()
export class WardPrioritiesArgs extends PageArgs {
  @Field(() => PriorityTheme, { nullable: true, description: 'Only priorities under this theme.' })
  theme?: PriorityTheme | null;

  @Field(() => Int, { nullable: true, description: 'Only priorities in plans for this year, e.g. 2024.' })
  year?: number | null;

  @Field(() => HealthAndWellbeingAim, {
    nullable: true,
    description: 'Only priorities linked to this Health and Wellbeing aim.',
  })
  aim?: HealthAndWellbeingAim | null;

  @Field(() => String, { nullable: true, description: 'Only priorities of wards in this locality.' })
  locality?: string | null;
}
