import { defineSourceContract } from './sourceContract.js';
import { folderFixture } from './fixtures.js';

defineSourceContract('folder', async () => folderFixture());
