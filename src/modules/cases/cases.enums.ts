import { registerEnumType } from 'type-graphql';

export enum CaseCategory {
  ANTI_SOCIAL_BEHAVIOUR = 'ANTI_SOCIAL_BEHAVIOUR',
  DRUG_DEALING = 'DRUG_DEALING',
  FLY_TIPPING = 'FLY_TIPPING',
  NUISANCE_NEIGHBOUR = 'NUISANCE_NEIGHBOUR',
  ENVIRONMENTAL = 'ENVIRONMENTAL',
  VULNERABLE_PERSON = 'VULNERABLE_PERSON',
  OTHER = 'OTHER',
}

export enum CaseStatus {
  REFERRED = 'REFERRED',
  OPEN = 'OPEN',
  UNDER_REVIEW = 'UNDER_REVIEW',
  ESCALATED = 'ESCALATED',
  CLOSED = 'CLOSED',
}

export enum RiskLevel {
  LOW = 'LOW',
  MEDIUM = 'MEDIUM',
  HIGH = 'HIGH',
}

export enum CasePersonRole {
  VICTIM = 'VICTIM',
  ALLEGED_PERPETRATOR = 'ALLEGED_PERPETRATOR',
  WITNESS = 'WITNESS',
  RESIDENT = 'RESIDENT',
  OTHER = 'OTHER',
}

registerEnumType(CaseCategory, {
  name: 'CaseCategory',
  description: 'What a community-safety case is about.',
  valuesConfig: {
    ANTI_SOCIAL_BEHAVIOUR: { description: 'Anti-social behaviour.' },
    DRUG_DEALING: { description: 'Drug dealing or drug-related activity at a place.' },
    FLY_TIPPING: { description: 'Fly-tipping.' },
    NUISANCE_NEIGHBOUR: { description: 'A nuisance neighbour.' },
    ENVIRONMENTAL: { description: 'Other environmental problems: litter, graffiti, noise, untidy land.' },
    VULNERABLE_PERSON: { description: 'A vulnerable person who needs a joined-up response.' },
    OTHER: { description: 'Anything else.' },
  },
});

registerEnumType(CaseStatus, {
  name: 'CaseStatus',
  description:
    'Where a case is. Allowed moves: REFERRED to OPEN or CLOSED; OPEN to UNDER_REVIEW, ESCALATED or CLOSED; ' +
    'UNDER_REVIEW to OPEN, ESCALATED or CLOSED; ESCALATED to UNDER_REVIEW or CLOSED; CLOSED to OPEN (reopened).',
  valuesConfig: {
    REFERRED: { description: 'Referred to the group, not yet accepted.' },
    OPEN: { description: 'Accepted and being worked.' },
    UNDER_REVIEW: { description: 'Under review by the group.' },
    ESCALATED: { description: 'Escalated, e.g. to the Joint Tasking Group or a higher-risk panel.' },
    CLOSED: { description: 'Closed. Personal data is erased when the retention period after closure ends.' },
  },
});

registerEnumType(RiskLevel, {
  name: 'RiskLevel',
  description: 'The risk the group has assessed for the case.',
  valuesConfig: {
    LOW: { description: 'Low risk.' },
    MEDIUM: { description: 'Medium risk.' },
    HIGH: { description: 'High risk.' },
  },
});

registerEnumType(CasePersonRole, {
  name: 'CasePersonRole',
  description: 'How a person is linked to a case.',
  valuesConfig: {
    VICTIM: { description: 'Victim or person harmed.' },
    ALLEGED_PERPETRATOR: { description: 'Person the behaviour is alleged against.' },
    WITNESS: { description: 'Witness.' },
    RESIDENT: { description: 'Resident affected.' },
    OTHER: { description: 'Other link.' },
  },
});

/** The allowed status moves; anything else is refused before writing. */
export const CASE_TRANSITIONS: Readonly<Record<CaseStatus, readonly CaseStatus[]>> = {
  REFERRED: [CaseStatus.OPEN, CaseStatus.CLOSED],
  OPEN: [CaseStatus.UNDER_REVIEW, CaseStatus.ESCALATED, CaseStatus.CLOSED],
  UNDER_REVIEW: [CaseStatus.OPEN, CaseStatus.ESCALATED, CaseStatus.CLOSED],
  ESCALATED: [CaseStatus.UNDER_REVIEW, CaseStatus.CLOSED],
  CLOSED: [CaseStatus.OPEN],
};
