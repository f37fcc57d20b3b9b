import { afterAll } from 'vitest';
import { removeTempDirs } from './tempDirs.js';

// A setup file (vitest.config.ts): vitest runs it for each test file, so each file's folders go when it ends.
afterAll(removeTempDirs);
