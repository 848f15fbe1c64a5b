import { registerEnumType } from 'type-graphql';

export enum PartnerKind {
  COUNCIL_SERVICE = 'COUNCIL_SERVICE',
  POLICE = 'POLICE',
  HOUSING = 'HOUSING',
  HEALTH = 'HEALTH',
  PARISH_COUNCIL = 'PARISH_COUNCIL',
  VOLUNTARY = 'VOLUNTARY',
}

registerEnumType(PartnerKind, {
  name: 'PartnerKind',
  description: 'What kind of organisation a partner is.',
  valuesConfig: {
    COUNCIL_SERVICE: { description: 'A council service, e.g. Neighbourhoods, Early Help, Street Scene.' },
    POLICE: { description: 'The police force, e.g. South Yorkshire Police.' },
    HOUSING: { description: 'A housing provider, including council Housing.' },
    HEALTH: { description: 'An NHS or other health body.' },
    PARISH_COUNCIL: { description: 'A parish or town council.' },
    VOLUNTARY: { description: 'A voluntary or community sector organisation.' },
  },
});
