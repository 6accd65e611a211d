import { writeFileSync } from 'node:fs';
import { buildGerbangSchema, printGerbangSchema } from './schema.js';

/** Writes schema/schema.graphql from the code (`npm run schema:emit`). */
const target = new URL('../../schema/schema.graphql', import.meta.url);
writeFileSync(target, printGerbangSchema(await buildGerbangSchema()));
console.log(`wrote ${target.pathname}`);
