import { Arg, Args, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from 'type-graphql';
import { type WardRow } from '../places/places.service';
import { Allow } from '../../auth';
import { loadRequired } from '../../batch';
import type { Context } from '../../context';
import { pageCost } from '../../limits';
import { Connection, type Page } from '../../pagination';
import { Partner } from '../partners/partner.entity';
import type { PartnersLoaders } from '../partners/partners.loaders';
import { Lsoa } from '../places/lsoa.entity';
import type { PlacesLoaders } from '../places/places.loaders';
import { Ward } from '../places/ward.entity';
import { TaskingGroup } from '../tasking/tasking-group.entity';
import type { TaskingLoaders } from '../tasking/tasking.loaders';
import { TaskingGroupEvent } from '../tasking/tasking.types';
import { TaskingCase } from './case.entity';
import { AddCaseNoteInput, CasesArgs, ChangeCaseStatusInput, OpenCaseInput, UpdateCaseInput } from './cases.inputs';
import type { CasesLoaders } from './cases.loaders';
import { addCaseNote, changeCaseStatus, findCase, listCases, openCase, updateCase } from './cases.service';
import { CasePersonalData } from './cases.types';

export const CaseConnection = Connection(TaskingCase, 'Case', 'cases');

type CasesContext = Context<CasesLoaders & TaskingLoaders & PlacesLoaders & PartnersLoaders>;

@Resolver(() => TaskingCase)
export class CaseResolver {
  @Allow('AUTHENTICATED')
  @Query(() => CaseConnection, {
    description: "Cases of the tasking groups you belong to, newest first. Others' cases are never listed: see caseSummary for aggregates.",
    complexity: pageCost,
  })
  cases(@Args() args: CasesArgs, @Ctx() { em, viewer, limits }: Context): Promise<Page<TaskingCase>> {
    return listCases(em, viewer, args, limits.maxPageSize);
  }

  @Allow('AUTHENTICATED')
  @Query(() => TaskingCase, { description: "One case of a group you belong to: FORBIDDEN for another group's case." })
  case(@Arg('id', () => ID, { description: 'The case id.' }) id: string, @Ctx() { em, viewer }: Context): Promise<TaskingCase> {
    return findCase(em, viewer, id);
  }

  @Allow('PERSON')
  @Mutation(() => TaskingCase, { description: 'Opens a case in a group you belong to (REFERRED unless you say OPEN).' })
  openCase(
    @Arg('input', { description: 'The new case.' }) input: OpenCaseInput,
    @Ctx() { em, viewer, bus }: Context,
  ): Promise<TaskingCase> {
    return openCase(em, viewer, input, bus);
  }

  @Allow('PERSON')
  @Mutation(() => TaskingCase, { description: 'Changes the details of a case; send the version you read.' })
  updateCase(
    @Arg('input', { description: 'The changes.' }) input: UpdateCaseInput,
    @Ctx() { em, viewer, bus }: Context,
  ): Promise<TaskingCase> {
    return updateCase(em, viewer, input, bus);
  }

  @Allow('PERSON')
  @Mutation(() => TaskingCase, {
    description: 'Moves a case to another status (see CaseStatus for the allowed moves); closing needs the chair.',
  })
  changeCaseStatus(
    @Arg('input', { description: 'The move.' }) input: ChangeCaseStatusInput,
    @Ctx() { em, viewer, bus }: Context,
  ): Promise<TaskingCase> {
    return changeCaseStatus(em, viewer, input, bus);
  }

  @Allow('PERSON')
  @Mutation(() => TaskingCase, { description: 'Adds a free-text note to a case.' })
  addCaseNote(
    @Arg('input', { description: 'The note.' }) input: AddCaseNoteInput,
    @Ctx() { em, viewer, bus }: Context,
  ): Promise<TaskingCase> {
    return addCaseNote(em, viewer, input, bus);
  }

  @FieldResolver(() => TaskingGroup, { description: 'The group that owns the case.' })
  group(@Root() c: TaskingCase, @Ctx() { loaders }: CasesContext): Promise<TaskingGroup> {
    return loadRequired(loaders.tasking.taskingGroup, c.group.id);
  }

  @FieldResolver(() => Ward, { description: 'The ward the case is in.' })
  ward(@Root() c: TaskingCase, @Ctx() { loaders }: CasesContext): Promise<WardRow> {
    return loadRequired(loaders.places.ward, c.ward.code);
  }

  @FieldResolver(() => Lsoa, { nullable: true, description: 'The LSOA the case is in, if recorded.' })
  async lsoa(@Root() c: TaskingCase, @Ctx() { loaders }: CasesContext): Promise<Lsoa | null> {
    return c.lsoa ? loadRequired(loaders.places.lsoa, c.lsoa.code) : null;
  }

  @FieldResolver(() => Partner, { description: 'The agency that leads on the case.' })
  leadAgency(@Root() c: TaskingCase, @Ctx() { loaders }: CasesContext): Promise<Partner> {
    return loadRequired(loaders.partners.partner, c.leadAgency.id);
  }

  @FieldResolver(() => [TaskingCase], {
    description: 'Earlier cases at the same place (same location, or same LSOA and category) that you can see, newest first.',
  })
  async earlierCases(@Root() c: TaskingCase, @Ctx() { loaders }: CasesContext): Promise<TaskingCase[]> {
    return (await loaders.cases.earlierCases.load(c.id)) ?? [];
  }

  @FieldResolver(() => CasePersonalData, {
    nullable: true,
    description:
      'People, addresses and notes: personal data. Each read is written to the audit trail with your stated purpose; ' +
      'null once erased after the retention period.',
  })
  async personal(
    @Root() c: TaskingCase,
    @Arg('purpose', {
      description: 'Why you need the personal data, e.g. "Preparing for the JTG meeting on 3 March" (recorded in the audit trail).',
    })
    purpose: string,
    @Ctx() { loaders }: CasesContext,
  ): Promise<CasePersonalData | null> {
    if (c.personalErasedAt) return null;
    return (await loaders.cases.casePersonal.load({ key: c.id, args: purpose })) ?? null;
  }
}

/** The field cases adds to TaskingGroupEvent. */
@Resolver(() => TaskingGroupEvent)
export class TaskingEventCaseResolver {
  @FieldResolver(() => TaskingCase, { nullable: true, description: 'The case, if the event is about one (as it is now).' })
  async case(@Root() e: TaskingGroupEvent, @Ctx() { loaders }: CasesContext): Promise<TaskingCase | null> {
    return e.payload.caseId ? ((await loaders.cases.taskingCase.load(e.payload.caseId)) ?? null) : null;
  }
}
