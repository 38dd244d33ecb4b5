import { createMemoryStorage } from '../src/memory/index.js';
import { testStorage } from '../src/testkit/index.js';

testStorage('memory', async () => createMemoryStorage());
