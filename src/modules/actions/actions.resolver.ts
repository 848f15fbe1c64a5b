import { Arg, Ctx, FieldResolver, Mutation, Resolver, Root } from 'type-graphql';
import { Allow } from '../../auth';
import { loadRequired } from '../../batch';
import type { Context } from '../../context';
import { ForbiddenError } from '../../errors';
import { HubUser } from '../access/hub-user.entity';
import { TaskingCase } from '../cases/case.entity';
import { Partner } from '../partners/partner.entity';
import { AssignActionInput, UpdateActionInput } from './actions.inputs';
import { assignAction, updateAction } from './actions.service';
import { CaseAction } from './case-action.entity';

@Resolver(() => CaseAction)
export class ActionResolver {
  @Allow('PERSON')
  @Mutation(() => CaseAction, { description: 'Assigns an action on a case to an agency, due today or later.' })
  assignAction(
    @Arg('input', { description: 'The action.' }) input: AssignActionInput,
    @Ctx() { em, viewer, bus }: Context,
  ): Promise<CaseAction> {
    return assignAction(em, viewer, input, bus);
  }

  @Allow('PERSON')
  @Mutation(() => CaseAction, { description: 'Changes an action (status, outcome, due date); send the version you read.' })
  updateAction(
    @Arg('input', { description: 'The changes.' }) input: UpdateActionInput,
    @Ctx() { em, viewer, bus }: Context,
  ): Promise<CaseAction> {
    return updateAction(em, viewer, input, bus);
  }

  @FieldResolver(() => TaskingCase, { description: 'The case the action is on.' })
  async case(@Root() a: CaseAction, @Ctx() { loaders }: Context): Promise<TaskingCase> {
    const found = await loaders.taskingCase.load(a.case.id);
    if (!found) throw new ForbiddenError('The case of this action is not visible to you.');
    return found;
  }

  @FieldResolver(() => Partner, { description: 'The agency that is to do it.' })
  assignedAgency(@Root() a: CaseAction, @Ctx() { loaders }: Context): Promise<Partner> {
    return loadRequired(loaders.partner, a.assignedAgency.id);
  }

  @FieldResolver(() => HubUser, { nullable: true, description: 'The person in that agency, if one is named.' })
  async assignedTo(@Root() a: CaseAction, @Ctx() { loaders }: Context): Promise<HubUser | null> {
    return a.assignedTo ? loadRequired(loaders.user, a.assignedTo.id) : null;
  }
}
