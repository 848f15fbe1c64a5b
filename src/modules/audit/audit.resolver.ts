import { DateTimeISOResolver } from 'graphql-scalars';
import { Args, ArgsType, Ctx, Field, ID, Query, Resolver } from 'type-graphql';
import { Allow } from '../../auth';
import type { Context } from '../../context';
import { pageCost } from '../../limits';
import { Connection, PageArgs, type Page } from '../../pagination';
import { SystemRole } from '../access/access.enums';
import { AuditEntry } from './audit-entry.entity';
import { exportAuditEntries, listAuditEntries } from './audit.service';

@ArgsType()
class AuditFilterArgs extends PageArgs {
  @Field(() => DateTimeISOResolver, { nullable: true, description: 'Entries at or after this time.' })
  from?: Date | null;

  @Field(() => DateTimeISOResolver, { nullable: true, description: 'Entries before this time.' })
  to?: Date | null;

  @Field(() => ID, { nullable: true, description: 'Only entries of this account.' })
  userId?: string | null;

  @Field(() => ID, { nullable: true, description: 'Only entries that include this case.' })
  caseId?: string | null;
}

export const AuditEntryConnection = Connection(AuditEntry, 'AuditEntry', 'audit entries');

@Resolver(() => AuditEntry)
export class AuditResolver {
  @Allow(SystemRole.ADMIN)
  @Query(() => AuditEntryConnection, {
    description: 'The audit trail of personal case data, newest first (admins). Entries cannot be changed or removed.',
    complexity: pageCost,
  })
  auditEntries(@Args() args: AuditFilterArgs, @Ctx() { em, limits }: Context): Promise<Page<AuditEntry>> {
    return listAuditEntries(em, args, args, limits.maxPageSize);
  }

  @Allow(SystemRole.ADMIN)
  @Query(() => String, { description: 'The audit trail as CSV, oldest first, for the filters given (admins).' })
  auditExport(@Args() args: AuditFilterArgs, @Ctx() { em }: Context): Promise<string> {
    return exportAuditEntries(em, args);
  }
}
