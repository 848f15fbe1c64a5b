/**
 * The development entry point (`npm start`): the hub, seeding an empty database with the
 * development data (SEED_ON_EMPTY, on by default in development). Production runs src/main.ts,
 * which carries no seed data.
 */
import 'reflect-metadata';
import { runHub } from '../src/server/process';
import { seedDatabase } from './seeder';

runHub({ seed: seedDatabase });
