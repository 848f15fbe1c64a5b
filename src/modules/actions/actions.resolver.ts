import { Arg, Ctx, FieldResolver, Mutation, Resolver, Root } from 'type-graphql';
import { Allow } from '../../auth';
import { loadRequired } from '../../batch';
import type { Context } from '../../context';
import { ForbiddenError } from '../../errors';
import type { AccessLoaders } from '../access/access.loaders';
import { HubUser } from '../access/hub-user.entity';
import { TaskingCase } from '../cases/case.entity';
import type { CasesLoaders } from '../cases/cases.loaders';
import { Partner } from '../partners/partner.entity';
import type { PartnersLoaders } from '../partners/partners.loaders';
import { TaskingGroupEvent } from '../tasking/tasking.types';
import { AssignActionInput, UpdateActionInput } from './actions.inputs';
import type { ActionsLoaders } from './actions.loaders';
import { assignAction, updateAction } from './actions.service';
import { CaseAction } from './case-action.entity';

type ActionsContext = Context<ActionsLoaders & CasesLoaders & AccessLoaders & PartnersLoaders>;

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
  async case(@Root() a: CaseAction, @Ctx() { loaders }: ActionsContext): Promise<TaskingCase> {
    const found = await loaders.cases.taskingCase.load(a.case.id);
    if (!found) throw new ForbiddenError('The case of this action is not visible to you.');
    return found;
  }

  @FieldResolver(() => Partner, { description: 'The agency that is to do it.' })
  assignedAgency(@Root() a: CaseAction, @Ctx() { loaders }: ActionsContext): Promise<Partner> {
    return loadRequired(loaders.partners.partner, a.assignedAgency.id);
  }

  @FieldResolver(() => HubUser, { nullable: true, description: 'The person in that agency, if one is named.' })
  async assignedTo(@Root() a: CaseAction, @Ctx() { loaders }: ActionsContext): Promise<HubUser | null> {
    return a.assignedTo ? loadRequired(loaders.access.user, a.assignedTo.id) : null;
  }
}

/** The field actions adds to Case. */
@Resolver(() => TaskingCase)
export class CaseActionsResolver {
  @FieldResolver(() => [CaseAction], { description: 'Actions on the case, by due date.' })
  actions(@Root() c: TaskingCase, @Ctx() { loaders }: ActionsContext): Promise<CaseAction[]> {
    return loaders.actions.actionsByCase.load(c.id);
  }
}

/** The field actions adds to TaskingGroupEvent. */
@Resolver(() => TaskingGroupEvent)
export class TaskingEventActionResolver {
  @FieldResolver(() => CaseAction, { nullable: true, description: 'The action, if the event is about one (as it is now).' })
  async action(@Root() e: TaskingGroupEvent, @Ctx() { loaders }: ActionsContext): Promise<CaseAction | null> {
    if (!e.payload.actionId || !e.payload.caseId) return null;
    const actions = await loaders.actions.actionsByCase.load(e.payload.caseId);
    return actions.find((a) => a.id === e.payload.actionId) ?? null;
  }
}
