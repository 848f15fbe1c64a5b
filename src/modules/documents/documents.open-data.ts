import {
  getNamedType,
  isLeafType,
  OperationTypeNode,
  TypeInfo,
  visit,
  visitWithTypeInfo,
  type DocumentNode,
  type GraphQLSchema,
} from 'graphql';

/**
 * Object types that hold only open data: published figures the same for every caller, changed only
 * by imports. A GET of a trusted document that reads nothing else is answered with an ETag keyed by
 * the data's version, and a repeat with that ETag gets 304.
 */
export const OPEN_DATA_TYPES: ReadonlySet<string> = new Set([
  'AgeBandCount',
  'Borough',
  'BoundarySet',
  'BudgetSummary',
  'CategoryCount',
  'Councillor',
  'CrimeSummary',
  'DataSource',
  'DataSourceConnection',
  'DataSourceEdge',
  'DeprivationSummary',
  'DomainScore',
  'FundAmount',
  'HousingFigures',
  'HousingSummary',
  'ImportReplacement',
  'Indicator',
  'IndicatorFigure',
  'IndicatorResult',
  'Locality',
  'Lsoa',
  'LsoaDeprivation',
  'MonthCount',
  'OrganisationAmount',
  'OutcomeCount',
  'PageInfo',
  'PopulationSummary',
  'PriorityAmount',
  'SkipCount',
  'TargetingRow',
  'Ward',
  'WardConnection',
  'WardEdge',
  'WardPlan',
  'WardPriority',
  'WardPriorityConnection',
  'WardPriorityEdge',
  'WardProfile',
]);

/**
 * Object types that are not open data: personal and case data, accounts, and figures that change by
 * the hub's own mutations (cases, actions, meetings, neighbourhood issues). Never cached. Every object
 * type is in one list or the other (a test checks), so a type added later is cached only once someone
 * has decided that it may be.
 */
export const CALLER_DATA_TYPES: ReadonlySet<string> = new Set([
  'Action',
  'AgencyOverdueActions',
  'ApiKey',
  'AuditEntry',
  'AuditEntryConnection',
  'AuditEntryEdge',
  'Case',
  'CaseAddress',
  'CaseAgeCount',
  'CaseCategoryCount',
  'CaseConnection',
  'CaseEdge',
  'CaseNote',
  'CasePerson',
  'CasePersonalData',
  'CaseStatusCount',
  'CaseSummary',
  'DataRefreshed',
  'GroupMember',
  'IssueResponseFigures',
  'IssueResponsePerformance',
  'IssuedApiKey',
  'LocalityIssueResponse',
  'Meeting',
  'MeetingAttendance',
  'MeetingConnection',
  'MeetingDecision',
  'MeetingEdge',
  'NeighbourhoodIssue',
  'NeighbourhoodIssueConnection',
  'NeighbourhoodIssueEdge',
  'Partner',
  'PartnerConnection',
  'PartnerEdge',
  'TaskingGroup',
  'TaskingGroupEvent',
  'User',
  'WardCaseCount',
  'WardRepeatCases',
]);

/** Root query fields of a scalar type that are open data (where the data channel stands). */
const OPEN_ROOT_LEAVES: ReadonlySet<string> = new Set(['dataRefreshedCursor']);

/**
 * Whether a document reads open data only: a query whose every field sits on an open type and
 * returns a leaf or an open type. Introspection, mutations and subscriptions are never open data.
 */
export function readsOnlyOpenData(schema: GraphQLSchema, document: DocumentNode): boolean {
  const typeInfo = new TypeInfo(schema);
  const queryType = schema.getQueryType();
  let open = true;
  visit(
    document,
    visitWithTypeInfo(typeInfo, {
      OperationDefinition(node) {
        if (node.operation !== OperationTypeNode.QUERY) open = false;
      },
      Field(node) {
        const name = node.name.value;
        if (name === '__typename') return;
        const parent = typeInfo.getParentType();
        const field = typeInfo.getFieldDef();
        if (!parent || !field || name.startsWith('__')) {
          open = false;
          return;
        }
        const type = getNamedType(field.type);
        if (parent === queryType) {
          if (isLeafType(type) ? !OPEN_ROOT_LEAVES.has(name) : !OPEN_DATA_TYPES.has(type.name)) open = false;
          return;
        }
        if (!OPEN_DATA_TYPES.has(parent.name) || (!isLeafType(type) && !OPEN_DATA_TYPES.has(type.name))) open = false;
      },
    }),
  );
  return open;
}
