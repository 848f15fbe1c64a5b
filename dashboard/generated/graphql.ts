/* eslint-disable */
/** Internal type. DO NOT USE DIRECTLY. */
type Exact<T extends { [key: string]: unknown }> = { [K in keyof T]: T[K] };
/** Internal type. DO NOT USE DIRECTLY. */
export type Incremental<T> = T | { [P in keyof T]?: P extends ' $fragmentName' | '__typename' ? T[P] : never };
import type { TypedDocumentNode as DocumentNode } from '@graphql-typed-document-node/core';
/** Where a case is. Allowed moves: REFERRED to OPEN or CLOSED; OPEN to UNDER_REVIEW, ESCALATED or CLOSED; UNDER_REVIEW to OPEN, ESCALATED or CLOSED; ESCALATED to UNDER_REVIEW or CLOSED; CLOSED to OPEN (reopened). */
export type CaseStatus =
  /** Closed. Personal data is erased when the retention period after closure ends. */
  | 'CLOSED'
  /** Escalated, e.g. to the Joint Tasking Group or a higher-risk panel. */
  | 'ESCALATED'
  /** Accepted and being worked. */
  | 'OPEN'
  /** Referred to the group, not yet accepted. */
  | 'REFERRED'
  /** Under review by the group. */
  | 'UNDER_REVIEW';

/** The 14 crime types police.uk publishes (anti-social behaviour is one of them). */
export type CrimeCategory =
  /** police.uk "Anti-social behaviour". */
  | 'ANTI_SOCIAL_BEHAVIOUR'
  /** police.uk "Bicycle theft". */
  | 'BICYCLE_THEFT'
  /** police.uk "Burglary". */
  | 'BURGLARY'
  /** police.uk "Criminal damage and arson". */
  | 'CRIMINAL_DAMAGE_AND_ARSON'
  /** police.uk "Drugs". */
  | 'DRUGS'
  /** police.uk "Other crime". */
  | 'OTHER_CRIME'
  /** police.uk "Other theft". */
  | 'OTHER_THEFT'
  /** police.uk "Possession of weapons". */
  | 'POSSESSION_OF_WEAPONS'
  /** police.uk "Public order". */
  | 'PUBLIC_ORDER'
  /** police.uk "Robbery". */
  | 'ROBBERY'
  /** police.uk "Shoplifting". */
  | 'SHOPLIFTING'
  /** police.uk "Theft from the person". */
  | 'THEFT_FROM_THE_PERSON'
  /** police.uk "Vehicle crime". */
  | 'VEHICLE_CRIME'
  /** police.uk "Violence and sexual offences". */
  | 'VIOLENCE_AND_SEXUAL_OFFENCES';

/** A member's role in a tasking group. */
export type GroupRole =
  /** Chairs the group: may also close cases, schedule meetings and record decisions. */
  | 'CHAIR'
  /** Works the group's cases: may open and update cases and actions. */
  | 'MEMBER';

/** Which direction is good for an indicator, as OHID sets it. */
export type IndicatorPolarity =
  /** A higher value is better (e.g. school readiness). */
  | 'HIGH_IS_GOOD'
  /** A lower value is better (e.g. smoking prevalence). */
  | 'LOW_IS_GOOD'
  /** Neither direction is better; comparisons say Higher or Lower. */
  | 'NONE';

/** How a value compares with another area's, as Fingertips shows it: its 95% confidence interval lies wholly above or below the other value, or overlaps it. */
export type Significance =
  /** Significantly better (the indicator has a good direction). */
  | 'BETTER'
  /** Significantly higher (no good direction). */
  | 'HIGHER'
  /** Significantly lower (no good direction). */
  | 'LOWER'
  /** Not compared: a value or its confidence interval is missing. */
  | 'NOT_COMPARED'
  /** Not significantly different. */
  | 'SIMILAR'
  /** Significantly worse (the indicator has a good direction). */
  | 'WORSE';

/** What happened in a tasking group. */
export type TaskingEventType =
  /** An action was assigned to an agency. */
  | 'ACTION_ASSIGNED'
  /** An action was done. */
  | 'ACTION_COMPLETED'
  /** An action passed its due date without being done. */
  | 'ACTION_OVERDUE'
  /** An action changed (status, due date or assignee). */
  | 'ACTION_UPDATED'
  /** A case was closed. */
  | 'CASE_CLOSED'
  /** A case was escalated. */
  | 'CASE_ESCALATED'
  /** A case was referred to or opened in the group. */
  | 'CASE_OPENED'
  /** A case changed: details, risk, a note, or a status move not listed below. */
  | 'CASE_UPDATED'
  /** A decision was recorded at a meeting. */
  | 'DECISION_RECORDED'
  /** Residents raised an issue at a neighbourhood meeting. */
  | 'ISSUE_RAISED'
  /** An issue raised at a neighbourhood meeting was responded to. */
  | 'ISSUE_RESPONDED'
  /** A meeting was scheduled. */
  | 'MEETING_SCHEDULED';

/** Whether an account is a person or a service account. */
export type UserKind =
  /** A person, who signs in with a token from the identity provider. */
  | 'PERSON'
  /** A service account, e.g. a partner dashboard, which uses an API key. */
  | 'SERVICE';

export type LocalitySummaryQueryVariables = Exact<{ [key: string]: never; }>;


export type LocalitySummaryQuery = { borough: { name: string, crime: { from: string, to: string, total: number, ratePer1000: number | null, changeFromPreviousYear: number | null } }, localities: Array<{ name: string, description: string, wards: Array<{ code: string }>, crime: { from: string, to: string, total: number, ratePer1000: number | null, changeFromPreviousYear: number | null } }> };

export type CrimeTrendQueryVariables = Exact<{
  from?: string | null | undefined;
  to?: string | null | undefined;
}>;


export type CrimeTrendQuery = { borough: { crime: { from: string, to: string, total: number, byMonth: Array<{ month: string, count: number }>, byCategory: Array<{ category: CrimeCategory, count: number, previousYearCount: number }> } } };

export type TargetingQueryVariables = Exact<{
  financialYear?: string | null | undefined;
}>;


export type TargetingQuery = { targeting: Array<{ deprivationRank: number | null, imdScore: number | null, population: number | null, wardSpend: number | null, spendPerResident: number | null, spendNote: string | null, ward: { code: string, name: string, locality: { name: string } } }> };

export type DataCursorQueryVariables = Exact<{ [key: string]: never; }>;


export type DataCursorQuery = { dataRefreshedCursor: string };

export type DataRefreshedLiveSubscriptionVariables = Exact<{
  since?: string | null | undefined;
}>;


export type DataRefreshedLiveSubscription = { dataRefreshed: { cursor: string, kinds: Array<string>, sources: Array<{ title: string, period: string, loadedAt: string }>, wards: Array<{ code: string, name: string }> } };

export type GroupUpdatesSubscriptionVariables = Exact<{
  locality: string;
  since?: string | null | undefined;
}>;


export type GroupUpdatesSubscription = { taskingGroupUpdates: { cursor: string, type: TaskingEventType, occurredAt: string, group: { name: string }, case: { reference: string, title: string, status: CaseStatus } | null } };

export type MeQueryVariables = Exact<{ [key: string]: never; }>;


export type MeQuery = { me: { name: string, kind: UserKind, memberships: Array<{ role: GroupRole, group: { name: string, locality: { name: string } } }> } };

export type WardCardsQueryVariables = Exact<{ [key: string]: never; }>;


export type WardCardsQuery = { localities: Array<{ name: string, wards: Array<{ code: string, name: string, councillors: Array<{ name: string }>, profile: { population: { total: number } | null, deprivation: { imdScore: number, rankInBorough: number, wardsRanked: number, shareInMostDeprivedDecile: number } | null }, crime: { from: string, to: string, total: number, ratePer1000: number | null, changeFromPreviousYear: number | null } }> }> };

export type IndicatorComparisonsQueryVariables = Exact<{
  ids?: Array<number> | number | null | undefined;
}>;


export type IndicatorComparisonsQuery = { localities: Array<{ name: string, wards: Array<{ code: string, name: string, indicators: Array<{ sex: string, comparedToBorough: Significance, comparedToEngland: Significance, rankInBorough: number | null, wardsRanked: number, indicator: { id: number, name: string, unit: string, polarity: IndicatorPolarity }, latest: { period: string, value: number | null } | null, borough: { value: number | null } | null }> }> }> };


export const LocalitySummaryDocument = {"__meta__":{"hash":"sha256:5b96ffcd42db17bac0e2b087a552547d30e86ef899cab5f9a5208c9689827265"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"LocalitySummary"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"borough"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"crime"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"from"}},{"kind":"Field","name":{"kind":"Name","value":"to"}},{"kind":"Field","name":{"kind":"Name","value":"total"}},{"kind":"Field","name":{"kind":"Name","value":"ratePer1000"}},{"kind":"Field","name":{"kind":"Name","value":"changeFromPreviousYear"}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"localities"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"description"}},{"kind":"Field","name":{"kind":"Name","value":"wards"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"code"}}]}},{"kind":"Field","name":{"kind":"Name","value":"crime"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"from"}},{"kind":"Field","name":{"kind":"Name","value":"to"}},{"kind":"Field","name":{"kind":"Name","value":"total"}},{"kind":"Field","name":{"kind":"Name","value":"ratePer1000"}},{"kind":"Field","name":{"kind":"Name","value":"changeFromPreviousYear"}}]}}]}}]}}]} as unknown as DocumentNode<LocalitySummaryQuery, LocalitySummaryQueryVariables>;
export const CrimeTrendDocument = {"__meta__":{"hash":"sha256:8f8a200fa9eef0390b2cdf8fdcd0740b701a927e42a71ff43089b3cb6e69a7a5"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"CrimeTrend"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"from"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"to"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"borough"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"crime"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"from"},"value":{"kind":"Variable","name":{"kind":"Name","value":"from"}}},{"kind":"Argument","name":{"kind":"Name","value":"to"},"value":{"kind":"Variable","name":{"kind":"Name","value":"to"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"from"}},{"kind":"Field","name":{"kind":"Name","value":"to"}},{"kind":"Field","name":{"kind":"Name","value":"total"}},{"kind":"Field","name":{"kind":"Name","value":"byMonth"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"month"}},{"kind":"Field","name":{"kind":"Name","value":"count"}}]}},{"kind":"Field","name":{"kind":"Name","value":"byCategory"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"category"}},{"kind":"Field","name":{"kind":"Name","value":"count"}},{"kind":"Field","name":{"kind":"Name","value":"previousYearCount"}}]}}]}}]}}]}}]} as unknown as DocumentNode<CrimeTrendQuery, CrimeTrendQueryVariables>;
export const TargetingDocument = {"__meta__":{"hash":"sha256:4e8e3198e7aeaa4cc18aeeaef88530404f5faa9bb0b17df4116f84ed856a5b6b"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"Targeting"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"financialYear"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"targeting"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"financialYear"},"value":{"kind":"Variable","name":{"kind":"Name","value":"financialYear"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"ward"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"locality"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"deprivationRank"}},{"kind":"Field","name":{"kind":"Name","value":"imdScore"}},{"kind":"Field","name":{"kind":"Name","value":"population"}},{"kind":"Field","name":{"kind":"Name","value":"wardSpend"}},{"kind":"Field","name":{"kind":"Name","value":"spendPerResident"}},{"kind":"Field","name":{"kind":"Name","value":"spendNote"}}]}}]}}]} as unknown as DocumentNode<TargetingQuery, TargetingQueryVariables>;
export const DataCursorDocument = {"__meta__":{"hash":"sha256:8e7da05a4eb2e9069ba000f87f6a1a6e39e958433e4401127d2c4717a34f9df0"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"DataCursor"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"dataRefreshedCursor"}}]}}]} as unknown as DocumentNode<DataCursorQuery, DataCursorQueryVariables>;
export const DataRefreshedLiveDocument = {"__meta__":{"hash":"sha256:11c06ecbafccd8de81a35cba6f0e29db05d5ca0458c56bd4df4ffae2c3fd1680"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"subscription","name":{"kind":"Name","value":"DataRefreshedLive"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"since"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"dataRefreshed"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"since"},"value":{"kind":"Variable","name":{"kind":"Name","value":"since"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"cursor"}},{"kind":"Field","name":{"kind":"Name","value":"kinds"}},{"kind":"Field","name":{"kind":"Name","value":"sources"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"title"}},{"kind":"Field","name":{"kind":"Name","value":"period"}},{"kind":"Field","name":{"kind":"Name","value":"loadedAt"}}]}},{"kind":"Field","name":{"kind":"Name","value":"wards"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"name"}}]}}]}}]}}]} as unknown as DocumentNode<DataRefreshedLiveSubscription, DataRefreshedLiveSubscriptionVariables>;
export const GroupUpdatesDocument = {"__meta__":{"hash":"sha256:af79bc3bbd7ba799189607522b8be705e324c913e7b2bcfa3a4970bd883d4153"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"subscription","name":{"kind":"Name","value":"GroupUpdates"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"locality"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"since"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"taskingGroupUpdates"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"locality"},"value":{"kind":"Variable","name":{"kind":"Name","value":"locality"}}},{"kind":"Argument","name":{"kind":"Name","value":"since"},"value":{"kind":"Variable","name":{"kind":"Name","value":"since"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"cursor"}},{"kind":"Field","name":{"kind":"Name","value":"type"}},{"kind":"Field","name":{"kind":"Name","value":"occurredAt"}},{"kind":"Field","name":{"kind":"Name","value":"group"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"}}]}},{"kind":"Field","name":{"kind":"Name","value":"case"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"reference"}},{"kind":"Field","name":{"kind":"Name","value":"title"}},{"kind":"Field","name":{"kind":"Name","value":"status"}}]}}]}}]}}]} as unknown as DocumentNode<GroupUpdatesSubscription, GroupUpdatesSubscriptionVariables>;
export const MeDocument = {"__meta__":{"hash":"sha256:103d9a2a1973dfbf7b2bd9685cbd39b63c8483f54802a3f366cede5665a53dd0"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"Me"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"me"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"kind"}},{"kind":"Field","name":{"kind":"Name","value":"memberships"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"role"}},{"kind":"Field","name":{"kind":"Name","value":"group"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"locality"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"}}]}}]}}]}}]}}]}}]} as unknown as DocumentNode<MeQuery, MeQueryVariables>;
export const WardCardsDocument = {"__meta__":{"hash":"sha256:7a2273ad3b0aedfa05f9c49c7de1905c36cdefa7f9d71f733fa3809ee070f865"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"WardCards"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"localities"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"wards"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"councillors"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"}}]}},{"kind":"Field","name":{"kind":"Name","value":"profile"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"population"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"total"}}]}},{"kind":"Field","name":{"kind":"Name","value":"deprivation"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"imdScore"}},{"kind":"Field","name":{"kind":"Name","value":"rankInBorough"}},{"kind":"Field","name":{"kind":"Name","value":"wardsRanked"}},{"kind":"Field","name":{"kind":"Name","value":"shareInMostDeprivedDecile"}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"crime"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"from"}},{"kind":"Field","name":{"kind":"Name","value":"to"}},{"kind":"Field","name":{"kind":"Name","value":"total"}},{"kind":"Field","name":{"kind":"Name","value":"ratePer1000"}},{"kind":"Field","name":{"kind":"Name","value":"changeFromPreviousYear"}}]}}]}}]}}]}}]} as unknown as DocumentNode<WardCardsQuery, WardCardsQueryVariables>;
export const IndicatorComparisonsDocument = {"__meta__":{"hash":"sha256:5df676d47e4a1dc7ad1dd6990c19511d61c77cf5a3f002634f2dfd5900449364"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"IndicatorComparisons"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"ids"}},"type":{"kind":"ListType","type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"localities"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"wards"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"indicators"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"ids"},"value":{"kind":"Variable","name":{"kind":"Name","value":"ids"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"indicator"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"unit"}},{"kind":"Field","name":{"kind":"Name","value":"polarity"}}]}},{"kind":"Field","name":{"kind":"Name","value":"sex"}},{"kind":"Field","name":{"kind":"Name","value":"latest"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"period"}},{"kind":"Field","name":{"kind":"Name","value":"value"}}]}},{"kind":"Field","name":{"kind":"Name","value":"borough"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"value"}}]}},{"kind":"Field","name":{"kind":"Name","value":"comparedToBorough"}},{"kind":"Field","name":{"kind":"Name","value":"comparedToEngland"}},{"kind":"Field","name":{"kind":"Name","value":"rankInBorough"}},{"kind":"Field","name":{"kind":"Name","value":"wardsRanked"}}]}}]}}]}}]}}]} as unknown as DocumentNode<IndicatorComparisonsQuery, IndicatorComparisonsQueryVariables>;