import { registerEnumType } from 'type-graphql';

/** The seven themes most ward plans use (Rotherham, 2023). */
export enum PriorityTheme {
  COMMUNITY_SAFETY = 'COMMUNITY_SAFETY',
  ENVIRONMENT_AND_GREEN_SPACES = 'ENVIRONMENT_AND_GREEN_SPACES',
  CLEAN_STREETS = 'CLEAN_STREETS',
  HEALTH_AND_WELLBEING = 'HEALTH_AND_WELLBEING',
  COST_OF_LIVING = 'COST_OF_LIVING',
  TRANSPORT_AND_ROAD_SAFETY = 'TRANSPORT_AND_ROAD_SAFETY',
  COMMUNITY_EMPOWERMENT = 'COMMUNITY_EMPOWERMENT',
}

registerEnumType(PriorityTheme, {
  name: 'PriorityTheme',
  description: 'The seven common themes of ward priorities.',
  valuesConfig: {
    COMMUNITY_SAFETY: { description: 'Community safety and anti-social behaviour.' },
    ENVIRONMENT_AND_GREEN_SPACES: { description: 'Environment, parks and green spaces.' },
    CLEAN_STREETS: { description: 'Cleanliness of the public realm and streets.' },
    HEALTH_AND_WELLBEING: { description: 'Physical and mental health and wellbeing.' },
    COST_OF_LIVING: { description: 'Poverty and the cost of living.' },
    TRANSPORT_AND_ROAD_SAFETY: { description: 'Transport, roads and road safety.' },
    COMMUNITY_EMPOWERMENT: { description: 'Community empowerment and infrastructure.' },
  },
});

/** The four aims of the Health and Wellbeing Strategy that ward priorities are linked to. */
export enum HealthAndWellbeingAim {
  BEST_START_IN_LIFE = 'BEST_START_IN_LIFE',
  MENTAL_HEALTH_AND_WELLBEING = 'MENTAL_HEALTH_AND_WELLBEING',
  LIVE_WELL_FOR_LONGER = 'LIVE_WELL_FOR_LONGER',
  HEALTHY_SAFE_RESILIENT_COMMUNITIES = 'HEALTHY_SAFE_RESILIENT_COMMUNITIES',
}

registerEnumType(HealthAndWellbeingAim, {
  name: 'HealthAndWellbeingAim',
  description: "The Health and Wellbeing Strategy's four aims.",
  valuesConfig: {
    BEST_START_IN_LIFE: { description: 'Aim 1: all children get the best start in life.' },
    MENTAL_HEALTH_AND_WELLBEING: { description: 'Aim 2: everyone has the best possible mental health and wellbeing.' },
    LIVE_WELL_FOR_LONGER: { description: 'Aim 3: everyone lives well for longer.' },
    HEALTHY_SAFE_RESILIENT_COMMUNITIES: {
      description: 'Aim 4: healthy, safe and resilient communities (the wider determinants of health).',
    },
  },
});
