/**
 * The production entry point (`npm run start:production`): the hub with no seed data in it. In
 * development `npm start` runs seeds/start.ts instead, which is this plus the seed loader.
 */
import 'reflect-metadata';
import { runHub } from './server/process';

runHub();
